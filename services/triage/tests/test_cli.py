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


def test_classify_says_whether_first_aid_goes_out() -> None:
    result = runner.invoke(app, ["classify"], input='{"text": "he is not breathing, lips are blue"}\n'
                                                    '{"text": "where can i get an hiv test"}\n')
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["urgency"], r["first_aid"]) for r in rows] == [("emergency", True), ("normal", False)]


def test_evaluate_leave_one_voice_out_prints_each_voice_and_the_pool(tmp_path: Path) -> None:
    source = tmp_path / "gold.jsonl"
    lines = []
    for voice, start in enumerate((1, 401, 701)):
        for offset, (text, urgency) in enumerate([
            (f"мій друг не дихає, губи сині {voice}", "emergency"),
            ("he is not breathing at all", "emergency"),
            ("де взяти метадон", "normal"),
            (f"where can i get clean needles {voice}", "normal"),
        ]):
            lines.append(json.dumps({"id": f"dev-{start + offset}", "text": text, "urgency": urgency,
                                     "topics": ["other"]}))
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--leave-one-voice-out", str(source), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"all", "1-400", "401-700", "701-1000"}
    assert report["all"]["count"] == 12 and report["all"]["first_aid_precision"] is not None
