"""Templates, static files and UI texts: every asset is served by the gateway itself (no CDN),
and every text a person reads comes from the uk/ru/en catalogues in `locales/`."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from peerline_shared.i18n import LANGUAGES, Catalogue, Lang, normalise_lang

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
catalogue = Catalogue.load("peerline_gateway")
LANG_COOKIE = "peerline_lang"


def page_lang(request: Request, *, use_cookie: bool = False) -> Lang:
    """`?lang=` first, then (console only) the chosen-language cookie, then the browser's."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return normalise_lang(asked)
    if use_cookie and request.cookies.get(LANG_COOKIE) in LANGUAGES:
        return normalise_lang(request.cookies.get(LANG_COOKIE))
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return normalise_lang(tag)
    return "uk"


def texts_for(prefixes: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Catalogue entries under `prefixes`, in every language: handed to the page's script as
    JSON so it can switch language without a reload."""
    return {
        lang: {key: value for key, value in catalogue.texts[lang].items() if key.startswith(prefixes)}
        for lang in LANGUAGES
    }


def render(request: Request, name: str, lang: Lang, status_code: int = 200, **context: Any) -> Any:
    base = {
        "lang": lang,
        "t": partial(translate, lang),
        "languages": [(code, catalogue.get("lang_name", code)) for code in LANGUAGES],
    }
    return templates.TemplateResponse(request, name, base | context, status_code=status_code)


def translate(lang: Lang, key: str, **values: object) -> str:
    """`t(key, ...)` in templates: the text in the page's language."""
    return catalogue.get(key, lang, **values)
