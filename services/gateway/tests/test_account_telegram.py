"""One's own Telegram link on the account page: asked of the directory for the signed-in
person only, a one-time code shown, unlinking and the notify choice by CSRF-checked forms."""

from __future__ import annotations

import pytest

from peerline_shared.events import ManageTelegramLink, TelegramLinkShown
from peerline_shared.events import subjects as subj

from .conftest import InProcess

pytestmark = [pytest.mark.integration]


def test_the_account_page_shows_the_link_and_gives_a_one_time_code(in_process: InProcess) -> None:
    state = {"linked": False, "notify_mode": "on_shift"}

    def directory(command: ManageTelegramLink) -> TelegramLinkShown:  # type: ignore[override]
        if command.action == "unlink":
            state["linked"] = False
        if command.action == "set_mode" and command.notify_mode:
            state["notify_mode"] = command.notify_mode
        code = "ABCD2345" if command.action == "issue_code" else None
        return TelegramLinkShown(code=code, code_expires_in_s=600 if code else 0, **state)  # type: ignore[arg-type]

    in_process.bus.answers[subj.RPC_DIRECTORY_TELEGRAM_MANAGE] = directory  # type: ignore[assignment]
    csrf = in_process.login()
    page = in_process.client.get("/console/account")
    assert page.status_code == 200 and 'id="telegram-status"' in page.text
    assert 'id="telegram-code"' not in page.text

    refused = in_process.client.post("/console/account/telegram", data={"action": "issue_code"})
    assert refused.status_code == 403  # no CSRF token, nothing asked
    issued = in_process.client.post("/console/account/telegram",
                                    data={"action": "issue_code", "csrf_token": csrf})
    assert issued.status_code == 200 and "/link ABCD2345" in issued.text and "10" in issued.text

    chose = in_process.client.post("/console/account/telegram", data={
        "action": "set_mode", "notify_mode": "emergencies_any_time", "csrf_token": csrf})
    assert chose.status_code == 200 and 'value="emergencies_any_time" checked' in chose.text
    asked = [query for subject, query in in_process.bus.asked
             if subject == subj.RPC_DIRECTORY_TELEGRAM_MANAGE]
    assert [q.action for q in asked] == ["show", "issue_code", "set_mode"]  # type: ignore[attr-defined]
    assert len({q.actor.consultant_id for q in asked}) == 1  # type: ignore[attr-defined]


def test_a_silent_directory_leaves_the_account_page_working(in_process: InProcess) -> None:
    in_process.login()
    page = in_process.client.get("/console/account")
    assert page.status_code == 200 and "password-form" in page.text and 'id="telegram"' not in page.text
