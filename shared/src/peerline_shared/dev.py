"""Development-mode fixtures shared by services: the demo consultant every service knows."""

from __future__ import annotations

import uuid

DEMO_CONSULTANT_ID = uuid.UUID("00000000-0000-4000-8000-00000000d3e0")
DEMO_LOGIN = "demo"
DEMO_PASSWORD = "demo-peerline"
DEMO_ALIAS = "Olena (demo)"
# The demo supervisor's TOTP secret, enrolled in development mode only, so `make run` and the
# tests can sign in with a second factor (the run banner prints it for an authenticator app).
DEMO_TOTP_SECRET = "PEERLINEDEMODEVELOPMENTONLYTOTP2"
