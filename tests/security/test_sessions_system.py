"""Issue 18, finding 2 across services: a supervisor demoted in the directory (here through its
admin HTTP API, not the console) loses the console at once. The directory announces
`ConsultantAccessChanged`; the gateway's consumer applies it and ends the sessions. The whole
system as real processes (nats-server with per-service identities, redis-server)."""

from __future__ import annotations

import re
import secrets
import time

import httpx
import pytest

from peerline_devtools.devstack import DevStack
from peerline_devtools.totp import fresh_code

pytestmark = [pytest.mark.e2e]
ADMIN_TOKEN = "dev-insecure-directory-admin-token"
PASSWORD = "Lantern-orchard-" + secrets.token_hex(4)
WAIT_LIMIT_S = 30.0  # a bound on waiting for the event, not a measured expectation


def sign_in(console: httpx.Client, login: str, secret: str | None = None) -> str:
    """Password, then the second factor: enrolment the first time (a supervisor must), a code
    after that. Returns the TOTP secret."""
    step = console.post("/console/login", data={"login": login, "password": PASSWORD})
    assert step.status_code == 303, step.text
    if step.headers["location"] == "/console/enrol":
        found = re.search(r'id="totp-secret">([A-Z2-7]+)<', console.get("/console/enrol").text)
        assert found is not None
        secret = found.group(1)
        done = console.post("/console/enrol", data={"code": fresh_code(secret)})
    else:
        assert step.headers["location"] == "/console/second-factor" and secret is not None
        done = console.post("/console/second-factor", data={"code": fresh_code(secret)})
    assert done.status_code in (200, 303) and "peerline_console" in console.cookies, done.text
    return secret


def test_a_supervisor_demoted_in_the_directory_loses_the_console(system: DevStack) -> None:
    directory = httpx.Client(base_url=system.url("directory"),
                             headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    alias = f"Stepan {secrets.token_hex(2)}"
    profile = {"alias": alias, "languages": ["uk"], "role": "supervisor"}
    created = directory.post("/admin/consultants", json=profile)
    assert created.status_code == 201, created.text
    consultant_id = created.json()["id"]
    login = f"t-{secrets.token_hex(4)}"
    system.add_console_account(login, PASSWORD, alias, "supervisor", consultant_id)

    console = httpx.Client(base_url=system.url("gateway"))
    secret = sign_in(console, login)
    assert "peerline_console" in console.cookies
    assert console.get("/console/supervisor", follow_redirects=False).status_code == 200

    demoted = directory.patch(f"/admin/consultants/{consultant_id}", json={"role": "consultant"})
    assert demoted.status_code == 200, demoted.text
    give_up = time.monotonic() + WAIT_LIMIT_S
    while console.get("/console/account", follow_redirects=False).status_code == 200:
        assert time.monotonic() < give_up, "the demotion never reached the gateway"
        time.sleep(0.2)
    console.cookies.clear()
    sign_in(console, login, secret)
    assert console.get("/console/api/manage/consultants").status_code == 403  # a consultant now
