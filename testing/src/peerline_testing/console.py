"""Signing in to the consultant console over HTTP, as a browser does: the password, then the
second factor when the gateway asks for it (a supervisor always does)."""

from __future__ import annotations

import re

import httpx

from peerline_devtools.totp import fresh_code

CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')


def sign_in(client: httpx.Client, login: str, password: str, totp_secret: str) -> str:
    """Sign in on `client` (its cookie jar keeps the session); returns the session's CSRF token."""
    response = client.post(
        "/console/login", data={"login": login, "password": password}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    if response.headers["location"] == "/console/second-factor":
        response = client.post(
            "/console/second-factor", data={"code": fresh_code(totp_secret)}, follow_redirects=False
        )
        assert response.headers.get("location") == "/console", response.text
    found = CSRF_META.search(client.get("/console").text)
    assert found is not None, "signed in, but the console page has no CSRF token"
    return found.group(1)
