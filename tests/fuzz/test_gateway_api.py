"""schemathesis against the gateway's OpenAPI document, anonymous and as a logged-in
supervisor (cookie + CSRF token): valid and invalid requests for every operation, and not one
answer may be a 5xx. The gateway runs as a process of the whole system (real NATS, Redis,
notifications and directory behind it)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import given
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from peerline_devtools.devstack import DevStack

from ..e2e.support import Console
from .budget import count, fuzz_settings

pytestmark = [pytest.mark.fuzz, pytest.mark.e2e]


def test_the_openapi_document_is_served(fuzz_stack: DevStack) -> None:
    response = httpx.get(f"{fuzz_stack.url('gateway')}/openapi.json", timeout=10)
    assert response.status_code == 200, response.text[:300]


def _logged_in(gateway: str) -> tuple[dict[str, str], dict[str, str]]:
    async def login() -> tuple[dict[str, str], dict[str, str]]:
        console = Console(gateway)
        try:
            assert (await console.login()).status_code == 303
            return dict(console.http.cookies), {"X-CSRF-Token": console.csrf, "Origin": gateway}
        finally:
            await console.close()

    return asyncio.run(login())


def _fuzz_operations(gateway: str, cookies: dict[str, str], headers: dict[str, str], who: str) -> list[str]:
    schema = schemathesis.openapi.from_url(f"{gateway}/openapi.json")
    session = requests.Session()
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @fuzz_settings(ci=8, large=700)
            @given(case=operation.as_strategy(generation_mode=mode))
            def call(case: Any) -> None:
                count(f"gateway API: {who}")
                response = case.call(
                    base_url=gateway,
                    session=session,
                    cookies=cookies,
                    headers={**headers, **(case.headers or {})},
                    timeout=15,
                )
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}")

            try:
                call()
            except Unsatisfiable:
                continue  # nothing to generate (e.g. no parameter to make invalid)
    return failures


def test_a_referral_search_with_an_odd_country_is_not_a_server_error(fuzz_stack: DevStack) -> None:
    gateway = fuzz_stack.url("gateway")
    cookies, headers = _logged_in(gateway)
    response = httpx.get(
        f"{gateway}/console/api/referrals",
        params={"country": "ßß"},
        cookies=cookies,
        headers=headers,
        timeout=10,
    )
    assert response.status_code < 500


@pytest.mark.parametrize("who", ["anonymous", "supervisor"])
def test_no_request_to_the_gateway_api_gets_a_server_error(fuzz_stack: DevStack, who: str) -> None:
    gateway = fuzz_stack.url("gateway")
    cookies, headers = _logged_in(gateway) if who == "supervisor" else ({}, {})
    failures = _fuzz_operations(gateway, cookies, headers, who)
    assert not failures, f"{len(failures)} server errors, e.g. {sorted(set(failures))[:10]}"
    assert httpx.get(f"{gateway}/healthz", timeout=5).status_code == 200
