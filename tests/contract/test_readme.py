"""The README documents every setting and the two commands."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings_rows() -> list[tuple[str, str, str, str]]:
    spec = importlib.util.spec_from_file_location("settings_table", ROOT / "infra/scripts/settings_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows: list[tuple[str, str, str, str]] = module.rows()
    return rows


def test_every_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [variable for variable, *_ in _settings_rows() if f"`{variable}`" not in readme]
    assert not missing, f"run infra/scripts/settings_table.py --write; missing: {missing}"


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
