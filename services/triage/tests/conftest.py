from __future__ import annotations

import pytest

from peerline_triage.classifier import Classifier


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    return Classifier.load()
