"""The alerts' audit chain state in the console, browser-free: the gateway asks the Telegram
adapter (a fake answer here; services/telegram/tests/test_alerts.py asks the real adapter over
NATS) with the supervisor's actor, and shows a broken chain and a silent adapter plainly."""

from __future__ import annotations

from peerline_shared.events import AlertsAuditVerified, VerifyAlertsAudit
from peerline_shared.events import subjects as subj

from .conftest import InProcess

PATH = "/console/api/alerts/audit"


def test_a_supervisor_sees_the_chain_state_the_adapter_reports(in_process: InProcess) -> None:
    state = AlertsAuditVerified(records=7, chain_ok=True)
    in_process.bus.answers[subj.RPC_TELEGRAM_ALERTS_AUDIT] = lambda query: state  # type: ignore[assignment]
    in_process.login("taras")
    shown = in_process.client.get(PATH)
    assert shown.status_code == 200, shown.text
    assert {key: shown.json()[key] for key in ("ok", "chain_ok", "records", "problems")} == {
        "ok": True, "chain_ok": True, "records": 7, "problems": []}
    subject, query = in_process.bus.asked[-1]
    assert subject == subj.RPC_TELEGRAM_ALERTS_AUDIT and isinstance(query, VerifyAlertsAudit)
    assert (query.actor.alias, query.actor.role) == ("Taras", "supervisor")
    assert "Audit trail" in in_process.client.get("/console/alerts?lang=en").text


def test_a_broken_chain_is_shown_with_its_problems(in_process: InProcess) -> None:
    broken = AlertsAuditVerified(records=3, chain_ok=False, problems=("record 2: edited: hash differs",),
                                 more_problems=1)
    in_process.bus.answers[subj.RPC_TELEGRAM_ALERTS_AUDIT] = lambda query: broken  # type: ignore[assignment]
    in_process.login("taras")
    body = in_process.client.get(PATH).json()
    assert (body["chain_ok"], body["problems"], body["more_problems"]) == (
        False, ["record 2: edited: hash differs"], 1)


def test_consultants_are_refused_and_a_silent_adapter_is_said(in_process: InProcess) -> None:
    in_process.login("olena")
    assert in_process.client.get(PATH).status_code == 403
    assert not in_process.bus.asked  # refused before asking anyone

    in_process.login("taras")  # no answer configured: the adapter is silent
    silent = in_process.client.get(PATH)
    assert silent.status_code == 503 and "telegram" in silent.text
