"""Channel posts through the gateway's real routes, database and publisher, with the Telegram
adapter's answers from `FakeBus` (the real adapter: services/telegram/tests/test_channel_desk.py
and tests/e2e/test_channel_posts.py)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from peerline_gateway.posts.publisher import STALE_CLAIM, Publisher
from peerline_shared.events import ChannelPostDone, EditChannelPost, PublishChannelPost, utc_now
from peerline_shared.events import subjects as subj

from .conftest import InProcess

CHANNEL = "-1009001"


def _api(app: InProcess, csrf: str, method: str, path: str, body: Any = None) -> Any:
    response = app.client.request(method, "/console/api" + path, json=body, headers={"X-CSRF-Token": csrf})
    return response


def _answer_publish(app: InProcess) -> None:
    app.bus.answers[subj.RPC_TELEGRAM_CHANNEL_PUBLISH] = lambda c: ChannelPostDone(
        ok=True, telegram_message_id=41
    )
    app.bus.answers[subj.RPC_TELEGRAM_CHANNEL_EDIT] = lambda c: ChannelPostDone(
        ok=True, telegram_message_id=41
    )
    app.bus.answers[subj.RPC_TELEGRAM_CHANNEL_DELETE] = lambda c: ChannelPostDone(ok=True)


def _channel(app: InProcess) -> str:
    csrf = app.login("taras")
    added = _api(app, csrf, "POST", "/channels", {"chat_id": CHANNEL, "title": "Peerline UA"})
    assert added.status_code == 200, added.text
    app.client.cookies.clear()
    return str(added.json()["item"]["id"])


def test_an_editor_sees_content_pages_and_never_conversations(in_process: InProcess) -> None:
    csrf = in_process.login("iryna")
    assert in_process.client.get("/console", follow_redirects=False).headers["location"] == "/console/posts"
    assert in_process.client.get("/console/api/queue").status_code == 403
    assert (
        in_process.client.get("/console/api/conversations/00000000-0000-0000-0000-000000000001").status_code
        == 403
    )
    assert in_process.client.get("/console/api/posts").status_code == 200
    page = in_process.client.get("/console/posts").text
    assert 'href="/console/posts"' in page and 'href="/console/canned"' not in page
    # Channels are a supervisor's to configure.
    refused = _api(in_process, csrf, "POST", "/channels", {"chat_id": CHANNEL, "title": "x"})
    assert refused.status_code == 403
    assert in_process.bus.asked == []


def test_a_consultant_cannot_post(in_process: InProcess) -> None:
    csrf = in_process.login("olena")
    assert in_process.client.get("/console/api/posts").status_code == 403
    body = {"lang": "uk", "text": "x", "channel_ids": []}
    assert _api(in_process, csrf, "POST", "/posts", body).status_code == 403


def test_publish_now_edit_and_delete_reach_the_channel_and_are_audited(in_process: InProcess) -> None:
    channel_id = _channel(in_process)
    _answer_publish(in_process)
    csrf = in_process.login("iryna")
    body = {
        "lang": "uk",
        "title": "Naloxone",
        "channel_ids": [channel_id],
        "text": '<strong>Налоксон</strong> <a href="javascript:x">рятує</a><script>x</script>',
    }
    created = _api(in_process, csrf, "POST", "/posts", body)
    assert created.status_code == 200, created.text
    item = created.json()["item"]
    assert item["state"] == "published" and item["text"] == "<b>Налоксон</b> рятує"
    assert item["deliveries"] == [
        {"channel_id": channel_id, "state": "sent", "message_id": 41, "error": None}
    ]
    [(subject, command)] = in_process.bus.asked
    assert subject == subj.RPC_TELEGRAM_CHANNEL_PUBLISH and isinstance(command, PublishChannelPost)
    assert command.chat_id == CHANNEL and command.html == "<b>Налоксон</b> рятує"

    changed = _api(in_process, csrf, "PUT", f"/posts/{item['id']}", body | {"text": "<i>Налоксон</i> рятує"})
    assert changed.status_code == 200 and changed.json()["ok"], changed.text
    subject, edit = in_process.bus.asked[-1]
    assert isinstance(edit, EditChannelPost) and edit.telegram_message_id == 41
    assert edit.html == "<i>Налоксон</i> рятує"

    assert _api(in_process, csrf, "DELETE", f"/posts/{item['id']}").json()["ok"]
    assert in_process.bus.asked[-1][0] == subj.RPC_TELEGRAM_CHANNEL_DELETE
    audit = in_process.client.get("/console/api/posts/audit").json()
    assert audit["chain_ok"]
    actions = [entry["action"] for entry in reversed(audit["entries"])]
    assert actions == [
        "channel.configured",
        "post.created",
        "channel.published",
        "post.edited",
        "channel.edited",
        "post.deleted",
        "channel.deleted",
    ]
    assert {entry["actor_alias"] for entry in audit["entries"] if entry["action"].startswith("post.")} == {
        "Iryna"
    }


def test_a_scheduled_post_is_published_once_when_due_even_with_two_publishers(in_process: InProcess) -> None:
    channel_id = _channel(in_process)
    _answer_publish(in_process)
    csrf = in_process.login("taras")
    at = utc_now() + timedelta(hours=1)
    body = {
        "lang": "en",
        "text": "Overdose Awareness Day",
        "channel_ids": [channel_id],
        "publish_at": at.isoformat(),
    }
    item = _api(in_process, csrf, "POST", "/posts", body).json()["item"]
    assert item["state"] == "scheduled" and in_process.bus.asked == []

    gateway = in_process.gateway
    early = Publisher(gateway.runtime.sessions, gateway.bus, 1.0, clock=utc_now)
    due = Publisher(gateway.runtime.sessions, gateway.bus, 1.0, clock=lambda: at + timedelta(seconds=1))

    async def run() -> list[int]:
        assert await early.publish_due() == 0
        return list(await asyncio.gather(due.publish_due(), due.publish_due()))

    assert sorted(in_process.client.portal.call(run)) == [0, 1]
    assert len(in_process.bus.asked) == 1
    listed = in_process.client.get("/console/api/posts").json()["items"][0]
    assert listed["state"] == "published" and listed["deliveries"][0]["state"] == "sent"


def test_a_claim_left_by_a_dead_publisher_is_asked_again_with_the_same_delivery_id(
    in_process: InProcess,
) -> None:
    channel_id = _channel(in_process)
    csrf = in_process.login("taras")
    body = {"lang": "en", "text": "Hello", "channel_ids": [channel_id]}
    _api(in_process, csrf, "POST", "/posts", body)  # no adapter answers: postponed, pending again
    first = in_process.bus.asked[-1][1]
    assert isinstance(first, PublishChannelPost)
    _answer_publish(in_process)
    gateway = in_process.gateway
    later = Publisher(
        gateway.runtime.sessions,
        gateway.bus,
        1.0,
        clock=lambda: utc_now() + STALE_CLAIM + timedelta(minutes=5),
    )
    assert in_process.client.portal.call(later.publish_due) == 1
    again = in_process.bus.asked[-1][1]
    assert isinstance(again, PublishChannelPost) and again.delivery_id == first.delivery_id
    assert in_process.client.portal.call(later.publish_due) == 0


def test_text_telegram_would_refuse_is_refused_here(in_process: InProcess) -> None:
    channel_id = _channel(in_process)
    csrf = in_process.login("iryna")
    too_long = {"lang": "uk", "text": "я" * 4097, "channel_ids": [channel_id]}
    assert _api(in_process, csrf, "POST", "/posts", too_long).status_code == 422
    only_markup = {"lang": "uk", "text": "<script>x</script>", "channel_ids": [channel_id]}
    assert _api(in_process, csrf, "POST", "/posts", only_markup).status_code == 422
    no_channel = {"lang": "uk", "text": "hi", "channel_ids": []}
    assert _api(in_process, csrf, "POST", "/posts", no_channel).status_code == 422
    preview = _api(in_process, csrf, "POST", "/posts/preview", {"text": "<em>a</em> < b"}).json()
    assert preview == {"html": "<i>a</i> &lt; b", "length": 5, "limit": 4096}


def test_removing_a_channel_cancels_what_was_scheduled_for_it(in_process: InProcess) -> None:
    channel_id = _channel(in_process)
    _answer_publish(in_process)
    csrf = in_process.login("taras")
    later = (utc_now() + timedelta(hours=2)).replace(tzinfo=None).isoformat()  # no offset: UTC
    body = {"lang": "ru", "text": "Later", "channel_ids": [channel_id], "publish_at": later}
    item = _api(in_process, csrf, "POST", "/posts", body).json()["item"]
    assert item["publish_at"].startswith(later[:16]) and item["publish_at"].endswith("+00:00")
    assert _api(in_process, csrf, "DELETE", f"/channels/{channel_id}").json()["ok"]
    gateway = in_process.gateway
    due = Publisher(gateway.runtime.sessions, gateway.bus, 1.0, clock=lambda: utc_now() + timedelta(hours=3))
    assert in_process.client.portal.call(due.publish_due) == 0
    assert in_process.bus.asked == []
    listed = in_process.client.get("/console/api/posts").json()["items"][0]
    assert listed["deliveries"][0]["state"] == "cancelled"
