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
    """Add urgency, topics, lang, first_aid, confidence and signals to each JSON line."""
    from peerline_triage.classifier import Classifier

    classifier = Classifier.load()
    if classifier.model_error:
        typer.echo(f"warning: {classifier.model_error}; classifying by the lexicons alone", err=True)
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
            first_aid=result.first_aid,
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
    if report.first_aid_precision is not None:
        lines.append(f"first-aid precision  {report.first_aid_precision:.3f} ({report.first_aid_count} sent)")
    if report.lang_accuracy is not None:
        lines.append(f"language accuracy    {report.lang_accuracy:.3f}")
    lines.append("confusion (rows: label, columns: predicted)")
    lines.append("            " + " ".join(f"{p:>9}" for p in URGENCY_ORDER))
    for truth in URGENCY_ORDER:
        row = report.confusion[truth]
        lines.append(f"{truth:>10}  " + " ".join(f"{row[p]:>9}" for p in URGENCY_ORDER))
    return "\n".join(lines)


def _read_labelled(files: list[Path]) -> tuple[list[Any], list[str], int]:
    """Labelled records of several files, each with its voice: the development voices by id
    range, any other file (an organisation's corrections) one voice of its own."""
    from peerline_triage.evaluation import parse_labelled, voice_of

    records: list[Any] = []
    voices: list[str] = []
    bad = 0
    for file in files:
        for number, line in _read_lines(file):
            try:
                record = parse_labelled(_parse(number, line), number)
            except ValueError as exc:
                bad += 1
                typer.echo(f"error: {file.name}: {exc}", err=True)
                continue
            records.append(record)
            voices.append(voice_of(record.id) or f"file:{file.name}")
    return records, voices, bad


@app.command()
def evaluate(
    files: Annotated[list[Path], typer.Argument(help="labelled JSON Lines (id, text, urgency, topics)")],
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
    folds: Annotated[bool, typer.Option("--folds", help="also per writer (id ranges)")] = False,
    leave_one_voice_out: Annotated[
        bool,
        typer.Option("--leave-one-voice-out", help="for each voice, build the model on the others only"),
    ] = False,
) -> None:
    """Score the classifier on labelled messages (see TAXONOMY.md for the measures).

    Without --leave-one-voice-out the packaged model scores messages it may have been trained
    on; with it, every voice is scored by a model (and tier thresholds) built without it, per
    voice and pooled: the honest figure."""
    from peerline_triage.classifier import Classifier
    from peerline_triage.evaluation import Predicted, evaluate

    records, voices, bad = _read_labelled(files)
    if leave_one_voice_out:
        from peerline_triage.training import leave_one_voice_out as held_out

        lexicons = Classifier.load(model=False)
        lexicon = [lexicons.classify_by_lexicons(r.text) for r in records]
        results = held_out(records, voices, lexicon)
        folds = True
    else:
        classifier = Classifier.load()
        if classifier.model_error:
            typer.echo(f"warning: {classifier.model_error}; scoring the lexicons alone", err=True)
        results = [classifier.classify(r.text) for r in records]
    pairs = [(gold, Predicted(res.urgency, res.topics, res.lang, res.first_aid))
             for gold, res in zip(records, results, strict=True)]
    reports = {"all": evaluate(pairs)}
    if folds:
        for voice in dict.fromkeys(voices):
            reports[voice] = evaluate([p for p, v in zip(pairs, voices, strict=True) if v == voice])
    if as_json:
        typer.echo(json.dumps({k: r.as_dict() for k, r in reports.items()}, ensure_ascii=False))
    else:
        typer.echo(_format_table(reports) + "\n")
        for name, report in reports.items():
            typer.echo(_format_report(name, report) + "\n")
        missed = reports["all"].missed_emergencies
        typer.echo(f"missed emergencies ({len(missed)}):")
        for miss in missed:
            typer.echo(f"  {miss.id} [{miss.predicted}] {miss.text}")
    if bad:
        raise typer.Exit(code=1)


def _format_table(reports: dict[str, Any]) -> str:
    lines = ["voice            n  em.recall  em.prec  firstaid.prec  under  urg.F1  topic.F1"]
    for name, r in reports.items():
        first_aid = "-" if r.first_aid_precision is None else f"{r.first_aid_precision:.3f}"
        lines.append(
            f"{name:<12} {r.count:>5}  {r.emergency_recall:>9.3f}  {r.emergency_precision:>7.3f}"
            f"  {first_aid:>13}  {r.under_triage:>5.3f}  {r.urgency_macro_f1:>6.3f}  {r.topic_macro_f1:>8.3f}"
        )
    return "\n".join(lines)


@app.command()
def train(
    files: Annotated[list[Path], typer.Argument(help="labelled JSON Lines (id, text, urgency, topics)")],
    extra: Annotated[
        list[Path] | None,
        typer.Option("--extra", help="more labelled JSON Lines, e.g. exported corrections (repeatable)"),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", help="where to write the model; default: the packaged one")
    ] = None,
) -> None:
    """Build the learned model from labelled messages (reproducible: same data, same bytes)."""
    from peerline_triage.classifier import Classifier
    from peerline_triage.classifier.classifier import packaged_model_path
    from peerline_triage.classifier.learned import dumps
    from peerline_triage.training import build

    records, voices, bad = _read_labelled([*files, *(extra or [])])
    if bad:
        typer.echo(f"{bad} line(s) are not labelled messages; nothing was built", err=True)
        raise typer.Exit(code=1)
    try:
        model = build(records, voices, Classifier.load(model=False))
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from exc
    target = output or packaged_model_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(dumps(model))
    tiers = model.tiers
    typer.echo(
        f"model {model.version} from {len(records)} messages, {len(set(voices))} voices "
        f"(data sha256 {model.meta['data_sha256'][:12]}): tiers possible {tiers.possible:.3f}, "
        f"agree {tiers.agree:.3f}, strong {tiers.strong:.3f} -> {target}"
    )


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
