"""Fixtures: a real database (SQLite file; PostgreSQL in its own schema), a fake directory,
a recording publisher and a clock the test moves."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications.audit.models import HEAD_ID, AuditHead
from peerline_notifications.db import serialise_sqlite_writes
from peerline_notifications.deps import Deps
from peerline_notifications.models import metadata
from peerline_notifications.settings import NotificationsSettings
from peerline_shared.audit_chain import GENESIS_HASH
from peerline_shared.db import create_engine, session_factory
from peerline_shared.events import (
    ArticlesFound,
    ArticleView,
    Candidate,
    CandidatesFound,
    EventBase,
    FindCandidates,
    ListSpecialists,
    MessageTriaged,
    SpecialistsListed,
    SuggestArticles,
    encode,
    utc_now,
)
from peerline_shared.i18n import Catalogue
from peerline_shared.privacy.pseudonym import client_pseudonym
from peerline_testing.databases import POSTGRES_TEST_URL

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class FakeDirectory:
    """Answers FindCandidates like the directory does; `silent` is a directory that times out."""

    candidates: list[Candidate] = field(default_factory=list)
    supervisors: list[Candidate] = field(default_factory=list)
    silent: bool = False
    asked: list[FindCandidates] = field(default_factory=list)
    specialists_listed: SpecialistsListed = field(default_factory=SpecialistsListed)
    """What `ListSpecialists` answers, filtered by its kind and consultant as the directory does."""
    articles: list[ArticleView] = field(default_factory=list)
    """What `SuggestArticles` answers (the directory's own selection is tested there)."""
    asked_articles: list[SuggestArticles] = field(default_factory=list)
    on_call: list[uuid.UUID] = field(default_factory=list)
    """Off shift, "emergencies at any time": named for emergencies, as the directory does."""

    async def find(self, query: FindCandidates) -> CandidatesFound | None:
        self.asked.append(query)
        if self.silent:
            return None
        matching = tuple(c for c in self.candidates if query.lang in c.languages)
        return CandidatesFound(
            candidates=matching,
            supervisors=tuple(self.supervisors),
            on_shift_count=len(matching) + len(self.supervisors),
            on_call=tuple(self.on_call) if query.urgency == "emergency" else (),
        )

    async def languages_of(self, consultant_id: uuid.UUID) -> frozenset[str]:
        if self.silent:
            return frozenset()
        people = (*self.candidates, *self.supervisors)
        return frozenset(lang for p in people if p.consultant_id == consultant_id for lang in p.languages)


    async def specialists(self, query: ListSpecialists) -> SpecialistsListed | None:
        if self.silent:
            return None
        people = tuple(
            p for p in self.specialists_listed.specialists
            if (query.kind is None or query.kind in p.kinds)
            and (query.consultant_id is None or p.consultant_id == query.consultant_id)
        )
        return self.specialists_listed.model_copy(update={"specialists": people})

    async def suggest_articles(self, query: SuggestArticles) -> ArticlesFound:
        self.asked_articles.append(query)
        if self.silent:
            return ArticlesFound()
        return ArticlesFound(items=tuple(a for a in self.articles if a.lang == query.lang)[: query.limit])


@dataclass
class RecordingPublisher:
    published: list[tuple[EventBase, str]] = field(default_factory=list)

    async def publish_event(self, event: EventBase, subject: str) -> None:
        self.published.append((event, subject))

    async def publish_events(self, events: Sequence[tuple[EventBase, str]]) -> None:
        for event, subject in events:
            await self.publish_event(event, subject)

    async def publish_encoded(self, events: Sequence[tuple[EventBase, str, bytes]]) -> None:
        for event, subject, body in events:
            assert body == encode(event), "the outbox's body is the bus's own encoding, byte for byte"
            await self.publish_event(event, subject)

    def of_type(self, event_type: str) -> list[EventBase]:
        return [event for event, _ in self.published if event.type == event_type]


def consultant(
    alias: str,
    *,
    role: str = "consultant",
    load: int = 0,
    capacity: int = 3,
    languages: tuple[str, ...] = ("uk", "ru", "en"),
) -> Candidate:
    return Candidate(
        consultant_id=uuid.uuid4(),
        alias=alias,
        role=role,
        languages=languages,  # type: ignore[arg-type]
        load=load,
        capacity=capacity,
    )


def triaged(
    text: str = "потрібна допомога",
    *,
    client: str = "client-1",
    urgency: str = "normal",
    lang: str = "uk",
    topics: tuple[str, ...] = ("other",),
    received_at: datetime | None = None,
) -> MessageTriaged:
    """A triaged message; received now by the wall clock unless told (retention purges text
    older than 90 days, and a running service's retention loop uses the wall clock)."""
    return MessageTriaged(
        message_event_id=uuid.uuid4(),
        received_at=received_at or utc_now(),
        client_id=client_pseudonym(b"test-key-for-notifications", "web", client),
        channel="web",
        text=text,
        urgency=urgency,
        message_urgency=urgency,  # type: ignore[arg-type]
        topics=topics,
        lang=lang,
        confidence=0.9,  # type: ignore[arg-type]
    )


async def prepare_schema(engine: AsyncEngine) -> None:
    """What migrations 0001-0003 create, for tests that build a fresh schema."""
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    async with session_factory(engine)() as session, session.begin():
        session.add(
            AuditHead(
                id=HEAD_ID, sequence=0, record_hash=GENESIS_HASH, pruned_through=0, pruned_hash=GENESIS_HASH
            )
        )


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'notifications.sqlite'}"


@pytest_asyncio.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url(tmp_path))
    serialise_sqlite_writes(engine)
    await prepare_schema(engine)
    yield engine
    await engine.dispose()


@pytest_asyncio.fixture
async def postgres_engine() -> AsyncIterator[AsyncEngine]:
    schema = f"test_notifications_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_TEST_URL)
    try:
        async with admin.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # pragma: no cover - depends on the machine
        await admin.dispose()
        pytest.skip(f"PostgreSQL not available: {type(exc).__name__}")
    engine = create_engine(POSTGRES_TEST_URL, connect_args={"server_settings": {"search_path": schema}})
    await prepare_schema(engine)
    yield engine
    await engine.dispose()
    async with admin.begin() as connection:
        await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    await admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_engine(request: pytest.FixtureRequest) -> AsyncEngine:
    engine: AsyncEngine = request.getfixturevalue(f"{request.param}_engine")
    return engine


@pytest.fixture
def settings(tmp_path: Path) -> NotificationsSettings:
    return NotificationsSettings(database_url=sqlite_url(tmp_path), notice_batch_s=0.2, sla_tick_s=0.2)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def directory() -> FakeDirectory:
    return FakeDirectory(
        candidates=[consultant("Olena"), consultant("Taras")],
        supervisors=[consultant("Iryna", role="supervisor")],
    )


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
def make_deps(
    settings: NotificationsSettings, clock: FakeClock, directory: FakeDirectory, publisher: RecordingPublisher
):  # type: ignore[no-untyped-def]
    def make(engine: AsyncEngine) -> Deps:
        return Deps(
            sessions=session_factory(engine),
            publisher=publisher,
            directory=directory,
            settings=settings,
            catalogue=Catalogue.load("peerline_notifications"),
            clock=clock,
        )

    return make


@pytest.fixture
def deps(make_deps, sqlite_engine: AsyncEngine) -> Deps:  # type: ignore[no-untyped-def]
    deps: Deps = make_deps(sqlite_engine)
    return deps


@pytest_asyncio.fixture
async def replica_engines(postgres_engine: AsyncEngine) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    """The test's PostgreSQL schema through two engines."""
    async with postgres_engine.connect() as connection:
        schema = (await connection.execute(text("SELECT current_schema()"))).scalar_one()
    other = create_engine(POSTGRES_TEST_URL, connect_args={"server_settings": {"search_path": schema}})
    yield postgres_engine, other
    await other.dispose()
