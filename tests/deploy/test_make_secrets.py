"""infra/scripts/make-secrets.sh: every secret the production compose file mounts, URLs that
carry the same passwords, nothing replaced on a second run."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import yaml

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
    nats, redis, postgres = (
        (tmp_path / name).read_text() for name in ("nats_password", "redis_password", "postgres_password")
    )
    nats_url = (tmp_path / "peerline_nats_url").read_text()
    assert nats_url.count(f"peerline:{nats}@") == 3
    assert (tmp_path / "peerline_redis_url").read_text() == f"redis://:{redis}@redis:6379/0"
    database = DatabaseSettings(_secrets_dir=tmp_path)  # type: ignore[call-arg]
    assert database.database_url == f"postgresql+asyncpg://peerline:{postgres}@postgres:5432/peerline"


def test_a_second_run_replaces_nothing(tmp_path: Path) -> None:
    _make(tmp_path)
    (tmp_path / "peerline_database_url").write_text("postgresql+asyncpg://managed")
    before = {path.name: path.read_text() for path in tmp_path.iterdir()}
    _make(tmp_path)
    assert {path.name: path.read_text() for path in tmp_path.iterdir()} == before
