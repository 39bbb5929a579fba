"""The scrubber's few tunable switches: the choices where more removal costs meaning words.

Everything else in the scrubber is a fixed rule written from how a kind of identifier is
formed. These switches are what `peerline scrub --evaluate --leave-one-file-out` tunes on
the other files before scoring the one left out (see docs/privacy.md).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from itertools import product


@dataclass(frozen=True, slots=True)
class ScrubPolicy:
    # A pair of lower-case words that are a listed given name and a surname-shaped word
    # ("олена коваленко") is a name even without "мене звати" before it.
    lowercase_name_pairs: bool = True
    # A pair of words in capitals as on a document ("КОВАЛЕНКО ОЛЕНА") is a name.
    capitals_name_pairs: bool = True
    # A full date with a year at least twelve years back ("14.03.1991") is taken as a date of
    # birth even without "born"/"д.н." beside it.
    bare_past_dates: bool = True
    # A capitalised word in mid-sentence that no dictionary knows is a rare surname.
    unknown_capitalised: bool = True


DEFAULT_POLICY = ScrubPolicy()


def all_policies() -> list[ScrubPolicy]:
    """Every combination of the switches (the grid the evaluation tunes over)."""
    names = [field.name for field in fields(ScrubPolicy)]
    return [
        ScrubPolicy(**dict(zip(names, values, strict=True)))
        for values in product((True, False), repeat=len(names))
    ]
