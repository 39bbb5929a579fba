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
