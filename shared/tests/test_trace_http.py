"""HTTP requests carry a trace id: the caller's X-Trace-Id when valid, else a new one."""

from __future__ import annotations

import io

import httpx
import orjson
from fastapi import APIRouter

from peerline_shared.logging import configure_logging, get_logger
from peerline_shared.runtime import (
    TRACE_HTTP_HEADER,
    create_service_app,
    current_trace_id,
    new_runtime,
    trace_from_header,
)
from peerline_shared.settings import BaseServiceSettings


def _app() -> tuple[object, io.StringIO]:
    stream = io.StringIO()
    configure_logging("gateway", stream=stream)
    router = APIRouter()

    @router.get("/where")
    async def where() -> dict[str, str | None]:
        get_logger().info("test.handled")
        return {"trace_id": current_trace_id()}

    runtime = new_runtime(BaseServiceSettings(), "gateway")
    return create_service_app(runtime, title="t", routers=[router]), stream


async def _get(app: object, headers: dict[str, str] | None = None) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get("/where", headers=headers or {})


async def test_a_callers_trace_id_is_bound_logged_and_echoed() -> None:
    app, stream = _app()
    response = await _get(app, {TRACE_HTTP_HEADER: "abc123-trace"})
    assert response.headers[TRACE_HTTP_HEADER] == "abc123-trace"
    assert response.json() == {"trace_id": "abc123-trace"}
    lines = [orjson.loads(line) for line in stream.getvalue().splitlines()]
    assert any(line["event"] == "test.handled" and line["trace_id"] == "abc123-trace" for line in lines)


async def test_without_a_header_each_request_gets_its_own_trace() -> None:
    app, _ = _app()
    first, second = await _get(app), await _get(app)
    assert first.headers[TRACE_HTTP_HEADER] == first.json()["trace_id"]
    assert len(first.headers[TRACE_HTTP_HEADER]) == 32
    assert first.headers[TRACE_HTTP_HEADER] != second.headers[TRACE_HTTP_HEADER]


async def test_a_malformed_trace_header_is_replaced_not_trusted() -> None:
    app, _ = _app()
    response = await _get(app, {TRACE_HTTP_HEADER: "x" * 65})
    assert response.headers[TRACE_HTTP_HEADER] != "x" * 65
    assert trace_from_header("bad trace\nid") != "bad trace\nid"
    assert trace_from_header(None)
    assert current_trace_id() is None
