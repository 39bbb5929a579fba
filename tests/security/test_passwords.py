"""Issue 18, finding 4: `1234567890`, `password12` and password = login were accepted.

Now a console password has at least 12 characters, is not in the bundled list of 20,000
common passwords (nor one of them with digits added), and neither equals nor contains the
login or alias; the same policy applies to an account made in the console, by CLI, to a
change and to a supervisor's reset. Real redis-server, the gateway's real app in process."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from peerline_devtools.localservers import RedisServer
from peerline_gateway.accounts.passwords import password_problem
from peerline_shared.events import ConsultantSaved, ConsultantView
from peerline_shared.events import subjects as subj
from tests.security.console_in_process import PASSWORD, Console, running_console

WEAK = {
    "1234567890": "at least 12",
    "password12": "at least 12",
    "short1!": "at least 12",
    "qwerty123456": "too common",
    "password123456": "too common",
    "iloveyou2024!": "too common",
    "mykola-helpline": "login or the alias",
    "MYKOLA.MYKOLA.1": "login or the alias",
}
GOOD = "Lantern-orchard-1987"


@pytest.mark.parametrize(("password", "why"), sorted(WEAK.items()))
def test_weak_passwords_are_refused_with_the_reason(password: str, why: str) -> None:
    problem = password_problem(password, login="mykola", alias="Mykola")
    assert problem is not None and why in problem


def test_a_password_equal_to_the_login_is_refused() -> None:
    assert password_problem("mykola.kovalenko", login="mykola.kovalenko", alias="M") is not None


def test_a_good_password_is_accepted() -> None:
    assert password_problem(GOOD, login="mykola", alias="Mykola") is None


@pytest.fixture
def console(redis_server: RedisServer, tmp_path: Path) -> Iterator[Console]:
    yield from running_console(redis_server.url, tmp_path)


def add_consultant(console: Console, password: str) -> int:
    new_id = uuid.uuid4()
    console.bus.answers[subj.RPC_DIRECTORY_MANAGE_SAVE_CONSULTANT] = lambda command: ConsultantSaved(
        consultant=ConsultantView(
            consultant_id=new_id, alias=command.alias, languages=command.languages, topics=(), countries=(),
            capacity=3, role=command.role, time_zone="Europe/Kyiv", active=True,
        )
    )
    taras = console.login("taras")
    body = {"alias": "Mykola", "languages": ["uk"], "login": "mykola", "password": password}
    return console.use(taras).post(
        "/console/api/manage/consultants", json=body, headers={"X-CSRF-Token": taras.csrf}
    ).status_code


@pytest.mark.parametrize("password", ["1234567890", "password12", "mykola", "qwerty123456"])
def test_the_console_refuses_a_weak_password_for_a_new_account(console: Console, password: str) -> None:
    assert add_consultant(console, password) == 422
    assert subj.RPC_DIRECTORY_MANAGE_SAVE_CONSULTANT not in console.bus.asked  # refused before the directory


def test_the_console_accepts_a_good_password_and_it_signs_in(console: Console) -> None:
    assert add_consultant(console, GOOD) == 200
    assert console.login("mykola", GOOD).cookie


def test_a_change_to_a_weak_password_is_refused_and_the_old_one_still_works(console: Console) -> None:
    olena = console.login("olena")
    refused = console.use(olena).post(
        "/console/account/password",
        data={"csrf_token": olena.csrf, "current_password": PASSWORD, "new_password": "password1234"},
    )
    assert refused.status_code == 422
    assert "too common" in refused.text
    wrong_current = console.use(olena).post(
        "/console/account/password",
        data={"csrf_token": olena.csrf, "current_password": "not-my-password", "new_password": GOOD},
    )
    assert wrong_current.status_code == 422
    assert console.login("olena", PASSWORD).cookie
