"""The compound given names of Central Asia in Latin letters (sixteenth round).

Uzbek, Tajik, Kyrgyz and Kazakh given names are built of parts: a name or a name element, then
"-bek", "-jon", "-ali", "-ullo", "-xon", "-niso", "-zoda", "-iddin" ("Jasurbek", "Alijon",
"Sherali", "Nurullo", "Gulxon"). No list holds every compound, so a word no list knows is a
given name when it ends in one of these and what comes before is a listed given name or one of
the region's name elements. Six letters at least, and a listed name of four letters before the
ending (a shorter part only as an element): "Somali", "Kigali" and "Bengali" have no listed
name before their "-ali".
"""

from __future__ import annotations

import re
from collections.abc import Callable

_COMPOUND_END = re.compile(r"(?:bek|jon|dzhon|zhon|ali|ullo|ullah|ulla|xon|khon|niso|nisa|zoda|iddin|uddin)$")
NAME_ELEMENTS = frozenset(
    ("sher", "nur", "mir", "abdu", "abdul", "dil", "mehr", "shah", "shoh", "said", "sayid", "xudo",
     "khudo", "khuda", "gul", "zar", "qodir", "kodir", "asil", "ulug", "ulugh", "ali", "vali", "umar")
)  # fmt: skip
_MIN_LENGTH = 6
_MIN_LISTED_STEM = 4  # a shorter first part only as an element: "som" of "Somali" is no name


def compound_given_name(lower: str, is_given_name: Callable[[str], bool]) -> bool:
    """Whether the lower-cased Latin word is a name element or a given name (as
    `is_given_name` judges a lower-cased word) followed by a compound's ending."""
    if len(lower) < _MIN_LENGTH:
        return False
    found = _COMPOUND_END.search(lower)
    if found is None:
        return False
    stem = lower[: found.start()]
    return stem in NAME_ELEMENTS or (len(stem) >= _MIN_LISTED_STEM and is_given_name(stem))
