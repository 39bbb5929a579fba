"""The second factor's rules, enrolment from a signed-in console, a supervisor's reset, and
the console lock (in process, with a real Redis and a migrated SQLite file)."""

from __future__ import annotations

import re
import time

import pyotp

from peerline_devtools.totp import fresh_code
from peerline_gateway.secondfactor import domain

from .conftest import PASSWORD, InProcess


def test_a_code_matches_its_step_and_the_neighbouring_steps_only() -> None:
    secret = domain.new_secret()
    totp, now = pyotp.TOTP(secret), time.time()
    step = totp.timecode(now)
    assert domain.matching_step(secret, totp.at(now), now) == step
    assert domain.matching_step(secret, totp.at(now, counter_offset=-1), now) == step - 1
    assert domain.matching_step(secret, totp.at(now, counter_offset=1), now) == step + 1
    far = totp.at(now, counter_offset=3)
    if far not in {totp.at(now, counter_offset=k) for k in (-1, 0, 1)}:
        assert domain.matching_step(secret, far, now) is None
    assert domain.matching_step(secret, "12345a", now) is None


def test_recovery_codes_are_distinct_and_typed_loosely() -> None:
    codes = domain.new_recovery_codes()
    assert len(set(codes)) == domain.RECOVERY_CODE_COUNT
    code = codes[0]
    assert domain.hash_recovery_code(code.upper().replace("-", " ")) == domain.hash_recovery_code(code)
    assert domain.hash_recovery_code(code) != domain.hash_recovery_code(codes[1])


def test_supervisors_always_need_a_second_factor_consultants_when_configured() -> None:
    assert domain.second_factor_required("supervisor", "supervisor")
    assert domain.second_factor_required("admin", "supervisor")
    assert not domain.second_factor_required("consultant", "supervisor")
    assert domain.second_factor_required("consultant", "all")


def test_the_pending_sign_in_is_not_a_session(in_process: InProcess) -> None:
    client = in_process.client
    response = client.post(
        "/console/login", data={"login": "taras", "password": PASSWORD}, follow_redirects=False
    )
    assert response.headers["location"] == "/console/second-factor"
    assert "peerline_console" not in client.cookies
    assert client.get("/console/api/queue").status_code == 401
    assert client.get("/console/supervisor", follow_redirects=False).headers["location"] == "/console/login"


def enrol_from_the_console(in_process: InProcess, csrf: str) -> str:
    page = in_process.client.get("/console/enrol")
    found = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.text)
    assert found is not None
    secret = found.group(1)
    wrong = in_process.client.post(
        "/console/enrol", data={"code": "000000", "csrf_token": csrf}, follow_redirects=False
    )
    assert wrong.headers["location"] == "/console/enrol?error=wrong"
    done = in_process.client.post("/console/enrol", data={"code": fresh_code(secret), "csrf_token": csrf})
    assert done.status_code == 200 and len(re.findall(r"<li><code>", done.text)) == 10
    return secret


def test_a_consultant_enrols_by_choice_and_a_supervisor_resets_it(in_process: InProcess) -> None:
    client = in_process.client
    csrf = in_process.login("olena")
    enrol_from_the_console(in_process, csrf)
    olena = re.search(r'data-consultant="([^"]+)"', client.get("/console").text)
    assert olena is not None
    client.cookies.clear()
    response = client.post(
        "/console/login", data={"login": "olena", "password": PASSWORD}, follow_redirects=False
    )
    assert response.headers["location"] == "/console/second-factor"  # enrolled: the code from now on

    client.cookies.clear()
    reset = f"/console/api/manage/consultants/{olena.group(1)}/second-factor/reset"
    supervisor_csrf = in_process.login("taras")
    assert client.post(reset, headers={"x-csrf-token": "forged"}).status_code == 403
    assert client.post(reset, headers={"x-csrf-token": supervisor_csrf}).json() == {
        "ok": True,
        "had_second_factor": True,
    }

    client.cookies.clear()
    response = client.post(
        "/console/login", data={"login": "olena", "password": PASSWORD}, follow_redirects=False
    )
    assert response.headers["location"] == "/console"  # no second factor any more (not required)
    own_csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/console").text)
    assert own_csrf is not None
    refused = client.post(reset, headers={"x-csrf-token": own_csrf.group(1)})
    assert refused.status_code == 403  # only supervisors reset


def test_a_locked_session_shows_and_answers_nothing_until_the_password(in_process: InProcess) -> None:
    client = in_process.client
    csrf = in_process.login("olena")
    assert (
        client.post("/console/lock", headers={"x-csrf-token": csrf}, follow_redirects=False).status_code
        == 303
    )
    assert client.get("/console/api/queue").status_code == 423
    assert client.get("/console", follow_redirects=False).headers["location"] == "/console/locked"
    locked_page = client.get("/console/locked")
    assert "queue-count" not in locked_page.text and 'action="/console/unlock"' in locked_page.text

    wrong = client.post(
        "/console/unlock", data={"password": "nope", "csrf_token": csrf}, follow_redirects=False
    )
    assert wrong.headers["location"] == "/console/locked?error=wrong"
    assert client.get("/console/api/queue").status_code == 423
    right = client.post(
        "/console/unlock", data={"password": PASSWORD, "csrf_token": csrf}, follow_redirects=False
    )
    assert right.headers["location"] == "/console"
    assert client.get("/console/api/queue").status_code != 423
