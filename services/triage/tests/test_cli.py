from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from peerline_triage.cli import app

runner = CliRunner()


def test_classify_passes_fields_through_and_reports_bad_lines(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": 1, "text": "он не дышит"}\nnot json\n{"id": 3}\n{"id": 4, "text": "спасибо"}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["classify", str(source)])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["id"] for r in rows] == [1, 4]
    assert rows[0]["urgency"] == "emergency"
    assert {"topics", "lang", "confidence", "signals"} <= rows[0].keys()
    assert "line 2" in result.stderr and "line 3" in result.stderr


def test_classify_reads_stdin() -> None:
    result = runner.invoke(app, ["classify"], input='{"text": "де взяти налоксон"}\n')
    assert result.exit_code == 0
    assert json.loads(result.stdout)["urgency"] == "normal"


def test_evaluate_json(tmp_path: Path) -> None:
    source = tmp_path / "gold.jsonl"
    source.write_text(
        '{"id": "dev-0001", "text": "он не дышит", "urgency": "emergency", "topics": ["overdose"]}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["evaluate", str(source), "--json", "--folds"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["all"]["emergency_recall"] == 1.0
