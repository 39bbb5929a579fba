from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from peerline_shared import settings as settings_module
from peerline_shared.settings import BaseServiceSettings, DatabaseSettings, Mode, service_config


class ExampleSettings(BaseServiceSettings):
    model_config = service_config("PEERLINE_EXAMPLE_")
    port: int = 1


def test_shared_names_and_service_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEERLINE_NATS_URL", "nats://elsewhere:4222")
    monkeypatch.setenv("PEERLINE_EXAMPLE_PORT", "9999")
    settings = ExampleSettings()
    assert settings.nats_url == "nats://elsewhere:4222"
    assert settings.port == 9999


def test_production_refuses_development_secret() -> None:
    with pytest.raises(ValidationError, match="pseudonym_key"):
        ExampleSettings(mode=Mode.PRODUCTION)


def test_production_accepts_real_secret() -> None:
    settings = ExampleSettings(mode=Mode.PRODUCTION, pseudonym_key=SecretStr("x" * 40))
    assert settings.mode is Mode.PRODUCTION


def test_dev_mode_runs_with_defaults() -> None:
    assert ExampleSettings().mode is Mode.DEV


def test_the_streams_keep_text_as_long_as_their_settings_say(monkeypatch: pytest.MonkeyPatch) -> None:
    from peerline_shared.bus import stream_configs

    def ages() -> dict[str, float | None]:
        return {config.name or "": config.max_age for config in stream_configs(ExampleSettings())}

    for name in ("PEERLINE_STREAM_MAX_AGE_HOURS", "PEERLINE_PARKED_MAX_AGE_HOURS"):
        monkeypatch.delenv(name, raising=False)
    assert ages() == {"HELPLINE": 72 * 3600, "HELPLINE_PARKED": 14 * 24 * 3600}  # docs/privacy.md
    monkeypatch.setenv("PEERLINE_STREAM_MAX_AGE_HOURS", "24")
    monkeypatch.setenv("PEERLINE_PARKED_MAX_AGE_HOURS", "48")
    assert ages() == {"HELPLINE": 24 * 3600, "HELPLINE_PARKED": 48 * 3600}


@pytest.mark.parametrize("hours", ["0", "0.5", "721"])
def test_a_stream_age_outside_one_hour_to_thirty_days_is_refused(
    monkeypatch: pytest.MonkeyPatch, hours: str
) -> None:
    monkeypatch.setenv("PEERLINE_STREAM_MAX_AGE_HOURS", hours)
    with pytest.raises(ValidationError, match="stream_max_age_hours"):
        ExampleSettings()


class WithOptionalSecret(BaseServiceSettings):
    model_config = service_config("PEERLINE_EXAMPLE_")
    token: SecretStr | None = None


STRONG = "s" * 40


def test_an_empty_optional_secret_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEERLINE_EXAMPLE_TOKEN", "")
    monkeypatch.setenv("PEERLINE_PSEUDONYM_KEY", STRONG)
    settings = WithOptionalSecret(mode=Mode.PRODUCTION)
    assert settings.token is None


def test_an_empty_required_secret_falls_back_to_the_development_value_production_refuses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PEERLINE_PSEUDONYM_KEY", "")
    with pytest.raises(ValidationError, match="pseudonym_key"):
        ExampleSettings(mode=Mode.PRODUCTION)


def test_secrets_come_from_files_named_like_their_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(settings_module, "SECRETS_DIR", tmp_path)
    (tmp_path / "PEERLINE_PSEUDONYM_KEY").write_text(STRONG + "\n")
    (tmp_path / "peerline_example_token").write_text("")
    (tmp_path / "PEERLINE_DATABASE_URL").write_text("postgresql+asyncpg://peerline:pw@db/peerline")
    settings = WithOptionalSecret(mode=Mode.PRODUCTION)
    assert settings.pseudonym_key.get_secret_value() == STRONG
    assert settings.token is None, "an empty secret file counts as unset"
    assert settings.database_url == "postgresql+asyncpg://peerline:pw@db/peerline"


def test_a_variable_wins_over_a_secret_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(settings_module, "SECRETS_DIR", tmp_path)
    (tmp_path / "PEERLINE_EXAMPLE_PORT").write_text("7")
    monkeypatch.setenv("PEERLINE_EXAMPLE_PORT", "8")
    assert ExampleSettings().port == 8


def test_without_a_secrets_folder_nothing_warns(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(settings_module, "SECRETS_DIR", tmp_path / "absent")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ExampleSettings().port == 1


def test_migrations_need_only_the_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEERLINE_MODE", "production")
    monkeypatch.setenv("PEERLINE_DATABASE_URL", "postgresql+asyncpg://peerline@db/peerline")
    with pytest.raises(ValidationError):
        ExampleSettings()
    assert DatabaseSettings().database_url == "postgresql+asyncpg://peerline@db/peerline"
