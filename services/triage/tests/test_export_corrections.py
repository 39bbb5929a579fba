"""`peerline triage export-corrections`: pages asked of notifications, written as dev.jsonl
lines, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerline_shared.events import ExportTriageCorrections, LabelledMessage, TriageCorrectionsPage
from peerline_triage.cli import app
from peerline_triage.corrections import ExportFailed, collect, json_line, write_lines

DEV = Path(__file__).resolve().parents[3].parent / "shared" / "triage" / "dev.jsonl"
DATASET_FIELDS = ["id", "text", "lang", "urgency", "topics"]


def _line(n: int) -> LabelledMessage:
    return LabelledMessage(
        id=f"corr-{n}", text=f"текст {n}", lang="uk", urgency="high", topics=("ost", "legal")
    )


class Notifications:
    """Answers pages like notifications does: `pages` holds (items, next_after_id, skipped)."""

    def __init__(self, pages: list[tuple[list[int], int | None, int]]) -> None:
        self.pages = pages
        self.asked: list[ExportTriageCorrections] = []

    async def __call__(self, query: ExportTriageCorrections) -> TriageCorrectionsPage:
        self.asked.append(query)
        numbers, next_after_id, skipped = self.pages[len(self.asked) - 1]
        return TriageCorrectionsPage(
            items=tuple(_line(n) for n in numbers), next_after_id=next_after_id, skipped_without_text=skipped
        )


def test_a_line_has_exactly_the_fields_of_the_development_set_in_its_order() -> None:
    line = json.loads(json_line(_line(3)))
    assert list(line) == DATASET_FIELDS
    assert line == {
        "id": "corr-3",
        "text": "текст 3",
        "lang": "uk",
        "urgency": "high",
        "topics": ["ost", "legal"],
    }
    assert "текст" in json_line(_line(3))  # UTF-8 as is, like dev.jsonl, not \\u escapes
    if DEV.is_file():
        assert list(json.loads(DEV.read_text(encoding="utf-8").splitlines()[0])) == DATASET_FIELDS


async def test_pages_are_asked_in_turn_until_the_last() -> None:
    notifications = Notifications([([1, 2], 2, 0), ([4], 5, 1), ([], None, 0)])
    lines, summary = await collect(notifications, requested_by="olena", page_size=2)
    assert [json.loads(line)["id"] for line in lines] == ["corr-1", "corr-2", "corr-4"]
    assert [q.after_id for q in notifications.asked] == [0, 2, 5]
    assert {(q.requested_by, q.limit) for q in notifications.asked} == {("olena", 2)}
    assert (summary.written, summary.skipped_without_text, summary.pages) == (3, 1, 3)


async def test_a_page_that_does_not_advance_stops_the_export() -> None:
    notifications = Notifications([([1], 4, 0), ([2], 4, 0)])
    with pytest.raises(ExportFailed, match="does not advance"):
        await collect(notifications, requested_by="olena", page_size=1)


def test_a_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    out = tmp_path / "corrections.jsonl"
    write_lines([json_line(_line(1)), json_line(_line(2))], out, stdout=None)  # type: ignore[arg-type]
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        "corr-1",
        "corr-2",
    ]

    def broken() -> Iterator[str]:
        yield json_line(_line(3))
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_lines(broken(), out, stdout=None)  # type: ignore[arg-type]
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        "corr-1",
        "corr-2",
    ]
    assert [path.name for path in tmp_path.iterdir()] == ["corrections.jsonl"]  # no temporary left


def test_without_notifications_the_command_fails_clearly_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEERLINE_NATS_URL", "nats://127.0.0.1:1")
    out = tmp_path / "corrections.jsonl"
    result = CliRunner().invoke(app, ["export-corrections", "--out", str(out), "--timeout", "1"])
    assert result.exit_code == 1
    assert "notifications did not answer" in result.stderr and "nothing written" in result.stderr
    assert not out.exists()
