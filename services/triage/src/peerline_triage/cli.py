"""`peerline triage ...` commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from peerline_shared.service_cli import add_service_commands

app = typer.Typer(name="triage", help="Peerline triage service commands.", no_args_is_help=True)


def _read_lines(file: Path | None) -> Iterator[tuple[int, str]]:
    stream: TextIO = file.open(encoding="utf-8") if file else sys.stdin
    try:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                yield number, line
    finally:
        if file:
            stream.close()


def _parse(number: int, line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {number}: invalid JSON ({exc.msg})") from exc
    if not isinstance(record, dict):
        raise ValueError(f"line {number}: expected a JSON object")
    if not isinstance(record.get("text"), str):
        raise ValueError(f"line {number}: missing string field 'text'")
    return record


@app.command()
def classify(
    file: Annotated[Path | None, typer.Argument(help="JSON Lines with `text`; stdin if absent")] = None,
) -> None:
    """Add urgency, topics, lang, confidence and signals to each JSON line."""
    from peerline_triage.classifier import Classifier

    classifier = Classifier.load()
    bad = 0
    for number, line in _read_lines(file):
        try:
            record = _parse(number, line)
        except ValueError as exc:
            bad += 1
            typer.echo(f"error: {exc}", err=True)
            continue
        result = classifier.classify(record["text"])
        record.update(
            urgency=result.urgency,
            topics=list(result.topics),
            lang=result.lang,
            confidence=result.confidence,
            emergency_kind=result.emergency_kind,
            transliterated=result.transliterated,
            signals=[
                {"cue": s.cue, "kind": s.kind, "label": s.label, "words": list(s.words), "weight": s.weight}
                for s in result.signals
            ],
        )
        typer.echo(json.dumps(record, ensure_ascii=False))
    if bad:
        typer.echo(f"{bad} line(s) could not be classified", err=True)
        raise typer.Exit(code=1)


def _format_report(name: str, report: Any) -> str:
    from peerline_triage.evaluation import URGENCY_ORDER

    lines = [
        f"== {name} ({report.count} messages)",
        f"emergency recall     {report.emergency_recall:.3f}",
        f"emergency precision  {report.emergency_precision:.3f}",
        f"under-triage rate    {report.under_triage:.3f}",
        f"urgency accuracy     {report.urgency_accuracy:.3f}",
        f"urgency macro-F1     {report.urgency_macro_f1:.3f}",
        f"topic macro-F1       {report.topic_macro_f1:.3f}",
    ]
    if report.lang_accuracy is not None:
        lines.append(f"language accuracy    {report.lang_accuracy:.3f}")
    lines.append("confusion (rows: label, columns: predicted)")
    lines.append("            " + " ".join(f"{p:>9}" for p in URGENCY_ORDER))
    for truth in URGENCY_ORDER:
        row = report.confusion[truth]
        lines.append(f"{truth:>10}  " + " ".join(f"{row[p]:>9}" for p in URGENCY_ORDER))
    return "\n".join(lines)


@app.command()
def evaluate(
    file: Annotated[Path, typer.Argument(help="labelled JSON Lines (id, text, urgency, topics)")],
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
    folds: Annotated[bool, typer.Option("--folds", help="also per writer (id ranges)")] = False,
) -> None:
    """Score the classifier on labelled messages (see TAXONOMY.md for the measures)."""
    from peerline_triage.classifier import Classifier
    from peerline_triage.evaluation import Labelled, Predicted, evaluate, split_folds

    classifier = Classifier.load()
    pairs: list[tuple[Labelled, Predicted]] = []
    bad = 0
    for number, line in _read_lines(file):
        try:
            record = _parse(number, line)
            gold = Labelled(
                id=str(record.get("id", number)),
                text=record["text"],
                urgency=str(record["urgency"]),
                topics=tuple(record["topics"]),
                lang=record.get("lang"),
            )
        except (ValueError, KeyError, TypeError) as exc:
            bad += 1
            typer.echo(f"error: line {number}: {exc}", err=True)
            continue
        result = classifier.classify(gold.text)
        pairs.append((gold, Predicted(result.urgency, result.topics, result.lang)))
    reports = {"all": evaluate(pairs)}
    if folds:
        reports.update({k: evaluate(v) for k, v in split_folds(pairs).items() if v})
    if as_json:
        typer.echo(json.dumps({k: r.as_dict() for k, r in reports.items()}, ensure_ascii=False))
    else:
        for name, report in reports.items():
            typer.echo(_format_report(name, report) + "\n")
        missed = reports["all"].missed_emergencies
        typer.echo(f"missed emergencies ({len(missed)}):")
        for miss in missed:
            typer.echo(f"  {miss.id} [{miss.predicted}] {miss.text}")
    if bad:
        raise typer.Exit(code=1)


@app.command("export-corrections")
def export_corrections(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="file to write; stdout if absent")] = None,
    by: Annotated[str, typer.Option("--by", help="who exports (recorded in the audit log)")] = "",
    page_size: Annotated[int, typer.Option("--page-size", min=1, max=500)] = 200,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="seconds to wait for a page")] = 10.0,
) -> None:
    """Write consultants' triage corrections as labelled JSON Lines (the format of dev.jsonl),
    asked of notifications over NATS: retrain with `peerline triage train --extra FILE`."""
    import asyncio
    import getpass

    from peerline_triage.corrections import ExportFailed, export_over_nats, write_lines

    try:
        exporter = (by or getpass.getuser())[:64]
        lines, summary = asyncio.run(
            export_over_nats(_settings(), requested_by=exporter, page_size=page_size, timeout=timeout)
        )
    except ExportFailed as exc:
        typer.echo(f"error: {exc}; nothing written", err=True)
        raise typer.Exit(code=1) from None
    write_lines(lines, out, sys.stdout)
    skipped = f" ({summary.skipped_without_text} without client text left: erased or past retention)"
    typer.echo(
        f"{summary.written} correction(s) written to {out or 'stdout'}"
        + (skipped if summary.skipped_without_text else ""),
        err=True,
    )


def _app_factory(settings: Any) -> Any:
    from peerline_triage.main import create_app

    return create_app(settings)


def _settings() -> Any:
    from peerline_triage.settings import TriageSettings

    return TriageSettings()


add_service_commands(app, settings_factory=_settings, app_factory=_app_factory)
