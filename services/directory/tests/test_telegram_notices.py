"""Who gets a notice as a Telegram DM (pure rule)."""

from __future__ import annotations

from peerline_directory.domain.telegram_notices import Linked, dm_language, on_call_for_emergency, wants_dm


def person(*, on_shift: bool, mode: str = "on_shift", role: str = "consultant") -> Linked:
    return Linked(role=role, mode=mode, on_shift=on_shift, languages=frozenset({"uk", "ru"}))  # type: ignore[arg-type]


def test_on_shift_every_dm_kind_meant_for_them_and_nothing_else() -> None:
    here = person(on_shift=True)
    for kind in ("new_conversation", "emergency", "escalation", "transferred_to_you"):
        assert wants_dm(here, kind=kind, meant_for_them=True, lang="uk")
        assert not wants_dm(here, kind=kind, meant_for_them=False, lang="uk")
    for kind in ("taken", "requeued", "client_message", "undeliverable"):
        assert not wants_dm(here, kind=kind, meant_for_them=True, lang="uk")


def test_off_shift_only_by_choice_emergencies_in_their_languages() -> None:
    assert not wants_dm(person(on_shift=False), kind="emergency", meant_for_them=True, lang="uk")
    any_time = person(on_shift=False, mode="emergencies_any_time")
    assert wants_dm(any_time, kind="emergency", meant_for_them=False, lang="uk")
    assert not wants_dm(any_time, kind="emergency", meant_for_them=False, lang="en")
    assert not wants_dm(any_time, kind="new_conversation", meant_for_them=True, lang="uk")
    assert not wants_dm(any_time, kind="escalation", meant_for_them=True, lang="uk")


def test_off_shift_supervisors_who_chose_so_get_escalations() -> None:
    supervisor = person(on_shift=False, mode="emergencies_any_time", role="supervisor")
    assert wants_dm(supervisor, kind="escalation", meant_for_them=False, lang="uk")
    assert not wants_dm(person(on_shift=False, role="supervisor"), kind="escalation",
                        meant_for_them=True, lang="uk")


def test_the_dm_language_is_the_first_the_bot_speaks() -> None:
    assert dm_language(["ru", "uk"]) == "ru"
    assert dm_language(["pl", "en"]) == "en"
    assert dm_language([]) == "uk"


def test_a_specialist_referral_reaches_the_specialists_it_names_on_shift_or_not() -> None:
    for on_shift in (True, False):
        assert wants_dm(person(on_shift=on_shift), kind="specialist_referral", meant_for_them=True, lang="uk")
        assert not wants_dm(person(on_shift=on_shift), kind="specialist_referral", meant_for_them=False,
                            lang="uk")


def test_on_call_for_an_emergency_means_off_shift_by_choice_in_their_language() -> None:
    any_time = person(on_shift=False, mode="emergencies_any_time")
    assert on_call_for_emergency(any_time, "uk") and not on_call_for_emergency(any_time, "en")
    assert not on_call_for_emergency(person(on_shift=False), "uk")
    # On shift, they are offered it like anyone on shift: not "on call".
    assert not on_call_for_emergency(person(on_shift=True, mode="emergencies_any_time"), "uk")
