"""`peerline scrub`: JSON Lines in (field `text`), JSON Lines out with `text` scrubbed."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

import typer

from peerline_shared.privacy.scrub import Scrubber, get_scrubber


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
    path: str = typer.Argument(None, help="JSON Lines file; stdin when omitted"),
) -> None:
    """Scrub personal data from the `text` field of each JSON line."""
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


def _stdin_lines() -> Iterator[str]:
    stdin = sys.stdin
    if isinstance(stdin, io.TextIOWrapper):
        # Broken UTF-8 becomes U+FFFD so one bad byte cannot stop the stream.
        stdin.reconfigure(encoding="utf-8", errors="replace")
    yield from stdin
