from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from peerline_shared.settings import BaseServiceSettings, Mode, service_config


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
    from peerline_shared.broker import stream_configs

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
