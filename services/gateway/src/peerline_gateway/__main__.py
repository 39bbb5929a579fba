"""`python -m peerline_gateway`: run the gateway."""

from peerline_gateway.main import create_app
from peerline_gateway.settings import GatewaySettings
from peerline_shared.runtime import run_service

if __name__ == "__main__":
    run_service(GatewaySettings, create_app)
