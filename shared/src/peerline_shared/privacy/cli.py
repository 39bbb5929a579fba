"""`peerline scrub`: JSON Lines in (field `text`), JSON Lines out with `text` scrubbed.

`peerline scrub --evaluate FILE…` scores the scrubber on labelled files instead; with
`--leave-one-file-out` each file is scored with the switches tuned on the other files only.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import TextIO

import typer

from peerline_shared.privacy import evaluate as evaluation
from peerline_shared.privacy.scrub import Scrubber, get_scrubber, morph_analyzers
from peerline_shared.privacy.scrub_policy import DEFAULT_POLICY, ScrubPolicy
from peerline_shared.privacy.scrub_tagger import load_weights


class BadLine(ValueError):
    """A line that is not a JSON object with a string `text` field."""


def scrub_line(line: str, scrubber: Scrubber) -> str:
    """Scrub one JSON Lines record; other fields pass through unchanged."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise BadLine(f"invalid JSON: {error.msg} (column {error.colno})") from None
    if not isinstance(record, dict):
        raise BadLine("expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        raise BadLine('missing string field "text"')
    result = scrubber.scrub(text)
    record["text"] = result.text
    record["redactions"] = dict(result.redactions)
    return json.dumps(record, ensure_ascii=False)


def scrub_stream(lines: Iterable[str], out: TextIO, err: TextIO, scrubber: Scrubber) -> int:
    """Scrub every good line to `out`, report bad ones to `err`; return the number of bad lines."""
    bad = 0
    for number, line in _numbered(lines):
        try:
            out.write(scrub_line(line, scrubber) + "\n")
        except BadLine as error:
            bad += 1
            err.write(f"peerline scrub: line {number}: {error}\n")
    return bad


def _numbered(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line


def scrub_command(
    paths: list[str] = typer.Argument(
        None, help="JSON Lines file (stdin when omitted); with --evaluate, labelled files"
    ),
    evaluate: bool = typer.Option(
        False, "--evaluate", help="score the scrubber on labelled files (text, pii, keep)"
    ),
    leave_one_file_out: bool = typer.Option(
        False, "--leave-one-file-out", help="with --evaluate: tune on the other files only"
    ),
    show_misses: bool = typer.Option(
        False, "--show-misses", help="with --evaluate: list missed items and lost keep-words"
    ),
) -> None:
    """Scrub personal data from the `text` field of each JSON line, or score the scrubber."""
    if evaluate or leave_one_file_out or show_misses:
        _evaluate(paths or [], leave_one_file_out=leave_one_file_out, show_misses=show_misses)
        return
    if len(paths or []) > 1:
        typer.echo("peerline scrub: give one file (or none for stdin)", err=True)
        raise typer.Exit(code=2)
    path = paths[0] if paths else None
    scrubber = get_scrubber()
    if path is None or path == "-":
        bad = scrub_stream(_stdin_lines(), sys.stdout, sys.stderr, scrubber)
    else:
        try:
            with Path(path).open(encoding="utf-8", errors="replace") as source:
                bad = scrub_stream(source, sys.stdout, sys.stderr, scrubber)
        except OSError as error:
            typer.echo(f"peerline scrub: cannot read {path}: {error.strerror}", err=True)
            raise typer.Exit(code=2) from None
    if bad:
        typer.echo(f"peerline scrub: {bad} bad line(s) skipped", err=True)
        raise typer.Exit(code=1)


def _evaluate(paths: list[str], *, leave_one_file_out: bool, show_misses: bool) -> None:
    if not paths:
        typer.echo("peerline scrub --evaluate: give one or more labelled files", err=True)
        raise typer.Exit(code=2)
    files = [Path(path) for path in paths]
    try:
        if leave_one_file_out:
            reports = evaluation.leave_one_file_out(files, _scrubber_for)
        else:
            reports = evaluation.evaluate(files, _scrubber_for, DEFAULT_POLICY)
    except evaluation.BadLabelledFile as error:
        typer.echo(f"peerline scrub --evaluate: {error}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(evaluation.format_reports(reports, show_misses=show_misses))
    if not all(report.score.meets_targets() for report in reports):
        raise typer.Exit(code=1)


def _scrubber_for(policy: ScrubPolicy, held_out: Path | None) -> Scrubber:
    if held_out is not None:
        return Scrubber(policy=policy, tagger_weights=_tagger_weights_without(held_out.name))
    return get_scrubber() if policy == DEFAULT_POLICY else Scrubber(policy=policy)


@cache
def _tagger_weights_without(file_name: str) -> Mapping[str, float]:
    """The name tagger trained afresh on every labelled file but `file_name` (see
    scrub_tagger_train): the file scored must not have shaped the model that scores it."""
    from peerline_shared.privacy import scrub_tagger_train as training  # only here: slow to run

    if all(path.name != file_name for path in training.training_files()):
        return load_weights()  # the shipped weights were trained without it
    files = training.training_files(exclude=[Path(file_name)])
    typer.echo(f"training the name tagger without {file_name}…", err=True)
    return training.train(morph_analyzers(), files)


def _stdin_lines() -> Iterator[str]:
    stdin = sys.stdin
    if isinstance(stdin, io.TextIOWrapper):
        # Broken UTF-8 becomes U+FFFD so one bad byte cannot stop the stream.
        stdin.reconfigure(encoding="utf-8", errors="replace")
    yield from stdin
