"""infra/scripts/make-secrets.sh: every secret the production compose file mounts, URLs that
carry the same passwords, nothing replaced on a second run."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import yaml

from peerline_shared.nats_identities import IDENTITIES, SERVICE_IDENTITIES
from peerline_shared.settings import DatabaseSettings

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "infra" / "scripts" / "make-secrets.sh"


def _make(folder: Path) -> None:
    subprocess.run(["bash", str(SCRIPT), str(folder)], check=True, capture_output=True)


def test_writes_every_secret_the_compose_files_mount(tmp_path: Path) -> None:
    folder = tmp_path / "secrets"
    _make(folder)
    for compose in ROOT.glob("docker-compose*.yml"):
        for spec in yaml.safe_load(compose.read_text())["secrets"].values():
            name = spec["file"].rsplit("/", 1)[1]
            assert (folder / name).is_file(), f"{compose.name} mounts {name}"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert (folder / "peerline_telegram_bot_token").read_text() == "", "Telegram stays off"
    assert len((folder / "peerline_pseudonym_key").read_text()) == 48


def test_the_urls_carry_the_passwords_the_servers_get(tmp_path: Path) -> None:
    _make(tmp_path)
    redis, postgres = ((tmp_path / name).read_text() for name in ("redis_password", "postgres_password"))
    for each in SERVICE_IDENTITIES:
        nats = (tmp_path / f"nats_password_{each.name}").read_text()
        nats_url = (tmp_path / f"peerline_nats_url_{each.name}").read_text()
        assert nats_url.count(f"{each.name}:{nats}@") == 3
    assert (tmp_path / "peerline_redis_url").read_text() == f"redis://:{redis}@redis:6379/0"
    database = DatabaseSettings(_secrets_dir=tmp_path)  # type: ignore[call-arg]
    assert database.database_url == f"postgresql+asyncpg://peerline:{postgres}@postgres:5432/peerline"


def test_a_second_run_replaces_nothing(tmp_path: Path) -> None:
    _make(tmp_path)
    (tmp_path / "peerline_database_url").write_text("postgresql+asyncpg://managed")
    before = {path.name: path.read_text() for path in tmp_path.iterdir()}
    _make(tmp_path)
    assert {path.name: path.read_text() for path in tmp_path.iterdir()} == before


def test_one_nats_password_per_identity_and_rotation_replaces_only_its_own(tmp_path: Path) -> None:
    _make(tmp_path)
    users = {path.name.removeprefix("nats_password_") for path in tmp_path.glob("nats_password_*")}
    assert users == {each.name for each in IDENTITIES}
    before = {path.name: path.read_text() for path in tmp_path.iterdir()}
    subprocess.run(["bash", str(SCRIPT), "--rotate-nats", "telegram", str(tmp_path)], check=True,
                   capture_output=True)
    after = {path.name: path.read_text() for path in tmp_path.iterdir()}
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"nats_password_telegram", "peerline_nats_url_telegram"}
    assert after["nats_password_telegram"] in after["peerline_nats_url_telegram"]


def test_rotating_an_unknown_nats_user_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(["bash", str(SCRIPT), "--rotate-nats", "mallory", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "no NATS user mallory" in result.stderr
