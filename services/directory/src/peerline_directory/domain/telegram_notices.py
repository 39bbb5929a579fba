"""Who gets a consultant notice as a Telegram DM, pure.

A linked consultant chooses: DMs only while on shift (`on_shift`), or also emergencies at any
time (`emergencies_any_time`; for supervisors and admins escalations too). On shift, they get
the DM kinds of the notices meant for them; off shift with the second choice, every emergency
in a language they speak, whoever it was offered to (nobody may be on shift at 03:00). A
referral to a kind of specialist reaches the specialists it names, on shift or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from peerline_shared.events.vocabulary import LANGS, SUPERVISING_ROLES, Lang, Role

DM_KINDS = frozenset({"new_conversation", "emergency", "escalation", "transferred_to_you",
                      "specialist_referral"})
"""An offer, an emergency alert (and its repeats), an escalation, a transfer to them, a
referral to their kind of specialist."""
OFF_SHIFT_KINDS = frozenset({"specialist_referral"})
"""Meant for people who answer outside shifts (specialists): DMed on shift or not."""


@dataclass(frozen=True)
class Linked:
    """A consultant linked to Telegram, at the instant a notice is sent."""

    role: Role
    mode: str
    on_shift: bool
    languages: frozenset[str]


def wants_dm(person: Linked, *, kind: str, meant_for_them: bool, lang: str | None) -> bool:
    if kind not in DM_KINDS:
        return False
    if kind in OFF_SHIFT_KINDS:
        return meant_for_them
    if person.on_shift:
        return meant_for_them
    if person.mode != "emergencies_any_time":
        return False
    if kind == "emergency":
        return lang is None or lang in person.languages
    return kind == "escalation" and person.role in SUPERVISING_ROLES


def on_call_for_emergency(person: Linked, lang: str) -> bool:
    """Off shift and DMed about an emergency in `lang` whoever it is offered to: routing names
    them to notifications, which gives them the need to know it (no break-glass reason)."""
    return not person.on_shift and wants_dm(person, kind="emergency", meant_for_them=False, lang=lang)


def dm_language(languages: list[str]) -> Lang:
    """The consultant's first language the bot speaks; Ukrainian otherwise."""
    spoken = [lang for language in languages for lang in LANGS if lang == language]
    return spoken[0] if spoken else "uk"
