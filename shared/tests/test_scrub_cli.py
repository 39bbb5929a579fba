"""`peerline scrub`: JSON Lines in and out, bad lines reported with their number."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from peerline_shared.cli import app

runner = CliRunner()

GOOD = json.dumps({"id": 1, "text": "Мене звати Олена Коваленко, 067 123 45 67"}, ensure_ascii=False)


def test_scrubs_stdin_and_adds_redactions() -> None:
    result = runner.invoke(app, ["scrub"], input=GOOD + "\n")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.strip())
    assert record == {
        "id": 1,
        "text": "Мене звати [name], [phone]",
        "redactions": {"name": 1, "phone": 1},
    }


def test_bad_lines_are_reported_and_the_rest_processed(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [GOOD, "{not json", "[1, 2]", '{"text": 5}', "", json.dumps({"text": "all fine"})]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["scrub", str(source)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in out] == ["Мене звати [name], [phone]", "all fine"]
    assert "line 2: invalid JSON" in result.stderr
    assert "line 3: expected a JSON object" in result.stderr
    assert 'line 4: missing string field "text"' in result.stderr


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scrub", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
