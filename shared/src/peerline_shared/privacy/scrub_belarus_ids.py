"""Belarus's personal number by its shape (fifteenth round): seven digits (sex, birth date), a
letter (the region), three digits, two letters (the citizenship) and a check digit,
"3290158B012PB7", often typed with the Cyrillic letters that look Latin ("3290158в012рв7").
Fourteen characters in this order are nothing else; looked for where a number's name is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from peerline_shared.privacy.scrub_regex import digit_count, lowered
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import trigger_words

# The number's name before it ("личный номер", "ідентифікаційний", "асабісты нумар", "ID:").
_HINT = trigger_words(
    ("личн", "особист", "идентиф", "ідентиф", "асабіст", "ідэнтыф", "personal", "id:", "id-"),
    at_word_start=True,
)
HINTS = (_HINT,)
_LETTER = "[A-Za-zА-Яа-яЁё]"
_PERSONAL_NUMBER = re.compile(rf"(?<![\w])\d{{7}}{_LETTER}\d{{3}}{_LETTER}{{2}}\d(?![\w])")


def find_belarus_personal_numbers(text: str) -> Sequence[Span]:
    if digit_count(text) < 11 or not _HINT.search(lowered(text)[0]):
        return ()
    return [Span(number.start(), number.end(), "id_number") for number in _PERSONAL_NUMBER.finditer(text)]
