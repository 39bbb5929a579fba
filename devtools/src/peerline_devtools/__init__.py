"""Peerline's development tooling: `peerline run` and the local NATS and Redis servers it and
the tests start. Development only: the production image does not install it."""
