"""Fuzzing: property tests and API fuzzing; `PEERLINE_FUZZ_LARGE=1` for the large run."""

from __future__ import annotations

import pytest

from .budget import CASES, LARGE


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not CASES:
        return
    size = "large" if LARGE else "CI"
    terminalreporter.section(f"fuzz cases ({size} budget)")
    for name, cases in sorted(CASES.items()):
        terminalreporter.write_line(f"{cases:>9,}  {name}")
    terminalreporter.write_line(f"{sum(CASES.values()):>9,}  in all")
