"""Issue 18, weak authentication: a supervisor's password alone must not open the console.

Against the whole system (real gateway, Redis, database): a new supervisor signs in with the
password and gets no session, only the enrolment page; enrols with a code computed from the
secret the page shows; then a wrong code is refused, a used code cannot be replayed, a
recovery code works once, and wrong codes lead to the same lockout as wrong passwords."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pyotp
import pytest

from peerline_devtools.devstack import DevStack
from peerline_devtools.totp import fresh_code
from peerline_shared import dev


@dataclass
class Supervisor:
    login: str
    password: str
    secret: str = ""
    recovery_codes: tuple[str, ...] = ()


@pytest.fixture(scope="module")
def gateway(system: DevStack) -> str:
    return system.url("gateway")


@pytest.fixture
def client(gateway: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=gateway, timeout=15.0) as http:
        yield http


def add_supervisor(system: DevStack) -> Supervisor:
    """Made the way an operator would: `peerline gateway account add --role supervisor`."""
    supervisor = Supervisor(f"s-{secrets.token_hex(4)}", secrets.token_urlsafe(12))
    system.add_console_account(supervisor.login, supervisor.password, "Supervisor", "supervisor")
    return supervisor


def password_step(client: httpx.Client, login: str, password: str) -> httpx.Response:
    return client.post("/console/login", data={"login": login, "password": password})


def has_session(client: httpx.Client) -> bool:
    return client.get("/console/api/queue").status_code == 200


def enrol(client: httpx.Client, supervisor: Supervisor) -> None:
    page = client.get("/console/enrol")
    assert page.status_code == 200
    found = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.text)
    assert found is not None and "<svg" in page.text  # the QR code is drawn by the gateway
    supervisor.secret = found.group(1)
    done = client.post("/console/enrol", data={"code": fresh_code(supervisor.secret)})
    assert done.status_code == 200
    supervisor.recovery_codes = tuple(
        re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", done.text)
    )
    assert len(supervisor.recovery_codes) == 10


def sign_out(client: httpx.Client) -> None:
    client.cookies.clear()


@pytest.fixture
def enrolled(system: DevStack, client: httpx.Client) -> Supervisor:
    supervisor = add_supervisor(system)
    password_step(client, supervisor.login, supervisor.password)
    enrol(client, supervisor)
    assert has_session(client)
    sign_out(client)
    return supervisor


def test_a_supervisors_password_alone_gives_no_session(system: DevStack, client: httpx.Client) -> None:
    supervisor = add_supervisor(system)
    response = password_step(client, supervisor.login, supervisor.password)
    assert response.status_code == 303 and response.headers["location"] == "/console/enrol"
    assert "peerline_console" not in client.cookies
    assert not has_session(client)
    assert client.get("/console", follow_redirects=False).headers["location"].startswith("/console/login")
    assert client.get("/console/management", follow_redirects=False).status_code == 303


def test_an_enrolled_supervisor_needs_the_code(client: httpx.Client) -> None:
    response = password_step(client, dev.DEMO_LOGIN, dev.DEMO_PASSWORD)
    assert response.headers["location"] == "/console/second-factor"
    assert not has_session(client)


def test_a_wrong_code_is_refused(enrolled: Supervisor, client: httpx.Client) -> None:
    password_step(client, enrolled.login, enrolled.password)
    totp = pyotp.TOTP(enrolled.secret)
    valid = {totp.at(time.time(), counter_offset=offset) for offset in (-1, 0, 1, 2)}
    wrong = next(code for code in ("000000", "123456", "999999", "424242") if code not in valid)
    response = client.post("/console/second-factor", data={"code": wrong}, follow_redirects=False)
    assert response.status_code == 401
    assert not has_session(client)


def test_a_used_code_cannot_be_replayed(enrolled: Supervisor, client: httpx.Client) -> None:
    password_step(client, enrolled.login, enrolled.password)
    code = fresh_code(enrolled.secret)
    assert (
        client.post("/console/second-factor", data={"code": code}, follow_redirects=False).status_code == 303
    )
    assert has_session(client)
    sign_out(client)
    password_step(client, enrolled.login, enrolled.password)
    replayed = client.post("/console/second-factor", data={"code": code}, follow_redirects=False)
    assert replayed.status_code == 401
    assert not has_session(client)


def test_a_recovery_code_works_once(enrolled: Supervisor, client: httpx.Client) -> None:
    recovery = enrolled.recovery_codes[3]
    password_step(client, enrolled.login, enrolled.password)
    used = client.post("/console/second-factor", data={"code": recovery.upper()}, follow_redirects=False)
    assert used.status_code == 303 and has_session(client)
    sign_out(client)
    password_step(client, enrolled.login, enrolled.password)
    again = client.post("/console/second-factor", data={"code": recovery}, follow_redirects=False)
    assert again.status_code == 401
    assert not has_session(client)


def test_wrong_codes_end_the_sign_in_and_lock_the_login(enrolled: Supervisor, client: httpx.Client) -> None:
    password_step(client, enrolled.login, enrolled.password)
    for _ in range(5):  # the gateway's default: five failures start a lockout
        last = client.post("/console/second-factor", data={"code": "not-a-code"}, follow_redirects=False)
    assert last.status_code == 303 and last.headers["location"].startswith("/console/login")
    too_late = client.post("/console/second-factor", data={"code": fresh_code(enrolled.secret)})
    assert too_late.headers["location"].startswith("/console/login")  # the pending sign-in is gone
    assert not has_session(client)
    assert password_step(client, enrolled.login, enrolled.password).status_code == 429
