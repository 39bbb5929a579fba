# Stand-in for python:3.11-slim: Debian's Python 3.11 with pip, `python` on PATH.
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
 && ln -s /usr/bin/python3 /usr/local/bin/python \
 && rm -f /usr/lib/python3.11/EXTERNALLY-MANAGED
CMD ["python3"]
