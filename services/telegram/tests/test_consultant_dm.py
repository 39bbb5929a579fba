"""Pure parts of consultants' Telegram: reading `/link CODE`, and what a DM says."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from peerline_shared.events import ConsultantNotified
from peerline_shared.i18n import Catalogue
from peerline_telegram.consultants.dm import compose
from peerline_telegram.rules import link_code

CATALOGUE = Catalogue.load("peerline_telegram")
NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)


def test_a_code_is_read_as_the_console_showed_it_or_not_at_all() -> None:
    assert link_code("abcd-2345") == link_code(" ABCD 2345 ") == "ABCD2345"
    for wrong in (None, "", "ABCD234", "ABCD23450", "ABCD01OI", "ABCD234!"):
        assert link_code(wrong) is None


def test_a_dm_says_urgency_topics_language_waiting_and_link_but_no_summary() -> None:
    conversation = uuid.uuid4()
    notice = ConsultantNotified(consultant_ids=(uuid.uuid4(),), kind="emergency",
                                conversation_id=conversation, urgency="emergency", topics=("overdose", "ost"),
                                lang="ru", repeat=2,
                                waiting_since=NOW - timedelta(minutes=4, seconds=50),
                                summary="from Marta: client said something")
    text = compose(notice, "en", CATALOGUE, "https://help.example/console/", NOW)
    assert text.splitlines() == [
        "🚨 EMERGENCY: a client needs help now", "Urgency: emergency", "Topic: overdose, ost",
        "Language: ru", "Waiting: 4 min", "Reminder 2: nobody has claimed it yet",
        f"Open the console: https://help.example/console#conversation={conversation}",
    ]


def test_a_batched_offer_about_several_conversations_links_the_queue() -> None:
    notice = ConsultantNotified(consultant_ids=(uuid.uuid4(),), kind="new_conversation", urgency="high",
                                summary="3 conversations need attention (1 high, 2 normal)")
    text = compose(notice, "uk", CATALOGUE, "https://help.example/console", NOW)
    assert text.splitlines() == ["💬 Вам пропонують розмову", "Терміновість: high",
                                 "Відкрити консоль: https://help.example/console"]


def test_a_batched_offer_about_one_conversation_says_its_topics_and_language() -> None:
    """The notice batch (notifications) keeps what the conversation is about; the DM says it in
    the consultant's language, as the immediate DM does."""
    conversation = uuid.uuid4()
    notice = ConsultantNotified(consultant_ids=(uuid.uuid4(),), kind="new_conversation", urgency="normal",
                                conversation_id=conversation, topics=("ost", "hiv"), lang="ru",
                                waiting_since=NOW - timedelta(seconds=12),
                                summary="1 conversation need attention (1 normal)")
    text = compose(notice, "uk", CATALOGUE, "https://help.example/console", NOW)
    assert text.splitlines() == ["💬 Вам пропонують розмову", "Терміновість: normal", "Тема: ost, hiv",
                                 "Мова: ru", "Чекає: 0 хв",
                                 f"Відкрити консоль: https://help.example/console#conversation={conversation}"]
