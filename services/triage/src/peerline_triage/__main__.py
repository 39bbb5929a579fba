"""`python -m peerline_triage`: run the triage service."""

from peerline_shared.runtime import run_service
from peerline_triage.main import create_app
from peerline_triage.settings import TriageSettings

if __name__ == "__main__":
    run_service(TriageSettings, create_app)
