"""`python -m peerline_directory`: run the directory."""

from peerline_directory.main import create_app
from peerline_directory.settings import DirectorySettings
from peerline_shared.runtime import run_service

if __name__ == "__main__":
    run_service(DirectorySettings, create_app)
