"""The console's pages and JSON API in process: sign-in and lockout, session cookie, CSRF and
origin checks, roles, what each route asks other services (fake bus), and how their answers
(or their silence) become HTTP statuses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from peerline_gateway.console.sessions import COOKIE_NAME
from peerline_shared.events import (
    AuditPage,
    ClaimConversation,
    CommandResult,
    ConsultantSaved,
    QueryAudit,
    QueueItem,
    QueueListed,
    ReplyToClient,
)
from peerline_shared.events import subjects as subj
from peerline_shared.events.management import ConsultantView, SaveConsultant

from .conftest import PASSWORD, InProcess

pytestmark = [pytest.mark.integration]
CONVERSATION = uuid.uuid4()


def test_signing_in_sets_a_strict_http_only_cookie_and_the_console_shows(in_process: InProcess) -> None:
    response = in_process.client.post(
        "/console/login", data={"login": "olena", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/console"
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(f"{COOKIE_NAME}=") and "httponly" in cookie and "samesite=strict" in cookie
    page = in_process.client.get("/console")
    assert page.status_code == 200 and 'name="csrf-token"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"


def test_repeated_wrong_passwords_lock_the_login(in_process: InProcess) -> None:
    statuses = [
        in_process.client.post("/console/login", data={"login": "olena", "password": "wrong"}).status_code
        for _ in range(in_process.gateway.settings.login_max_failures)
    ]
    assert statuses == [401] * (len(statuses) - 1) + [429]
    right = in_process.client.post("/console/login", data={"login": "olena", "password": PASSWORD})
    assert right.status_code == 429  # locked, even with the right password


def test_a_cross_site_login_form_is_refused(in_process: InProcess) -> None:
    response = in_process.client.post(
        "/console/login",
        data={"login": "olena", "password": PASSWORD},
        headers={"sec-fetch-site": "cross-site"},
    )
    assert response.status_code == 403 and COOKIE_NAME not in response.headers.get("set-cookie", "")


def test_without_a_session_pages_lead_to_sign_in_and_the_api_says_401(in_process: InProcess) -> None:
    page = in_process.client.get("/console", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/console/login"
    api = in_process.client.get("/console/api/queue")
    assert api.status_code == 401 and api.json()["error"] == "not_logged_in"
    assert in_process.bus.asked == []


def test_the_queue_is_asked_of_notifications_for_the_signed_in_consultant_and_ordered(
    in_process: InProcess,
) -> None:
    now = datetime.now(UTC)
    items = (
        QueueItem(
            conversation_id=uuid.uuid4(),
            state="queued",
            urgency="normal",
            lang="uk",
            channel="web",
            waiting_since=now - timedelta(minutes=30),
        ),
        QueueItem(
            conversation_id=uuid.uuid4(),
            state="queued",
            urgency="emergency",
            lang="uk",
            channel="web",
            waiting_since=now,
        ),
    )
    in_process.bus.answers[subj.rpc_notifications("queue")] = lambda query: QueueListed(items=items)
    in_process.login()
    response = in_process.client.get("/console/api/queue")
    assert response.status_code == 200
    assert [item["urgency"] for item in response.json()["items"]] == ["emergency", "normal"]
    [(_, query)] = in_process.bus.asked
    assert query.actor.alias == "Olena"  # type: ignore[attr-defined]


def test_a_silent_service_is_a_503_that_names_it(in_process: InProcess) -> None:
    in_process.login()
    response = in_process.client.get("/console/api/queue")
    assert response.status_code == 503
    assert response.json() == {
        "ok": False,
        "error": "unavailable",
        "detail": "queue: no answer from notifications",
        "what": "queue",
        "service": "notifications",
    }


def test_a_change_needs_the_sessions_csrf_token_from_this_origin(in_process: InProcess) -> None:
    in_process.bus.answers[subj.rpc_notifications("claim")] = lambda query: CommandResult(ok=True)
    csrf = in_process.login()
    claim = f"/console/api/conversations/{CONVERSATION}/claim"
    assert in_process.client.post(claim).status_code == 403
    assert in_process.client.post(claim, headers={"x-csrf-token": "forged"}).json()["error"] == "csrf"
    cross_site = {"x-csrf-token": csrf, "origin": "https://evil.example"}
    assert in_process.client.post(claim, headers=cross_site).status_code == 403
    assert in_process.bus.asked == []

    assert in_process.client.post(claim, headers={"x-csrf-token": csrf}).status_code == 200
    [(subject, command)] = in_process.bus.asked
    assert subject == subj.rpc_notifications("claim") and isinstance(command, ClaimConversation)
    assert command.conversation_id == CONVERSATION and command.actor.alias == "Olena"


@pytest.mark.parametrize(("error", "status"), [("already_claimed", 409), ("not_found", 404), ("closed", 400)])
def test_a_refused_command_becomes_its_http_status(in_process: InProcess, error: str, status: int) -> None:
    in_process.bus.answers[subj.rpc_notifications("reply")] = lambda query: CommandResult(
        ok=False, error=error, holder_alias="Taras"
    )
    csrf = in_process.login()
    response = in_process.client.post(
        f"/console/api/conversations/{CONVERSATION}/reply",
        json={"text": "Я тут"},
        headers={"x-csrf-token": csrf},
    )
    assert response.status_code == status and response.json()["error"] == error
    [(_, command)] = in_process.bus.asked
    assert isinstance(command, ReplyToClient) and command.text == "Я тут"


def test_a_reply_longer_than_the_limit_is_refused_before_any_service_is_asked(in_process: InProcess) -> None:
    csrf = in_process.login()
    response = in_process.client.post(
        f"/console/api/conversations/{CONVERSATION}/reply",
        json={"text": "x" * 4001},
        headers={"x-csrf-token": csrf},
    )
    assert response.status_code == 422 and in_process.bus.asked == []


def test_supervisor_reads_need_the_role_and_each_carries_its_reader(in_process: InProcess) -> None:
    in_process.bus.answers[subj.rpc_notifications("audit")] = lambda query: AuditPage()
    in_process.login("olena")
    assert in_process.client.get("/console/api/audit").json()["error"] == "forbidden"
    in_process.client.cookies.clear()
    in_process.login("taras")
    assert (
        in_process.client.get("/console/api/audit", params={"action": "conversation.read"}).status_code == 200
    )
    [(_, query)] = in_process.bus.asked
    assert (
        isinstance(query, QueryAudit) and query.actor.alias == "Taras" and query.action == "conversation.read"
    )


def test_a_consultant_added_with_a_login_can_sign_in(in_process: InProcess) -> None:
    def saved(command: SaveConsultant) -> ConsultantSaved:
        return ConsultantSaved(consultant=ConsultantView(consultant_id=uuid.uuid4(), alias=command.alias))

    in_process.bus.answers[subj.RPC_DIRECTORY_MANAGE_SAVE_CONSULTANT] = saved
    csrf = in_process.login("taras")
    body = {"alias": "Marta", "languages": ["uk"], "login": "marta", "password": "a long password"}
    response = in_process.client.post(
        "/console/api/manage/consultants", json=body, headers={"x-csrf-token": csrf}
    )
    assert response.status_code == 200 and response.json()["consultant"]["alias"] == "Marta"
    [(_, command)] = in_process.bus.asked
    assert isinstance(command, SaveConsultant) and not hasattr(command, "password")
    in_process.client.cookies.clear()
    in_process.login("marta", "a long password")


def test_canned_answers_are_read_by_all_and_changed_by_supervisors(in_process: InProcess) -> None:
    body = {"lang": "uk", "title": "Привітання", "text": "Доброго дня, я тут."}
    csrf = in_process.login("olena")
    refused = in_process.client.post("/console/api/canned", json=body, headers={"x-csrf-token": csrf})
    assert refused.status_code == 403
    in_process.client.cookies.clear()
    csrf = in_process.login("taras")
    added = in_process.client.post("/console/api/canned", json=body, headers={"x-csrf-token": csrf}).json()
    answer_id = added["item"]["id"]
    changed = {**body, "text": "Добрий вечір, я тут."}
    put = in_process.client.put(
        f"/console/api/canned/{answer_id}", json=changed, headers={"x-csrf-token": csrf}
    )
    assert put.status_code == 200
    listed = in_process.client.get("/console/api/canned", params={"lang": "uk"}).json()["items"]
    assert [item["text"] for item in listed if item["id"] == answer_id] == ["Добрий вечір, я тут."]
    deleted = in_process.client.delete(f"/console/api/canned/{answer_id}", headers={"x-csrf-token": csrf})
    assert deleted.json() == {"ok": True}
    again = in_process.client.delete(f"/console/api/canned/{answer_id}", headers={"x-csrf-token": csrf})
    assert again.status_code == 404


def test_signing_out_needs_the_token_and_ends_the_session(in_process: InProcess) -> None:
    csrf = in_process.login()
    assert in_process.client.post("/console/logout", follow_redirects=False).status_code == 403
    form = {"csrf_token": csrf}
    assert in_process.client.post("/console/logout", data=form, follow_redirects=False).status_code == 303
    assert in_process.client.get("/console/api/queue").status_code == 401
