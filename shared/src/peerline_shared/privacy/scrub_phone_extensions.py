"""A phone's extension, left beside its placeholder by the first pass (fifteenth round):
"[phone] ext 14", "[phone] ext. 231", "[phone] x214", "[phone] доб. 231", "[phone],
добавочный 12", "[phone] (вн. 305)", "[phone] Durchwahl 17", "[phone] wew. 22".

The extension reaches one desk, so it goes with the number. The scrubber runs again over its
own output (scrub.py): the span widens "[phone]" and the next pass leaves one placeholder. A
text without the placeholder costs one substring test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from peerline_shared.privacy.scrub_spans import Span

PLACEHOLDER = "[phone]"

_EXTENSION_WORD = (
    r"ext|extn|extension|доб|добав\w{0,6}|дод|додатк\w{0,6}|внутр\w{0,6}|вн"
    r"|durchwahl|dw|wew|poste|lokal|linka"
)
# "x214" but not "x 2" (twice): the bare letter only joined to two digits or more.
_EXTENSION = re.compile(
    rf"[ \t]*,?[ \t]*\(?(?:(?i:{_EXTENSION_WORD})\.?:?[ \t]*(?:#|№|n[ºo°]\.?)?[ \t]*\d{{1,6}}"
    r"|x\d{2,6})(?![\w])\)?"
)


def find_phone_extensions(text: str) -> Iterable[Span]:
    return _extensions(text) if PLACEHOLDER in text else ()


def _extensions(text: str) -> Iterator[Span]:
    position = text.find(PLACEHOLDER)
    while position >= 0:
        end = position + len(PLACEHOLDER)
        extension = _EXTENSION.match(text, end)
        if extension is not None:
            end = extension.end()
            if text[extension.start() : end].count(")") > text[extension.start() : end].count("("):
                end -= 1  # the closing bracket of a sentence's aside, not the extension's
            yield Span(position, end, "phone")
        position = text.find(PLACEHOLDER, end)
