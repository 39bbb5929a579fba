"""Fuzzing: property tests and API fuzzing; `PEERLINE_FUZZ_LARGE=1` for the large run.

`fuzz_stack` is the whole system with the Telegram adapter in webhook mode, talking to the
Bot API emulator (a process of its own), so both public doors can be attacked.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from peerline_devtools.devstack import DEFAULT_PORTS, DevStack
from peerline_devtools.localservers import free_port, free_port_map, port_is_open

from .budget import CASES, LARGE
from .targets import WEBHOOK_PATH, WEBHOOK_SECRET


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not CASES:
        return
    size = "large" if LARGE else "CI"
    terminalreporter.section(f"fuzz cases ({size} budget)")
    for name, cases in sorted(CASES.items()):
        terminalreporter.write_line(f"{cases:>9,}  {name}")
    terminalreporter.write_line(f"{sum(CASES.values()):>9,}  in all")


@pytest.fixture(scope="package")
def bot_api_url() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "peerline_testing.botapi", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not port_is_open(port):
        assert process.poll() is None and time.monotonic() < deadline, "Bot API emulator did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="package")
def fuzz_stack(tmp_path_factory: pytest.TempPathFactory, bot_api_url: str) -> Iterator[DevStack]:
    ports = free_port_map(DEFAULT_PORTS)
    stack = DevStack(
        tmp_path_factory.mktemp("fuzz"),
        ports,
        extra_env={
            "PEERLINE_TELEGRAM_ENABLED": "true",
            "PEERLINE_TELEGRAM_BOT_TOKEN": "123:fuzz-token",
            "PEERLINE_TELEGRAM_API_BASE_URL": bot_api_url,
            "PEERLINE_TELEGRAM_UPDATE_MODE": "webhook",
            "PEERLINE_TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{ports['telegram']}{WEBHOOK_PATH}",
            "PEERLINE_TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        },
    )
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
