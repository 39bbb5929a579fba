"""TOTP codes for development and tests: `peerline demo-code` prints the demo supervisor's
current code, and `fresh_code` gives tests a code the gateway has not seen used yet.

The gateway accepts each time step's code once per account (no replay), so a test run that
signs in many times hands out the current step, then the next one (valid within the ±1 step
window), and only then waits for the next 30-second step."""

from __future__ import annotations

import threading
import time

import pyotp
import typer

from peerline_shared import dev

_used: dict[str, set[int]] = {}
_guard = threading.Lock()


def fresh_code(secret: str = dev.DEMO_TOTP_SECRET) -> str:
    """A code for a time step this process has not handed out for `secret`."""
    totp = pyotp.TOTP(secret)
    while True:
        with _guard:
            now = time.time()
            current = totp.timecode(now)
            used = _used.setdefault(secret, set())
            for offset in (0, 1):
                if current + offset not in used:
                    used.add(current + offset)
                    return totp.at(now, counter_offset=offset)
        time.sleep(totp.interval - now % totp.interval + 0.1)


def demo_code() -> None:
    """Print the demo supervisor's current second-factor code (development mode only)."""
    typer.echo(pyotp.TOTP(dev.DEMO_TOTP_SECRET).now())
