"""The second factor's rules, without I/O: TOTP codes (RFC 6238, 30-second steps, ±1 step),
recovery codes, and who must have a second factor."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Literal

import pyotp

from peerline_shared.events.vocabulary import SUPERVISING_ROLES

ISSUER = "Peerline"
STEP_WINDOW = 1  # a phone clock a little behind or ahead still works
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
RequiredFor = Literal["supervisor", "all"]


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends


def provisioning_uri(secret: str, login: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=login, issuer_name=ISSUER)


def matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step whose code this is (within ±1 step of now), or None. The caller refuses
    a step already used, so a code seen over a shoulder cannot be replayed."""
    code = code.strip().replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    found = None
    for offset in range(-STEP_WINDOW, STEP_WINDOW + 1):
        # Compare every candidate so the time taken does not say which step matched.
        if hmac.compare_digest(totp.at(now, counter_offset=offset), code):
            found = current + offset
    return found


def looks_like_totp(code: str) -> bool:
    stripped = code.strip().replace(" ", "")
    return len(stripped) == 6 and stripped.isdigit()


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Ten single-use codes of 10 characters (about 50 bits each), shown once."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def hash_recovery_code(code: str) -> str:
    """Recovery codes are random and long, so a plain SHA-256 suffices (no password to guess);
    the stored hashes cannot be typed in."""
    normalised = code.strip().lower().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


def second_factor_required(role: str, required_for: RequiredFor) -> bool:
    """Supervisors and editors (who post in the organisation's name) always need one;
    consultants too when the helpline asks it of everyone."""
    return required_for == "all" or role in SUPERVISING_ROLES or role == "editor"
