from peerline_gateway.models import metadata
from peerline_shared.migrations import run_env

run_env(metadata)
