"""Import, export, search and seeding of help services (callers own the transaction)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources

import yaml

from peerline_directory.domain.helpservices import HelpServiceRecord, is_stale, search_text
from peerline_directory.domain.search_terms import Synonyms, parse_query
from peerline_directory.helpservices import formats
from peerline_directory.helpservices.models import HelpService
from peerline_directory.helpservices.repository import Filters, HelpServiceRepository
from peerline_shared.events import HelpServiceItem, HelpServicesFound, SearchHelpServices

Progress = Callable[[int], None]
CHUNK = 200


@cache
def synonyms() -> Synonyms:
    text = resources.files("peerline_directory.helpservices").joinpath("synonyms.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    return {kind: tuple(str(word).casefold() for word in words) for kind, words in raw.items()}


def seed_records() -> tuple[HelpServiceRecord, ...]:
    data = resources.files("peerline_directory.helpservices").joinpath("seed.yaml").read_bytes()
    validated = formats.read(data, "yaml")
    if not validated.ok:
        raise RuntimeError(f"seed.yaml is invalid: {validated.errors[0]}")
    return validated.records


def fill(row: HelpService, record: HelpServiceRecord, now: datetime) -> HelpService:
    """Copy a record into a row, with the denormalised filter keys and the search text."""
    for name in ("name", "country", "city", "address", "latitude", "longitude", "opening_hours",
                 "contacts", "notes", "last_verified", "is_example"):
        setattr(row, name, getattr(record, name))
    row.kinds, row.languages = list(record.kinds), list(record.languages)
    row.kinds_key = "," + ",".join(record.kinds) + ","
    row.languages_key = "," + ",".join(record.languages) + ","
    row.city_key = record.city.casefold()
    row.search_text = search_text(record)
    row.updated_at = now
    return row


def record_of(row: HelpService) -> HelpServiceRecord:
    return HelpServiceRecord.model_validate({
        "id": row.id, "name": row.name, "kinds": row.kinds, "country": row.country,
        "city": row.city, "address": row.address, "latitude": row.latitude,
        "longitude": row.longitude, "languages": row.languages,
        "opening_hours": row.opening_hours, "contacts": row.contacts, "notes": row.notes,
        "last_verified": row.last_verified, "is_example": row.is_example,
    })


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int


async def import_records(repo: HelpServiceRepository, records: Sequence[HelpServiceRecord],
                         now: datetime, *, replace: bool = False,
                         progress: Progress | None = None) -> ImportSummary:
    """Entries with a known id are updated, the rest added; `replace` drops the others first."""
    if replace:
        await repo.delete_all()
    known = await repo.existing_ids([r.id for r in records if r.id is not None])
    created = updated = 0
    for start in range(0, len(records), CHUNK):
        for record in records[start:start + CHUNK]:
            row = await repo.get(record.id) if record.id in known else None
            if row is None:
                row = HelpService(created_at=now)
                if record.id is not None:
                    row.id = record.id
                repo.add(fill(row, record, now))
                created += 1
            else:
                fill(row, record, now)
                updated += 1
        await repo.session.flush()
        if progress is not None:
            progress(min(CHUNK, len(records) - start))
    return ImportSummary(created, updated)


async def export_records(repo: HelpServiceRepository) -> list[HelpServiceRecord]:
    return [record_of(row) for row in await repo.list_all()]


def item_of(row: HelpService, today: date) -> HelpServiceItem:
    return HelpServiceItem(
        service_id=row.id, name=row.name, kinds=tuple(row.kinds),
        country=row.country, city=row.city, address=row.address,
        languages=tuple(row.languages), opening_hours=row.opening_hours, contacts=row.contacts,
        notes=row.notes, last_verified=row.last_verified,
        stale=is_stale(row.last_verified, today), is_example=row.is_example,
    )


async def search(repo: HelpServiceRepository, query: SearchHelpServices,
                 today: date) -> HelpServicesFound:
    terms = parse_query(query.text, synonyms())
    filters = Filters(kind=query.kind, country=query.country,
                      city_key=query.city.strip().casefold() if query.city else None,
                      lang=query.lang)
    found = await repo.search(terms, filters, query.limit)
    return HelpServicesFound(items=tuple(item_of(row, today) for row, _ in found))


async def seed_examples_if_empty(repo: HelpServiceRepository, now: datetime) -> int:
    if await repo.count() > 0:
        return 0
    records = seed_records()
    await import_records(repo, records, now)
    return len(records)
