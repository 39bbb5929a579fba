"""SLA timers with a controllable clock: escalation on time, emergency repeats, the client told
their place, inactivity, after hours, and a directory that does not answer."""

from __future__ import annotations

import uuid

from peerline_notifications.conversations.handlers import on_view
from peerline_notifications.deps import Deps
from peerline_notifications.loops import flush_notices
from peerline_notifications.sla.service import tick
from peerline_shared.events import (
    ArticleView,
    Candidate,
    ClientPlace,
    ConversationEscalated,
    GetConversation,
    OutboundMessageRequested,
)
from peerline_shared.privacy.pseudonym import client_pseudonym

from .conftest import FakeClock, FakeDirectory, RecordingPublisher, triaged
from .support import actor, audit_actions, claim, receive, reload


async def test_an_unclaimed_normal_conversation_escalates_on_time(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher, clock: FakeClock
) -> None:
    olena, taras = directory.candidates
    boss = directory.supervisors[0]
    conversation = await receive(deps, triaged(urgency="normal"))

    clock.advance(minutes=14, seconds=59)
    await tick(deps)
    assert publisher.of_type("conversation.escalated") == []

    clock.advance(seconds=1)  # 15:00
    await tick(deps)
    first = publisher.of_type("conversation.escalated")
    assert len(first) == 1 and isinstance(first[0], ConversationEscalated)
    assert first[0].escalation_level == 1 and set(first[0].offered_to) == {
        olena.consultant_id,
        taras.consultant_id,
    }
    assert (await reload(deps, conversation.id)).sla_breached

    clock.advance(minutes=15)  # 30:00: supervisors too
    await tick(deps)
    second = publisher.of_type("conversation.escalated")[-1]
    assert second.escalation_level == 2 and boss.consultant_id in second.offered_to  # type: ignore[attr-defined]
    await tick(deps)  # nothing twice
    assert len(publisher.of_type("conversation.escalated")) == 2
    assert (await audit_actions(deps, conversation.id)).count("escalated") == 2

    await flush_notices(deps)
    batched = [e for e in publisher.of_type("consultant.notified") if boss.consultant_id in e.consultant_ids]  # type: ignore[attr-defined]
    assert batched and batched[0].kind == "escalation"  # type: ignore[attr-defined]


async def test_an_emergency_repeats_until_claimed(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher, clock: FakeClock
) -> None:
    conversation = await receive(deps, triaged("передоз", urgency="emergency"))
    for _ in range(3):
        clock.advance(seconds=30)
        await tick(deps)
    alerts = [e for e in publisher.of_type("consultant.notified") if e.kind == "emergency"]  # type: ignore[attr-defined]
    assert [a.repeat for a in alerts] == [0, 1, 2, 3]  # type: ignore[attr-defined]
    await claim(deps, conversation.id, directory.candidates[0])
    clock.advance(seconds=30)
    await tick(deps)
    assert len([e for e in publisher.of_type("consultant.notified") if e.kind == "emergency"]) == 4  # type: ignore[attr-defined]


async def test_after_a_minute_the_client_is_told_their_place_in_their_language(
    deps: Deps, publisher: RecordingPublisher, clock: FakeClock
) -> None:
    await receive(deps, triaged(client="first", urgency="normal"))
    clock.advance(seconds=10)
    await receive(deps, triaged(client="second", urgency="high", lang="ru"))
    clock.advance(seconds=49)
    await tick(deps)
    assert publisher.of_type("outbound.message.requested") == []
    clock.advance(seconds=1)
    await tick(deps)
    notices = {e.lang: e for e in publisher.of_type("outbound.message.requested")}  # type: ignore[attr-defined]
    assert set(notices) == {"uk"}  # the second waited only 50 s
    assert (
        "2-і в черзі" in notices["uk"].text
    )  # the high-urgency one is ahead and notices["uk"].kind == "queue_notice"  # type: ignore[attr-defined]
    clock.advance(seconds=10)
    await tick(deps)
    russian = [e for e in publisher.of_type("outbound.message.requested") if e.lang == "ru"]  # type: ignore[attr-defined]
    assert "1-й в очереди" in russian[0].text and "103" in russian[0].text  # high: what to do meanwhile
    await tick(deps)
    assert len(publisher.of_type("outbound.message.requested")) == 2  # once each


async def test_no_reply_in_time_sends_it_back_to_the_queue_and_tells_the_consultant(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher, clock: FakeClock
) -> None:
    olena = directory.candidates[0]
    conversation = await receive(deps, triaged(client="slow"))
    await claim(deps, conversation.id, olena)
    clock.advance(minutes=10)
    await tick(deps)
    requeued = publisher.of_type("conversation.requeued")
    assert requeued and requeued[0].reason == "inactivity"  # type: ignore[attr-defined]
    told = [e for e in publisher.of_type("consultant.notified") if e.kind == "requeued"]  # type: ignore[attr-defined]
    assert told[0].consultant_ids == (olena.consultant_id,)  # type: ignore[attr-defined]
    assert (await reload(deps, conversation.id)).state == "offered"  # routed again
    assert "requeued" in await audit_actions(deps, conversation.id)


async def test_nobody_on_shift_gets_an_after_hours_reply_and_an_offer_when_the_shift_starts(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher, clock: FakeClock
) -> None:
    people = (directory.candidates, directory.supervisors)
    directory.candidates, directory.supervisors = [], []
    conversation = await receive(deps, triaged(client="night", lang="en"))
    reply = publisher.of_type("outbound.message.requested")
    assert len(reply) == 1 and isinstance(reply[0], OutboundMessageRequested)
    assert reply[0].kind == "after_hours" and "112" in reply[0].text and "09:00" in reply[0].text
    assert (await reload(deps, conversation.id)).state == "queued"

    await receive(deps, triaged("hello?", client="night", lang="en"))  # not repeated within the hour
    assert len(publisher.of_type("outbound.message.requested")) == 1

    directory.candidates, directory.supervisors = people
    clock.advance(seconds=30)
    await tick(deps)
    assert (await reload(deps, conversation.id)).state == "offered"


async def test_a_silent_directory_leaves_it_queued_and_the_sla_loop_retries(
    deps: Deps, directory: FakeDirectory, clock: FakeClock
) -> None:
    directory.silent = True
    conversation = await receive(deps, triaged(client="quiet"))
    stored = await reload(deps, conversation.id)
    assert stored.state == "queued" and stored.route_attempted_at is not None
    directory.silent = False
    clock.advance(seconds=10)
    await tick(deps)
    assert (await reload(deps, conversation.id)).state == "queued"  # retries every 30 s, not sooner
    clock.advance(seconds=20)
    await tick(deps)
    assert (await reload(deps, conversation.id)).state == "offered"


async def test_an_emergency_with_nobody_on_shift_is_noticed_to_nobody_in_particular_until_claimed(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher, clock: FakeClock
) -> None:
    directory.candidates, directory.supervisors = [], []
    text = "передозування, не дихає"
    await receive(deps, triaged(text, client="night-emergency", urgency="emergency", topics=("overdose",)))
    [notice] = [e for e in publisher.of_type("consultant.notified") if e.kind == "emergency"]  # type: ignore[attr-defined]
    # For Telegram's "emergencies at any time": the directory picks who gets it.
    assert notice.consultant_ids == () and notice.topics == ("overdose",)  # type: ignore[attr-defined]
    assert notice.lang == "uk" and notice.waiting_since is not None  # type: ignore[attr-defined]
    assert text not in notice.model_dump_json()
    clock.advance(seconds=30)
    await tick(deps)
    assert len([e for e in publisher.of_type("consultant.notified") if e.kind == "emergency"]) == 2  # type: ignore[attr-defined]


async def test_a_consultant_dmed_off_shift_about_an_emergency_opens_it_without_a_reason(
    deps: Deps, directory: FakeDirectory, clock: FakeClock
) -> None:
    """"Emergencies at any time": the DM reached them, so they have the need to know it."""
    night_owl = Candidate(consultant_id=uuid.uuid4(), alias="Oksana", languages=("uk",))
    stranger = Candidate(consultant_id=uuid.uuid4(), alias="Petro", languages=("uk",))
    directory.candidates, directory.supervisors, directory.on_call = [], [], [night_owl.consultant_id]
    emergency = triaged("передозування, не дихає", client="night", urgency="emergency")
    conversation = await receive(deps, emergency)
    calm = await receive(deps, triaged("питання про метадон", client="calm", topics=("ost",)))
    assert (await reload(deps, conversation.id)).offered_to == [str(night_owl.consultant_id)]
    assert (await reload(deps, calm.id)).offered_to == []  # on call for emergencies only
    directory.on_call = []  # their choice changed; the DM already went, so they stay
    clock.advance(seconds=30)
    await tick(deps)
    assert (await reload(deps, conversation.id)).offered_to == [str(night_owl.consultant_id)]

    shown = await on_view(deps, GetConversation(conversation_id=conversation.id, actor=actor(night_owl)))
    assert shown.refused is None and shown.messages
    refused = await on_view(deps, GetConversation(conversation_id=conversation.id, actor=actor(stranger)))
    assert refused.refused == "need_to_know"
    assert (await audit_actions(deps, conversation.id)).count("viewed") == 1


KEY = b"test-key-for-notifications"


def article(lang: str, title: str) -> ArticleView:
    return ArticleView(article_id=uuid.uuid4(), lang=lang, title=title, summary="Коротко.",  # type: ignore[arg-type]
                       body="…", topics=("ost",))


async def test_the_queue_notice_offers_articles_while_the_client_waits_but_never_in_an_emergency(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher, clock: FakeClock
) -> None:
    directory.articles = [article("ru", "Метадон за границей"), article("uk", "Метадон за кордоном")]
    await receive(deps, triaged("метадон в Польше", client="waits", lang="ru", topics=("ost",)))
    await receive(deps, triaged("передоз метадоном", client="dying", lang="ru", urgency="emergency",
                                topics=("overdose", "ost")))
    clock.advance(seconds=61)
    await tick(deps)
    sent = {e.client_id: e for e in publisher.of_type("outbound.message.requested")}  # type: ignore[attr-defined]
    waiting = sent[client_pseudonym(KEY, "web", "waits")].text  # type: ignore[attr-defined]
    assert "Пока вы ждёте, это может помочь:" in waiting and "• Метадон за границей" in waiting
    assert "Метадон за кордоном" not in waiting and "«Библиотека самопомощи»" in waiting
    urgent = sent[client_pseudonym(KEY, "web", "dying")].text  # type: ignore[attr-defined]
    assert "Метадон" not in urgent and "может помочь" not in urgent
    assert [q.lang for q in directory.asked_articles] == ["ru"]  # the emergency was not even asked about
    assert directory.asked_articles[0].topics == ("ost",)


async def test_a_client_in_poland_after_hours_reads_polish_numbers_and_the_directory_hears_the_country(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher
) -> None:
    directory.candidates, directory.supervisors = [], []
    in_poland = triaged(client="krakow", lang="uk").model_copy(update={"place": ClientPlace(country="PL")})
    await receive(deps, in_poland)
    [reply] = publisher.of_type("outbound.message.requested")
    assert isinstance(reply, OutboundMessageRequested) and reply.kind == "after_hours"
    assert "999 або 112 (Польща)" in reply.text and "103" not in reply.text
    assert directory.asked[-1].country == "PL"


async def test_a_client_who_did_not_say_reads_ukraines_and_the_eus_numbers_after_hours(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher
) -> None:
    directory.candidates, directory.supervisors = [], []
    await receive(deps, triaged(client="unsaid", lang="en"))
    [reply] = publisher.of_type("outbound.message.requested")
    assert "103 or 112 in Ukraine, 112 in the EU" in reply.text  # type: ignore[attr-defined]
    assert directory.asked[-1].country is None
