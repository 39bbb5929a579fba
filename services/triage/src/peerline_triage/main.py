"""The triage service: wiring only."""

from __future__ import annotations

from fastapi import FastAPI

from peerline_shared.i18n import Catalogue
from peerline_shared.logging import get_logger
from peerline_shared.runtime import create_service_app, new_runtime
from peerline_triage import handlers
from peerline_triage.classifier import Classifier
from peerline_triage.settings import TriageSettings

log = get_logger()


def load_classifier(settings: TriageSettings) -> Classifier:
    """The classifier with its learned model; a model that cannot be used is logged as an error
    and triage runs on the lexicons alone: loud, not fatal, because the lexicons still triage
    every message while a stopped triage service would leave them all unanswered."""
    classifier = Classifier.load(model=settings.model_path or True)
    if classifier.learned is None:
        log.error("triage.model_unusable", error=classifier.model_error, fallback="lexicons")
    else:
        log.info("triage.model_loaded", version=classifier.learned.version,
                 data_sha256=classifier.learned.meta.get("data_sha256"))
    return classifier


def create_app(settings: TriageSettings | None = None) -> FastAPI:
    settings = settings or TriageSettings()
    runtime = new_runtime(settings, "triage", uses_redis=True)
    runtime.provide(classify=handlers.Classify(load_classifier(settings)),
                    texts=Catalogue.load("peerline_triage"))
    return create_service_app(runtime, title="Peerline triage", bus_routers=[handlers.router])
