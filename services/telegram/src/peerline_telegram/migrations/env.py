from peerline_shared.migrations import run_env
from peerline_telegram.models import metadata

run_env(metadata)
