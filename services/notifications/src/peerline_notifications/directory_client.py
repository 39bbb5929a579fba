"""Asking the directory who could take a conversation; silence is an answer, not an error."""

from __future__ import annotations

import uuid
from typing import Protocol

from peerline_notifications.metrics import ROUTING_DEFERRED
from peerline_shared.bus import Bus, request
from peerline_shared.events import (
    ArticlesFound,
    CandidatesFound,
    FindCandidates,
    ListOnShift,
    ListSpecialists,
    OnShiftListed,
    SpecialistsListed,
    SuggestArticles,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger

log = get_logger()


class Directory(Protocol):
    async def find(self, query: FindCandidates) -> CandidatesFound | None:
        """Candidates best first and supervisors, or None when the directory did not answer."""
        ...

    async def languages_of(self, consultant_id: uuid.UUID) -> frozenset[str]:
        """The languages a consultant on shift now takes from the queue; empty when they are
        not on shift or the directory did not answer (need-to-know fails closed)."""
        ...

    async def specialists(self, query: ListSpecialists) -> SpecialistsListed | None:
        """The specialist kinds and specialists asked for, or None when the directory did not answer."""
        ...

    async def suggest_articles(self, query: SuggestArticles) -> ArticlesFound:
        """Self-help articles for a waiting client; none when the directory did not answer."""
        ...


class NatsDirectory:
    def __init__(self, bus: Bus, timeout_s: float) -> None:
        self.bus = bus
        self.timeout_s = timeout_s

    async def find(self, query: FindCandidates) -> CandidatesFound | None:
        try:
            return await request(
                self.bus, subj.RPC_DIRECTORY_CANDIDATES, query, CandidatesFound, timeout=self.timeout_s
            )
        except Exception as exc:  # timeout, no responders, a reply we cannot read
            ROUTING_DEFERRED.labels("directory_unavailable").inc()
            log.warning(
                "routing.directory_unavailable", error_type=type(exc).__name__, timeout_s=self.timeout_s
            )
            return None

    async def languages_of(self, consultant_id: uuid.UUID) -> frozenset[str]:
        try:
            listed = await request(
                self.bus, subj.RPC_DIRECTORY_ON_SHIFT, ListOnShift(), OnShiftListed, timeout=self.timeout_s
            )
        except Exception as exc:  # as above: silence narrows what a consultant sees, nothing more
            log.warning("visibility.directory_unavailable", error_type=type(exc).__name__)
            return frozenset()
        return frozenset(
            lang for person in listed.consultants if person.consultant_id == consultant_id and person.on_shift
            for lang in person.languages
        )

    async def specialists(self, query: ListSpecialists) -> SpecialistsListed | None:
        try:
            return await request(
                self.bus, subj.RPC_DIRECTORY_SPECIALISTS, query, SpecialistsListed, timeout=self.timeout_s
            )
        except Exception as exc:  # as above: a referral waits for the directory, nothing breaks
            log.warning("specialists.directory_unavailable", error_type=type(exc).__name__)
            return None

    async def suggest_articles(self, query: SuggestArticles) -> ArticlesFound:
        try:
            return await request(
                self.bus, subj.RPC_DIRECTORY_SUGGEST_ARTICLES, query, ArticlesFound, timeout=self.timeout_s
            )
        except Exception as exc:  # the queue notice goes out without suggestions
            log.warning("selfhelp.directory_unavailable", error_type=type(exc).__name__)
            return ArticlesFound()
