"""Consultants correct triage; notifications keeps each correction as labelled data.

A correction changes a conversation's urgency and topics (`CorrectTriage`, from the console
with the signed-in `Actor`). Supervisors see how often triage was corrected
(`GetTriageCorrectionStats`); the triage CLI pages the corrections out as labelled messages
in the taxonomy's format (`ExportTriageCorrections`).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator

from peerline_shared.events.base import Command, Query, Reply, Text, WireModel
from peerline_shared.events.commands import Actor
from peerline_shared.events.common import Lang, Topic, Urgency

MAX_EXPORT_PAGE = 500


class CorrectTriage(Command):
    """Set a conversation's urgency and topics (the first topic is the main one)."""

    type: Literal["command.correct_triage"] = "command.correct_triage"
    schema_version: Literal[1] = 1
    conversation_id: uuid.UUID
    actor: Actor
    urgency: Urgency
    topics: tuple[Topic, ...] = Field(min_length=1, max_length=10)

    @field_validator("topics")
    @classmethod
    def _distinct(cls, topics: tuple[Topic, ...]) -> tuple[Topic, ...]:
        if len(set(topics)) != len(topics):
            raise ValueError("each topic at most once")
        return topics


class GetTriageCorrectionStats(Query):
    """Supervisors: how often triage was corrected between `since` and `until`."""

    type: Literal["query.triage_correction_stats"] = "query.triage_correction_stats"
    schema_version: Literal[1] = 1
    actor: Actor
    since: datetime
    until: datetime


class UrgencyChange(WireModel):
    """Conversations whose urgency went from what triage said to what a consultant set."""

    triaged: Urgency
    corrected: Urgency
    count: int = Field(ge=0)


class TriageCorrectionStats(Reply):
    type: Literal["query.triage_correction_stats_shown"] = "query.triage_correction_stats_shown"
    schema_version: Literal[1] = 1
    error: str | None = None
    """"forbidden" when the actor is not a supervisor or admin."""
    since: datetime | None = None
    until: datetime | None = None
    conversations_opened: int = 0
    conversations_corrected: int = 0
    opened_by_urgency: dict[Urgency, int] = Field(default_factory=dict)
    """Conversations opened in the period, by the urgency triage gave them."""
    corrected_by_urgency: dict[Urgency, int] = Field(default_factory=dict)
    """Of those, how many a consultant moved to another urgency, by triage's urgency."""
    changes: tuple[UrgencyChange, ...] = ()
    topics_only: int = 0
    """Corrected conversations whose urgency stayed and whose topics changed."""


class ExportTriageCorrections(Query):
    """One page of corrections as labelled messages, oldest first, after `after_id`."""

    type: Literal["query.export_triage_corrections"] = "query.export_triage_corrections"
    schema_version: Literal[1] = 1
    requested_by: str = Field(min_length=1, max_length=64)
    """Who runs the export (recorded in the audit log)."""
    after_id: int = Field(default=0, ge=0)
    limit: int = Field(default=200, ge=1, le=MAX_EXPORT_PAGE)


class LabelledMessage(WireModel):
    """One line of the taxonomy's data format (`../triage/dev.jsonl`)."""

    id: str
    text: Text
    lang: Lang
    urgency: Urgency
    topics: tuple[Topic, ...]


class TriageCorrectionsPage(Reply):
    type: Literal["query.triage_corrections_page"] = "query.triage_corrections_page"
    schema_version: Literal[1] = 1
    items: tuple[LabelledMessage, ...] = ()
    next_after_id: int | None = None
    """Pass as `after_id` for the next page; None when this page was the last."""
    skipped_without_text: int = 0
    """Corrections on this page whose client text is gone (erased or past retention)."""
