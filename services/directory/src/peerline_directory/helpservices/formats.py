"""CSV and YAML in and out. Reading never raises on bad input: it returns every error found,
by line and field (line numbers as a text editor shows them, the CSV header being line 1)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import yaml

from peerline_directory.domain.helpservices import (
    COLUMNS,
    HelpServiceRecord,
    RowError,
    Validated,
    header_errors,
    validate_rows,
)

Format = Literal["csv", "yaml"]


def format_of(filename: str) -> Format:
    suffix = filename.rsplit(".", 1)[-1].lower()
    if suffix == "csv":
        return "csv"
    if suffix in {"yaml", "yml"}:
        return "yaml"
    raise ValueError(f"{filename}: use a .csv, .yaml or .yml file")


def read(data: bytes, fmt: Format) -> Validated:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        return Validated((), (RowError(line, "file", "not valid UTF-8"),))
    return read_csv(text) if fmt == "csv" else read_yaml(text)


def _csv_rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, Mapping[str, Any]]]:
    line = reader.line_num
    for row in reader:
        # A quoted field may span lines: a row starts right after the previous one ended.
        start, line = line + 1, reader.line_num
        if None in row:
            yield start, {"__extra__": "more fields than columns in the header"}
            continue
        if any(value and value.strip() for value in row.values()):
            yield start, {key: value for key, value in row.items() if key is not None}


def read_csv(text: str) -> Validated:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        columns = [name.strip() for name in reader.fieldnames or []]
        reader.fieldnames = columns
        if problems := header_errors(columns):
            return Validated((), tuple(problems))
        return validate_rows(_csv_rows(reader))
    except csv.Error as problem:
        return Validated((), (RowError(reader.line_num, "file", f"broken CSV: {problem}"),))


def read_yaml(text: str) -> Validated:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        return Validated((), (RowError(mark.line + 1 if mark else 1, "file", f"broken YAML: {problem}"),))
    items, nodes = _entries(data, root)
    if items is None:
        return Validated((), (RowError(1, "file", "expected a list of entries (or services: [...])"),))
    rows: list[tuple[int, Mapping[str, Any]]] = []
    for item, node in zip(items, nodes, strict=True):
        line = node.start_mark.line + 1
        rows.append((line, item if isinstance(item, dict) else {"__entry__": "not a mapping"}))
    return validate_rows(rows)


def _entries(data: Any, root: Any) -> tuple[list[Any] | None, list[Any]]:
    if isinstance(data, dict) and isinstance(data.get("services"), list):
        for key, value in root.value:
            if key.value == "services":
                return data["services"], value.value
    if isinstance(data, list):
        return data, root.value
    return None, []


def _row(record: HelpServiceRecord) -> dict[str, Any]:
    return record.model_dump(mode="json")


def write_csv(records: Iterable[HelpServiceRecord]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for record in records:
        row = _row(record)
        row["kinds"] = ";".join(row["kinds"])
        row["languages"] = ";".join(row["languages"])
        row["is_example"] = "true" if row["is_example"] else "false"
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return out.getvalue()


def write_yaml(records: Sequence[HelpServiceRecord]) -> str:
    rows = [{key: value for key, value in _row(r).items() if value not in (None, "", [])}
            for r in records]
    return yaml.safe_dump({"services": rows}, allow_unicode=True, sort_keys=False, width=100)


def write(records: Sequence[HelpServiceRecord], fmt: Format) -> str:
    return write_csv(records) if fmt == "csv" else write_yaml(records)
