"""The password policy for console accounts, as pure functions (no I/O but reading the bundled
list once): at least 12 characters, not a common password, not the login or alias.

The list of common passwords (common-passwords.txt.gz, 20,000 entries, licence in
COMMON-PASSWORDS-LICENSE.txt) is the one Django ships. A password is also refused when it is
a common one with digits or symbols added at the end ("password1234")."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 256
COMMON_LIST = Path(__file__).with_name("common-passwords.txt.gz")
_TRAILING = "0123456789!@#$%^&*()-_=+.,?~ "


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_LIST, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def is_common(password: str) -> bool:
    lowered = password.lower()
    core = lowered.rstrip(_TRAILING)
    common = common_passwords()
    return lowered in common or (len(core) >= 4 and core in common)


def password_problem(password: str, *, login: str = "", alias: str = "") -> str | None:
    """Why this password may not be used, or None when it may."""
    if len(password) < MIN_LENGTH:
        return f"the password needs at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"the password may have at most {MAX_LENGTH} characters"
    lowered = password.lower()
    for name in (login, alias):
        if name.strip() and name.strip().lower() in lowered:
            return "the password may not contain the login or the alias"
    if is_common(password):
        return "this password is too common: it is among the first ones an attacker tries"
    if len(set(password)) < 4:
        return "the password repeats too few different characters"
    return None
