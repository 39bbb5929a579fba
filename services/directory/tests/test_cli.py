"""The CLI against a database file: the 1,000-entry import of the issue's "done means"."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerline_directory.cli import app

pytestmark = pytest.mark.integration
runner = CliRunner()
COLUMNS = ["name", "kinds", "country", "city", "languages", "notes", "last_verified"]


def write_entries(path: Path, bad_lines: dict[int, dict[str, str]]) -> None:
    """1,000 entries; `bad_lines` maps a file line number (header = 1) to broken fields."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for index in range(1000):
            row = {"name": f"Пункт {index}", "kinds": "harm_reduction;hiv", "country": "UA",
                   "city": ["Київ", "Одеса", "Львів"][index % 3], "languages": "uk;ru",
                   "notes": "Шприци, налоксон, тести.", "last_verified": "2026-10-01"}
            row.update(bad_lines.get(index + 2, {}))
            writer.writerow(row)


def invoke(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


def test_import_1000_with_two_bad_lines_reports_both_and_imports_nothing(tmp_path: Path) -> None:
    env = {"PEERLINE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite'}", "COLUMNS": "200"}
    entries = tmp_path / "entries.csv"
    write_entries(entries, {137: {"kinds": "ost;casino"}, 822: {"country": "Ukraine"}})

    code, output = invoke(env, "import", str(entries))
    assert code == 1
    assert "line 137, kinds" in output and "line 822, country" in output
    assert "2 error(s); nothing imported" in output
    code, output = invoke(env, "export", "--format", "csv")
    assert code == 0 and output.strip().count("\n") == 0  # header only: nothing was imported

    write_entries(entries, {})
    code, output = invoke(env, "import", str(entries))
    assert code == 0, output
    assert "1000 added" in output
    exported = tmp_path / "out.csv"
    assert invoke(env, "export", str(exported))[0] == 0
    assert exported.read_text(encoding="utf-8").count("\n") == 1001
    code, output = invoke(env, "search", "налоксон", "--city", "Львів", "--limit", "3")
    assert code == 0 and output.count("Пункт") == 3


def test_consultant_and_shift_commands(tmp_path: Path) -> None:
    env = {"PEERLINE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite'}", "COLUMNS": "200"}
    assert invoke(env, "consultant", "add", "Olena", "--lang", "uk,ru", "--topic", "ost")[0] == 0
    code, output = invoke(env, "consultant", "add", "Olena", "--lang", "uk")
    assert code == 1 and "taken" in output
    assert invoke(env, "shift", "add", "Olena", "sat", "22:00-06:00")[0] == 0
    assert invoke(env, "shift", "add", "Olena", "--kind", "sick", "--from", "2026-12-01",
                  "--to", "2026-12-01")[0] == 0
    code, output = invoke(env, "shift", "list", "Olena")
    assert code == 0 and "sat 22:00-06:00" in output and "2026-12-02 00:00" in output
    code, output = invoke(env, "shift", "add", "Nobody", "sat", "22:00-06:00")
    assert code == 1 and "no consultant" in output
    assert invoke(env, "consultant", "deactivate", "Olena")[0] == 0
    code, output = invoke(env, "consultant", "list")
    assert code == 0 and "Olena" not in output
    assert "Olena" in invoke(env, "consultant", "list", "--all")[1]
