"""Translation catalogues: every text a person reads lives in YAML, one file per language.

A catalogue is a folder with `uk.yaml`, `ru.yaml` and `en.yaml` inside a package. Keys are
dotted paths (`firstaid.overdose`); values are strings with `{placeholders}`. A key missing
in one language falls back to English, so a new text never shows a raw key to a client.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from peerline_shared.events.vocabulary import LANGS, Lang

LANGUAGES: tuple[Lang, ...] = LANGS
FALLBACK_LANG: Lang = "en"


def normalise_lang(value: str | None, default: Lang = "uk") -> Lang:
    """Map a browser or Telegram language tag ("ru-RU", "UK") onto a supported language."""
    if not value:
        return default
    head = value.strip().lower().replace("_", "-").split("-")[0]
    for lang in LANGUAGES:
        if head == lang:
            return lang
    return default


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{path}."))
        else:
            flat[path] = str(value)
    return flat


@dataclass(frozen=True)
class Catalogue:
    texts: Mapping[Lang, Mapping[str, str]]

    @classmethod
    def load(cls, package: str, folder: str = "locales") -> Catalogue:
        root = resources.files(package).joinpath(folder)
        texts: dict[Lang, dict[str, str]] = {}
        for lang in LANGUAGES:
            source = root.joinpath(f"{lang}.yaml")
            data = yaml.safe_load(source.read_text(encoding="utf-8")) if source.is_file() else {}
            texts[lang] = _flatten(data or {})
        return cls(texts)

    def get(self, key: str, lang: str, **values: object) -> str:
        chosen = normalise_lang(lang, FALLBACK_LANG)
        template = self.texts.get(chosen, {}).get(key) or self.texts[FALLBACK_LANG].get(key)
        if template is None:
            raise KeyError(f"no text {key!r} in any language")
        return template.format(**values) if values else template

    def keys(self, lang: Lang) -> set[str]:
        return set(self.texts.get(lang, {}))

    def missing(self) -> dict[Lang, set[str]]:
        """Keys some language has and another lacks: a test keeps this empty."""
        every = set().union(*(self.keys(lang) for lang in LANGUAGES))
        return {lang: every - self.keys(lang) for lang in LANGUAGES if every - self.keys(lang)}
