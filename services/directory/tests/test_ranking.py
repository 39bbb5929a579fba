"""Routing order: who may take a conversation, and in which order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from peerline_directory.domain.ranking import Need, Person, on_shift_roster, rank

T0 = datetime(2025, 6, 1, 12, tzinfo=UTC)


def person(alias: str, **overrides: object) -> Person:
    fields: dict[str, object] = {
        "consultant_id": uuid.uuid5(uuid.NAMESPACE_URL, alias), "alias": alias,
        "role": "consultant", "languages": frozenset({"uk"}), "topics": frozenset(),
        "countries": frozenset({"UA"}), "capacity": 3, "active": True, "on_shift": True,
        "presence": "available", "load": 0, "idle_since": T0,
    }
    fields.update(overrides)
    return Person(**fields)  # type: ignore[arg-type]


def aliases(people: tuple[Person, ...]) -> list[str]:
    return [p.alias for p in people]


UK = Need(lang="uk")


def test_only_available_on_shift_active_people_with_room_and_the_language() -> None:
    people = [
        person("ok"),
        person("away", presence="away"),
        person("busy", presence="busy"),
        person("gone", presence="offline"),
        person("full", load=3, capacity=3),
        person("russian only", languages=frozenset({"ru"})),
        person("off shift", on_shift=False),
        person("inactive", active=False),
    ]
    ranking = rank(people, UK)
    assert aliases(ranking.candidates) == ["ok"]
    assert ranking.on_shift_count == 6  # present or not, full or not; not off shift or inactive


def test_capacity_exhausted_leaves_no_candidate() -> None:
    ranking = rank([person("a", load=2, capacity=2), person("b", load=5, capacity=3)], UK)
    assert ranking.candidates == ()
    assert ranking.on_shift_count == 2


def test_language_mismatch_leaves_no_candidate() -> None:
    assert rank([person("a"), person("b")], Need(lang="en")).candidates == ()


def test_topic_skill_then_least_loaded_then_longest_idle() -> None:
    need = Need(lang="uk", topics=frozenset({"ost", "hiv"}))
    people = [
        person("no topic, idle for ages", idle_since=None),
        person("one topic, loaded", topics=frozenset({"ost"}), load=2),
        person("one topic, free, recently busy", topics=frozenset({"hiv"}), idle_since=T0),
        person("one topic, free, long idle", topics=frozenset({"ost"}),
               idle_since=T0 - timedelta(hours=2)),
        person("both topics, loaded", topics=frozenset({"ost", "hiv"}), load=2),
    ]
    assert aliases(rank(people, need).candidates) == [
        "both topics, loaded",
        "one topic, free, long idle",
        "one topic, free, recently busy",
        "one topic, loaded",
        "no topic, idle for ages",
    ]


def test_never_assigned_counts_as_longest_idle() -> None:
    people = [person("assigned earlier", idle_since=T0 - timedelta(days=3)),
              person("never assigned", idle_since=None)]
    assert aliases(rank(people, UK).candidates) == ["never assigned", "assigned earlier"]


def test_country_breaks_ties_within_the_same_topic_skill() -> None:
    need = Need(lang="uk", topics=frozenset({"ost"}), country="pl")
    people = [person("UA ost", topics=frozenset({"ost"})),
              person("PL ost", topics=frozenset({"ost"}), countries=frozenset({"PL"}), load=1),
              person("PL no topic", countries=frozenset({"PL"}))]
    assert aliases(rank(people, need).candidates) == ["PL ost", "UA ost", "PL no topic"]


def test_supervisors_on_shift_whatever_their_presence_or_load() -> None:
    people = [
        person("sup away", role="supervisor", presence="away"),
        person("sup full", role="supervisor", load=3, capacity=3, languages=frozenset({"ru"})),
        person("admin available", role="admin"),
        person("sup off shift", role="supervisor", on_shift=False),
        person("consultant"),
    ]
    ranking = rank(people, UK)
    assert aliases(ranking.supervisors) == ["admin available", "sup full", "sup away"]
    assert set(aliases(ranking.candidates)) == {"admin available", "consultant"}


def test_roster_lists_supervisors_first() -> None:
    people = [person("zed"), person("Ann"), person("Boss", role="supervisor"),
              person("off", on_shift=False)]
    assert [p.alias for p in on_shift_roster(people)] == ["Boss", "Ann", "zed"]
