"""The development NATS users' passwords: generated on the first `peerline run` into the data
folder (git-ignored), kept for the next runs (the services and the server read the same file).
The key signing console actors (`PEERLINE_ACTOR_KEY`) is generated beside them, the same way.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from peerline_shared.nats_identities import IDENTITIES, new_password


def load_or_create_secret(path: Path) -> str:
    """A random secret kept in `path` (created once, readable by its owner only)."""
    if path.is_file() and path.read_text().strip():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = new_password()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(value)
    path.chmod(0o600)
    return value


def load_or_create_passwords(path: Path) -> dict[str, str]:
    """Each identity's password from `path`, a new one for any identity it lacks (the file is
    then rewritten, readable by its owner only)."""
    stored: dict[str, str] = json.loads(path.read_text()) if path.is_file() else {}
    passwords = {each.name: stored.get(each.name) or new_password() for each in IDENTITIES}
    if passwords != stored:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            json.dump(passwords, file, indent=2)
        path.chmod(0o600)
    return passwords
