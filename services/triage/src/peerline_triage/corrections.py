"""`peerline triage export-corrections`: consultants' corrections as labelled training data.

The corrections live with notifications, which owns conversations (a service writes only its
own tables); this asks it for them page by page over NATS request/reply
(`ExportTriageCorrections`), and writes JSON Lines in the taxonomy's format, the same fields
as `dev.jsonl`, ready for `peerline triage train --extra corrections.jsonl`.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from peerline_shared.bus import NO_ANSWER, create_bus, request
from peerline_shared.events import (
    ExportTriageCorrections,
    LabelledMessage,
    TriageCorrectionsPage,
    UnreadableMessage,
)
from peerline_shared.events import subjects as subj
from peerline_shared.settings import BaseServiceSettings

Ask = Callable[[ExportTriageCorrections], Awaitable[TriageCorrectionsPage]]
UNREACHABLE: tuple[type[BaseException], ...] = (*NO_ANSWER, OSError)


class ExportFailed(RuntimeError):
    """The export could not finish; nothing was written."""


@dataclass
class ExportSummary:
    written: int = 0
    skipped_without_text: int = 0
    pages: int = 0


def json_line(message: LabelledMessage) -> str:
    """One line exactly as in `dev.jsonl`: id, text, lang, urgency, topics; UTF-8 as is."""
    return json.dumps(message.model_dump(mode="json"), ensure_ascii=False)


async def pages(ask: Ask, *, requested_by: str, page_size: int) -> AsyncIterator[TriageCorrectionsPage]:
    after_id: int | None = 0
    while after_id is not None:
        page = await ask(
            ExportTriageCorrections(requested_by=requested_by, after_id=after_id, limit=page_size)
        )
        yield page
        if page.next_after_id is not None and page.next_after_id <= after_id:
            raise ExportFailed(f"notifications returned a page that does not advance (after {after_id})")
        after_id = page.next_after_id


async def collect(ask: Ask, *, requested_by: str, page_size: int) -> tuple[list[str], ExportSummary]:
    lines: list[str] = []
    summary = ExportSummary()
    async for page in pages(ask, requested_by=requested_by, page_size=page_size):
        summary.pages += 1
        summary.skipped_without_text += page.skipped_without_text
        lines.extend(json_line(item) for item in page.items)
    summary.written = len(lines)
    return lines, summary


async def export_over_nats(
    settings: BaseServiceSettings, *, requested_by: str, page_size: int, timeout: float
) -> tuple[list[str], ExportSummary]:
    bus = create_bus(settings, client_name="peerline-triage-export")

    async def ask(query: ExportTriageCorrections) -> TriageCorrectionsPage:
        subject = subj.rpc_notifications("export_corrections")
        return await request(bus, subject, query, TriageCorrectionsPage, timeout=timeout)

    try:
        await asyncio.wait_for(bus.connect(), timeout)
        return await collect(ask, requested_by=requested_by, page_size=page_size)
    except UnreadableMessage as exc:
        raise ExportFailed(f"notifications answered something unreadable: {exc}") from None
    except UNREACHABLE as exc:
        raise ExportFailed(
            f"notifications did not answer over NATS at {settings.nats_url} ({type(exc).__name__}): "
            "is the system running, and PEERLINE_NATS_URL set?"
        ) from None
    finally:
        await bus.stop()


def write_lines(lines: Iterable[str], out: Path | None, stdout: TextIO) -> None:
    """To stdout, or to `out` through a temporary file renamed into place (never half a file)."""
    if out is None:
        for line in lines:
            stdout.write(line + "\n")
        return
    descriptor, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            for line in lines:
                file.write(line + "\n")
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
