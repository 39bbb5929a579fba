"""The pages in process: the chat (own and embedded), the widget, the console pages and their
headers; the language choice never redirects off the console."""

from __future__ import annotations

import pytest

from .conftest import InProcess

pytestmark = [pytest.mark.integration]


def test_the_chat_page_is_in_the_browsers_language_with_no_inline_script(in_process: InProcess) -> None:
    page = in_process.client.get("/", headers={"accept-language": "ru-RU,ru;q=0.9"})
    assert page.status_code == 200 and '<html lang="ru"' in page.text
    assert '<script src="/static/chat.js"></script>' in page.text
    assert page.headers["content-security-policy"].endswith("frame-ancestors 'self'")


def test_only_the_embedded_chat_may_be_framed_by_partners(in_process: InProcess) -> None:
    embed = in_process.client.get("/embed")
    assert embed.headers["content-security-policy"].endswith("frame-ancestors 'self' https://partner.example")
    widget = in_process.client.get("/widget.js")
    assert widget.status_code == 200 and widget.headers["content-type"].startswith("text/javascript")


def test_signed_in_pages_show_the_supervisor_links_by_role(in_process: InProcess) -> None:
    in_process.login("olena")
    assert 'href="/console/supervisor"' not in in_process.client.get("/console").text
    in_process.client.cookies.clear()
    in_process.login("taras")
    for path in ("/console", "/console/supervisor", "/console/canned", "/console/management"):
        page = in_process.client.get(path)
        assert page.status_code == 200, path
        assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"
    assert 'href="/console/supervisor"' in in_process.client.get("/console").text


SUPERVISING_PAGES = ("/console/supervisor", "/console/management", "/console/alerts", "/console/reports")


@pytest.mark.parametrize(
    ("account", "home", "closed"),
    [
        ("olena", "/console", (*SUPERVISING_PAGES, "/console/posts")),  # a consultant
        ("iryna", "/console/posts", (*SUPERVISING_PAGES, "/console", "/console/canned")),  # an editor
    ],
)
def test_a_page_the_role_may_not_use_sends_it_home(
    in_process: InProcess, account: str, home: str, closed: tuple[str, ...]
) -> None:
    in_process.login(account)
    for path in closed:
        page = in_process.client.get(path, follow_redirects=False)
        assert (page.status_code, page.headers.get("location")) == (303, home), path
    assert in_process.client.get(home, follow_redirects=False).status_code == 200
    assert in_process.client.get("/console/library", follow_redirects=False).status_code == 200


@pytest.mark.parametrize(
    ("target", "lands"),
    [
        ("/console/canned", "/console/canned"),
        ("https://evil.example/console", "/console"),
    ],
)
def test_choosing_a_language_stays_on_the_console(in_process: InProcess, target: str, lands: str) -> None:
    response = in_process.client.get("/console/lang/ru", params={"next": target}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == lands
    assert "peerline_lang=ru" in response.headers["set-cookie"]
