"""What a FastAPI dependency costs as a plain `def` (run in the thread pool) and as an
`async def` (called on the loop): CPU time of this process per request, in process (httpx's
ASGI transport, uvloop), a route with three dependencies as the gateway's routes have.

    uv run python bench/dependency_bench.py [--requests N] [--rounds N]

Prints µs of CPU per request for each kind, best of the rounds (docs/benchmarks.md, issue 22).
"""

from __future__ import annotations

import argparse
import time
from typing import Annotated

import httpx
import uvloop
from fastapi import Depends, FastAPI, Request


def plain_state(request: Request) -> int:
    return 1


def plain_reader(state: Annotated[int, Depends(plain_state)]) -> int:
    return state


def plain_writer(state: Annotated[int, Depends(plain_state)]) -> int:
    return state


async def async_state(request: Request) -> int:
    return 1


async def async_reader(state: Annotated[int, Depends(async_state)]) -> int:
    return state


async def async_writer(state: Annotated[int, Depends(async_state)]) -> int:
    return state


app = FastAPI()


@app.get("/plain")
async def plain_route(
    a: Annotated[int, Depends(plain_reader)], b: Annotated[int, Depends(plain_writer)]
) -> int:
    return a + b


@app.get("/async")
async def async_route(
    a: Annotated[int, Depends(async_reader)], b: Annotated[int, Depends(async_writer)]
) -> int:
    return a + b


async def cpu_per_request(client: httpx.AsyncClient, path: str, requests: int) -> float:
    started = time.process_time()
    for _ in range(requests):
        (await client.get(path)).raise_for_status()
    return (time.process_time() - started) / requests * 1e6


async def measure(requests: int, rounds: int) -> dict[str, float]:
    best = {"/plain": float("inf"), "/async": float("inf")}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        for _ in range(rounds):
            for path in best:  # interleaved, so the machine's load falls on both alike
                best[path] = min(best[path], await cpu_per_request(client, path, requests))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    best = uvloop.run(measure(args.requests, args.rounds))
    print(f"def dependencies: {best['/plain']:.0f} µs CPU a request; async def: {best['/async']:.0f} µs")


if __name__ == "__main__":
    main()
