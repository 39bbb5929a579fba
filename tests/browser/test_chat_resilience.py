"""The chat under stress: a quick exit, a dropped server, a partner's page."""

from __future__ import annotations

import asyncio
import re
import secrets
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import nats
import pytest
from playwright.sync_api import APIRequestContext, Browser, expect

from peerline_devtools.devstack import DevStack
from peerline_devtools.localservers import free_port
from peerline_shared import dev
from peerline_shared.actors import signed
from peerline_shared.events import Actor, CommandResult, ReplyToClient, decode, encode
from peerline_shared.events import subjects as subj
from peerline_shared.events.base import utc_now

from .conftest import Account, new_context, open_chat, say, sign_in, sign_in_supervisor

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
NEUTRAL = "https://www.google.com/"
# Partner sites are small local web servers: Chromium lets only loopback pages load from this
# loopback gateway (Private Network Access), as a real partner loads from a public one.
PARTNER = f"http://127.0.0.1:{free_port()}"
STRANGER = f"http://127.0.0.1:{free_port()}"


def test_quick_exit_leaves_no_way_back_to_the_chat(browser: Browser, gateway: str) -> None:
    page = new_context(browser, phone=True).new_page()
    page.route(
        re.compile(r"^https://www\.google\.com/.*"),
        lambda route: route.fulfill(content_type="text/html", body="<h1>Weather</h1>"),
    )
    page.goto(f"{gateway}/console/login")  # whatever the person had open before
    page.goto(f"{gateway}/")
    page.click("#consent-ok")
    entries = page.evaluate("history.length")
    page.click("#quick-exit")
    page.wait_for_url(re.compile(r"^https://www\.google\.com/"))
    assert page.evaluate("history.length") == entries, "quick exit must not add a history entry"
    page.go_back()
    page.wait_for_url(f"{gateway}/console/login")
    assert page.evaluate("sessionStorage.getItem('peerline.session')") is None


def test_reconnect_after_the_server_drops_the_socket_loses_and_repeats_nothing(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    marker = secrets.token_hex(3).replace("0", "q")
    chat = open_chat(browser, gateway)
    say(chat, f"Привіт, питання про замісну терапію {marker} перше")
    expect(chat.locator(".msg.mine.pending")).to_have_count(0)
    console, supervisor = _signed_in_api(chat.context.browser, gateway, system)  # type: ignore[arg-type]
    conversation_id = _wait_for_conversation(console, gateway, marker)
    assert _post(console, gateway, conversation_id, "claim").ok
    assert _post(console, gateway, conversation_id, "reply", {"text": f"Відповідь один {marker}"}).ok
    expect(chat.locator(".msg.consultant", has_text="Відповідь один")).to_have_count(1)

    system.services["gateway"].kill()  # the server drops every socket at once
    expect(chat.locator("#status")).to_contain_text("відновлюємо")
    say(chat, f"Друге повідомлення {marker}")
    _reply_through_nats(system, conversation_id, f"Відповідь два {marker}")  # while the gateway is down
    _start_gateway(system)

    expect(chat.locator(".msg.mine.pending")).to_have_count(0, timeout=30_000)
    expect(chat.locator(".msg.consultant", has_text="Відповідь два")).to_have_count(1)
    expect(chat.locator(".msg.consultant", has_text="Відповідь один")).to_have_count(1)
    console, _ = _signed_in_api(chat.context.browser, gateway, system, supervisor)  # type: ignore[arg-type]
    history = console.get(f"{gateway}/console/api/conversations/{conversation_id}").json()["messages"]
    client_texts = [m["text"] for m in history if m["author"] == "client"]
    assert sum("перше" in text for text in client_texts) == 1
    assert sum("Друге" in text for text in client_texts) == 1


def test_partner_site_embeds_the_chat_and_others_cannot(
    browser: Browser, gateway: str, system: DevStack
) -> None:
    if system.extra_env.get("PEERLINE_GATEWAY_ALLOWED_ORIGINS") != PARTNER:  # run alone: allow it now
        system.services["gateway"].kill()
        _start_gateway(system)
    page = new_context(browser).new_page()
    with _partner_site(PARTNER, gateway), _partner_site(STRANGER, gateway):
        page.goto(f"{PARTNER}/help")
        page.get_by_role("button", name="Chat with Peerline").click()
        expect(page.frame_locator("iframe").locator("#send")).to_be_visible()
        page.goto(f"{STRANGER}/help")
        page.get_by_role("button", name="Chat with Peerline").click()
        expect(page.frame_locator("iframe").locator("#send")).to_have_count(0, timeout=3_000)


@contextmanager
def _partner_site(origin: str, gateway: str) -> Iterator[None]:
    script = f'<script src="{gateway}/widget.js" async></script>'
    page = f"<html><body><h1>Partner</h1>{script}</body></html>".encode()

    class PartnerPage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", int(origin.rsplit(":", 1)[1])), PartnerPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


def _start_gateway(system: DevStack) -> None:
    system.extra_env["PEERLINE_GATEWAY_ALLOWED_ORIGINS"] = PARTNER  # for the embedding test
    system.start_service("gateway")
    system.wait_healthy(("gateway",), timeout=90)


def _signed_in_api(
    browser: Browser, gateway: str, system: DevStack, supervisor: Account | None = None
) -> tuple[APIRequestContext, Account]:
    """A supervisor's console requests (a new one of the test's own, or `supervisor` again)."""
    context = new_context(browser)
    page = context.new_page()
    if supervisor is None:
        supervisor = sign_in_supervisor(page, gateway, system, "Supervisor Nadia")
    else:
        sign_in(page, gateway, supervisor)
    token = page.locator("meta[name=csrf-token]").get_attribute("content") or ""
    context.set_extra_http_headers({"X-CSRF-Token": token})
    return context.request, supervisor


def _post(
    api: APIRequestContext,
    gateway: str,
    conversation_id: str,
    action: str,
    body: dict[str, str] | None = None,
) -> httpx.Response:
    response = api.post(f"{gateway}/console/api/conversations/{conversation_id}/{action}", data=body or {})
    assert response.ok, response.text()
    return response  # type: ignore[return-value]


def _wait_for_conversation(api: APIRequestContext, gateway: str, marker: str) -> str:
    for _ in range(100):
        for item in api.get(f"{gateway}/console/api/queue").json()["items"]:
            if marker in item["preview"]:
                return str(item["conversation_id"])
        time.sleep(0.2)
    raise AssertionError("the conversation never reached the queue")


def _reply_through_nats(system: DevStack, conversation_id: str, text: str) -> None:
    """A consultant's reply made while this gateway is down (another gateway would do the same)."""
    assert system.nats is not None
    actor = Actor(consultant_id=dev.DEMO_CONSULTANT_ID, alias=dev.DEMO_ALIAS, role="supervisor")
    command = ReplyToClient(conversation_id=uuid.UUID(conversation_id), actor=actor, text=text)
    assert system.actor_key is not None
    command = signed(command, system.actor_key.encode(), utc_now())  # as a gateway signs it

    async def send() -> CommandResult:
        connection = await nats.connect(system.nats.url)
        try:
            reply = await connection.request(subj.rpc_notifications("reply"), encode(command), timeout=10)
            return decode(CommandResult, reply.data)
        finally:
            await connection.close()

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API owns this thread's event loop
        result = pool.submit(asyncio.run, send()).result()
    assert result.ok, result


def test_a_made_up_session_token_is_replaced_and_the_chat_carries_on(browser: Browser, gateway: str) -> None:
    # Issue 18: a page that chose its own token ("a") shared an identity with any other page
    # that chose it. The gateway now refuses it and gives the page a token it signed.
    context = new_context(browser, phone=True, locale="uk-UA")
    context.add_init_script(
        "if (!sessionStorage.getItem('peerline.session')) sessionStorage.setItem('peerline.session', 'a');"
    )
    chat = context.new_page()
    chat.goto(f"{gateway}/")
    chat.click("#consent-ok")
    say(chat, f"Питання {secrets.token_hex(3).replace('0', 'q')}")
    expect(chat.locator(".msg.mine.pending")).to_have_count(0)
    token = chat.evaluate("sessionStorage.getItem('peerline.session')")
    assert token not in (None, "a") and "." in token
