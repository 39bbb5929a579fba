"""The edges of the HTTP listeners, issue 18's lesser findings reproduced and refused:

- an oversized unauthenticated body was read whole (100 MB parsed before the 401): now 413
  before any route runs, whether the size is declared or the body is chunked;
- a 422 echoed the input back (a 5 MB field): now it names the field and the problem only;
- /docs, /openapi.json and /metrics were public: in production the public listener serves no
  documents, and /metrics and /healthz only to the internal network;
- the web chat took any client-chosen session token (two sockets saying "a" were one client):
  now the gateway makes and signs tokens and refuses others;
- login took `Origin: null` without Sec-Fetch-Site: now refused;
- X-Forwarded-For was believed from any loopback peer: now only from configured proxies.

The gateway runs for real (its app and lifespan, a real nats-server and redis-server, a
migrated SQLite file) where the finding is about it; the shared runtime's edges are also shown
on a service app with a route that records whether it ran.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter, Form, Request
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from peerline_devtools.localservers import NatsServer, RedisServer
from peerline_gateway.cli import MIGRATIONS, VERSION_TABLE
from peerline_gateway.main import create_app
from peerline_gateway.settings import GatewaySettings
from peerline_shared import dev
from peerline_shared.migrations import upgrade_to_head
from peerline_shared.runtime import create_service_app, new_runtime
from peerline_shared.settings import BaseServiceSettings, Mode

MB = 1024 * 1024
STRONG = "a-production-secret-of-enough-length"
OUTSIDE = ("203.0.113.7", 40000)
"""A client on the internet (a documentation address)."""


# A service app whose route records that it ran


class Note(BaseModel):
    text: str = Field(max_length=100)


ran: list[str] = []
spy = APIRouter()


@spy.post("/notes")
async def take_note(note: Note) -> dict[str, str]:
    ran.append("notes")
    return {"ok": "yes"}


@spy.post("/form")
async def take_form(secret: str = Form(max_length=10)) -> dict[str, str]:
    ran.append("form")
    return {"ok": "yes"}


@spy.get("/whoami")
async def whoami(request: Request) -> dict[str, Any]:
    return {"host": request.client.host if request.client else None, "scheme": request.url.scheme}


def service_client(client: tuple[str, int] = ("127.0.0.1", 50000), **settings: Any) -> TestClient:
    ran.clear()
    runtime = new_runtime(BaseServiceSettings(**settings), "edges")
    app = create_service_app(runtime, title="edges", routers=[spy], body_limits={"/form": 1024 * 16})
    return TestClient(app, client=client)


def production(**more: Any) -> dict[str, Any]:
    return {"mode": Mode.PRODUCTION, "pseudonym_key": STRONG, **more}


# Body limit before anything reads the body


def test_a_declared_oversized_body_is_refused_before_the_route_runs() -> None:
    client = service_client()
    response = client.post(
        "/notes", content=b"{" + b" " * (2 * MB) + b"}", headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert ran == []


def test_a_chunked_oversized_body_is_cut_off_before_the_route_runs() -> None:
    client = service_client()

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(40):
            yield b"x" * 64 * 1024
        yield b'"}'

    response = client.post("/notes", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert ran == []


def test_a_route_can_have_a_smaller_limit() -> None:
    client = service_client()
    assert client.post("/form", data={"secret": "x" * (32 * 1024)}).status_code == 413
    assert client.post("/notes", json={"text": "x" * (32 * 1024)}).status_code == 422
    assert ran == []


def test_a_small_body_still_reaches_the_route() -> None:
    client = service_client()
    assert client.post("/notes", json={"text": "hello"}).status_code == 200
    assert ran == ["notes"]


# 422 without the input


def test_a_422_names_the_field_but_never_echoes_the_value() -> None:
    client = service_client()
    sent = "SECRET-" + "y" * 200_000
    response = client.post("/notes", json={"text": sent})
    assert response.status_code == 422
    assert "SECRET-" not in response.text
    assert len(response.content) < 1000
    problems = response.json()["detail"]
    assert [problem["loc"] for problem in problems] == [["body", "text"]]
    assert all(set(problem) == {"loc", "msg", "type"} for problem in problems)


def test_a_422_of_a_form_does_not_echo_the_password_either() -> None:
    client = service_client()
    response = client.post("/form", data={"secret": "hunter2-and-more"})
    assert response.status_code == 422
    assert "hunter2" not in response.text


# Documents and operator paths in production


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json"])
def test_production_serves_no_api_documents(path: str) -> None:
    assert service_client(**production()).get(path).status_code == 404
    assert service_client().get(path).status_code == 200  # development still has them


def test_production_serves_metrics_only_to_the_internal_network() -> None:
    assert service_client(OUTSIDE, **production()).get("/metrics").status_code == 404
    assert service_client(OUTSIDE, **production()).get("/healthz").status_code == 404
    assert service_client(("10.0.3.4", 5000), **production()).get("/metrics").status_code == 200


def test_a_request_relayed_by_the_proxy_counts_as_from_outside() -> None:
    proxy = ("10.0.3.9", 5000)
    client = service_client(proxy, **production(trusted_proxies="10.0.3.0/24"))
    relayed = client.get("/metrics", headers={"X-Forwarded-For": OUTSIDE[0]})
    assert relayed.status_code == 404


# Forwarded headers


def test_forwarded_headers_from_an_untrusted_peer_are_ignored() -> None:
    forged = {"X-Forwarded-For": "198.51.100.1", "X-Forwarded-Proto": "https"}
    for client in (service_client(OUTSIDE), service_client(**production())):
        seen = client.get("/whoami", headers=forged).json()
        assert seen["host"] != "198.51.100.1"
        assert seen["scheme"] == "http"


def test_forwarded_headers_from_a_configured_proxy_are_believed() -> None:
    client = service_client(("10.0.3.9", 5000), **production(trusted_proxies="10.0.3.0/24"))
    seen = client.get("/whoami", headers={"X-Forwarded-For": "198.51.100.1", "X-Forwarded-Proto": "https"})
    assert seen.json() == {"host": "198.51.100.1", "scheme": "https"}


def test_development_trusts_loopback_only() -> None:
    seen = service_client().get("/whoami", headers={"X-Forwarded-For": "198.51.100.1"}).json()
    assert seen["host"] == "198.51.100.1"


# The gateway itself


@pytest.fixture
def gateway(nats_server: NatsServer, redis_server: RedisServer, tmp_path: Path) -> Iterator[TestClient]:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'gateway.sqlite'}"
    upgrade_to_head(MIGRATIONS, database_url, VERSION_TABLE)
    settings = GatewaySettings(
        nats_url=nats_server.url,
        redis_url=redis_server.url.rsplit("/", 1)[0] + "/7",
        database_url=database_url,
        public_url="http://testserver",
    )
    with TestClient(create_app(settings)) as client:
        yield client


def test_the_gateway_refuses_an_oversized_login_before_reading_it(gateway: TestClient) -> None:
    response = gateway.post(
        "/console/login", content=b"login=" + b"a" * (2 * MB),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413


def test_the_console_api_has_a_smaller_limit(gateway: TestClient) -> None:
    response = gateway.post("/console/api/presence", content=b"x" * (200 * 1024),
                            headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_the_gateway_422_does_not_echo_a_long_login(gateway: TestClient) -> None:
    response = gateway.post("/console/login", data={"login": "L" * 100_000, "password": "pw-SECRET"})
    assert response.status_code == 422
    assert "LLLL" not in response.text and "pw-SECRET" not in response.text


def test_login_refuses_origin_null_without_sec_fetch_site(gateway: TestClient) -> None:
    form = {"login": dev.DEMO_LOGIN, "password": dev.DEMO_PASSWORD}
    refused = gateway.post("/console/login", data=form, headers={"Origin": "null"}, follow_redirects=False)
    assert refused.status_code == 403
    assert "peerline_console" not in refused.cookies
    elsewhere = gateway.post("/console/login", data=form, headers={"Origin": "https://evil.example"},
                             follow_redirects=False)
    assert elsewhere.status_code == 403
    same = gateway.post("/console/login", data=form, headers={"Origin": "http://testserver"},
                        follow_redirects=False)
    assert same.status_code == 303


def hello(client: TestClient, session: str | None) -> dict[str, Any]:
    with client.websocket_connect("/ws/chat") as socket:
        socket.send_text(json.dumps({"type": "hello", "v": 1, "session": session}))
        welcome: dict[str, Any] = socket.receive_json()
    assert welcome["type"] == "welcome"
    return welcome


def test_a_client_chosen_chat_token_is_refused(gateway: TestClient) -> None:
    first, second = hello(gateway, "a"), hello(gateway, "a")
    assert first["renewed"] is True and second["renewed"] is True
    assert first["session"] != "a" and second["session"] != "a"
    assert first["session"] != second["session"]  # two sockets saying "a" are two clients


def test_an_altered_chat_token_is_refused(gateway: TestClient) -> None:
    issued = hello(gateway, None)["session"]
    nonce, signature = issued.split(".")
    altered = hello(gateway, f"{nonce[:-1]}{'A' if nonce[-1] != 'A' else 'B'}.{signature}")
    assert altered["renewed"] is True and altered["session"] != issued


def test_an_issued_chat_token_resumes_its_session(gateway: TestClient) -> None:
    issued = hello(gateway, None)
    assert issued["renewed"] is False
    resumed = hello(gateway, issued["session"])
    assert resumed == {**issued, "renewed": False}
