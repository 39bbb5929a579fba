"""Faults injected into a running DevStack: kill -9 and restart a service, NATS or Redis."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from peerline_devtools.devstack import SERVICES, DevStack

NATS_DOWN_S = 1.0
REDIS_DOWN_S = 1.0


@dataclass(frozen=True)
class Fault:
    name: str
    inject: Callable[[DevStack], None]


def _kill_service(name: str) -> Fault:
    def inject(stack: DevStack) -> None:
        stack.services[name].kill()
        stack.start_service(name)
        stack.wait_healthy((name,))

    return Fault(f"kill -9 {name}", inject)


def _kill_nats(stack: DevStack) -> None:
    assert stack.nats is not None
    stack.nats.kill()
    time.sleep(NATS_DOWN_S)
    stack.nats.start()
    stack.wait_healthy(tuple(stack.services))


def _kill_redis(stack: DevStack) -> None:
    assert stack.redis is not None
    stack.redis.kill()
    time.sleep(REDIS_DOWN_S)
    stack.redis.start()
    stack.wait_healthy(tuple(stack.services))


def every_fault(services: tuple[str, ...] = SERVICES) -> list[Fault]:
    """Each service killed in turn, then nats-server, then redis-server."""
    return [
        *(_kill_service(name) for name in services),
        Fault("kill -9 nats-server", _kill_nats),
        Fault("kill -9 redis-server", _kill_redis),
    ]
