"""`peerline run`'s NATS passwords: made once, kept, private, every identity's."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from peerline_devtools.nats_credentials import load_or_create_passwords
from peerline_shared.nats_identities import IDENTITIES


def test_the_passwords_are_made_once_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "nats" / "credentials.json"
    first = load_or_create_passwords(path)
    assert set(first) == {each.name for each in IDENTITIES}
    assert len(set(first.values())) == len(first), "one password each"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_passwords(path) == first


def test_an_identity_added_later_gets_a_password_the_others_stay(tmp_path: Path) -> None:
    path = tmp_path / "credentials.json"
    first = load_or_create_passwords(path)
    path.write_text(json.dumps({name: first[name] for name in list(first)[:-1]}))
    second = load_or_create_passwords(path)
    assert second == first | {list(first)[-1]: second[list(first)[-1]]}
    assert json.loads(path.read_text()) == second
