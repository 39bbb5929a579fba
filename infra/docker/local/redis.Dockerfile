# Stand-in for redis:7-alpine: Debian's Redis 7; the `redis` user owns /data.
ARG BASE
FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
 && mkdir -p /data /usr/local/etc/redis && chown redis:redis /data
WORKDIR /data
EXPOSE 6379
CMD ["redis-server"]
