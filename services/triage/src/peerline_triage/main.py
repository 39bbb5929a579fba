"""The triage service: wiring only."""

from __future__ import annotations

from fastapi import FastAPI

from peerline_shared.i18n import Catalogue
from peerline_shared.runtime import create_service_app, new_runtime
from peerline_triage import handlers
from peerline_triage.classifier import Classifier
from peerline_triage.settings import TriageSettings


def create_app(settings: TriageSettings | None = None) -> FastAPI:
    settings = settings or TriageSettings()
    runtime = new_runtime(settings, "triage", uses_redis=True)
    handlers.register(runtime, settings, Classifier.load(), Catalogue.load("peerline_triage"))
    return create_service_app(runtime, title="Peerline triage")
