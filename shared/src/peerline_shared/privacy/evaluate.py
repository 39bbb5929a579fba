"""Score the scrubber on labelled messages: identifiers removed and meaning words lost, per kind.

A labelled file is JSON Lines with `id`, `text`, `pii` (the identifying strings in the text)
and `keep` (words that carry the meaning and must survive). An identifier counts as removed
when its string no longer appears in the scrubbed text, and as removed *whole* when nothing
telling of it is left either (`evaluate_leftovers`); a keep-word counts as lost when it no
longer appears. The files carry no kind for an identifier, so `kind_of` names one from its
shape (an `@`, a street word, digits only…); a lost keep-word is charged to the kind of the
detection that swallowed it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stdnum import iban, luhn

from peerline_shared.privacy.evaluate_leftovers import leftovers
from peerline_shared.privacy.scrub import Scrubber
from peerline_shared.privacy.scrub_numbers import normalise_numbers
from peerline_shared.privacy.scrub_policy import ScrubPolicy, all_policies
from peerline_shared.privacy.scrub_street_words import STREET_WORDS

MIN_REMOVED = 0.98
MAX_KEEP_LOST = 0.05

# The report's kinds; a detector's own kinds fold into these.
REPORT_KINDS: dict[str, str] = {
    "phone": "phone",
    "email": "email",
    "handle": "handle",
    "name": "name",
    "nickname": "name",
    "address": "address",
    "gps": "address",
    "card": "card/iban",
    "iban": "card/iban",
    "tax_id": "document",
    "passport": "document",
    "id_number": "document",
    "document": "document",
    "plate": "plate",
    "birth_date": "birth date",
}

_STREET = re.compile(
    rf"(?<![\w])(?i:{STREET_WORDS}|straße|strasse|str\.|street|road|avenue|lane|rue|ulice"
    r"|náměstí|кімната|комната|room|flat|кв\.?|mnt|tn|pst|iela|gatvė|tie|út|utca|\d+[ \t]+\w+"
    r"|\w+(?:straße|strasse|straat|weg|gasse))(?![\w])"
    r"|\w+ \d{1,4}[a-z]?, \d{3}"
)
_BIRTH = re.compile(r"(?i)г\.\s?р\.|р\.\s?н\.|born|рождения|народження")
_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_.]{2,31}")
_DATE = re.compile(
    r"\d{1,2}[./-](?:\d{1,2}|[IVX]{1,4})[./-](?:19|20)?\d\d|\d{1,2}\s+[^\W\d_]+\s+(?:(?:19|20)\d\d|['’]?\d\d(?:-\w+)?)"
)
_COORDINATES = re.compile(r"-?\d{1,3}[.,]\d{3,}\D{1,4}-?\d{1,3}[.,]\d{3,}|\d{1,3}°")
_SERIES_AND_NUMBER = re.compile(r"[^\W\d_]{1,3}[ -]?\d{5,9}")
_NUMBER_ONLY = re.compile(r"[\d\s+().\-/\u2010-\u2015\u2212]+")  # dashes of any width
_PLATE = re.compile(
    r"[^\W\d_]{1,3}[ -]?\d{3,5}[ -]?[^\W\d_]{1,3}(?:[ -]?\d{2,3})?"
    r"|[A-Z]{2}\d{2} ?[A-Z]{3}|[A-ZÄÖÜ]{1,3}-[A-Z]{1,2} \d{1,4}[EH]?|[A-Z]{2,3} \d{3,5}[A-Z]?"
)  # and the UK's, Germany's and Poland's shapes
_EMAIL_WORDS = re.compile(r"(?i)(?:\W|^)(?:at|собака|dot|точка|равлик)(?:\W|$)")
_PROFILE = re.compile(r"(?i)t\.me|instagram|facebook|vk\.com|ok\.ru|tiktok|wa\.me|https?://")


def kind_of(item: str) -> str:
    """The report kind of a labelled identifier, judged from its shape alone."""
    stripped = item.strip()
    compact = re.sub(r"[\s-]", "", stripped)
    digits = sum(ch.isdigit() for ch in stripped)
    letters = sum(ch.isalpha() for ch in stripped)
    if stripped.startswith("@") or _PROFILE.search(stripped):
        return "handle"
    if "@" in stripped or (_EMAIL_WORDS.search(stripped) and digits < 7):
        return "email"
    if re.fullmatch(r"[A-Za-z]{2}\d{2}[A-Za-z0-9]{10,30}", compact) and iban.is_valid(compact):
        return "card/iban"
    card_like = compact.isdigit() and 13 <= len(compact) <= 19 and not compact.startswith("00")
    if card_like and (luhn.is_valid(compact) or re.fullmatch(r"\d{4}([ -])\d{4}\1\d{4}\1\d{4}", stripped)):
        return "card/iban"  # printed as a card is, even with a wrong check digit
    if _COORDINATES.search(stripped):
        return "address"
    if _DATE.fullmatch(stripped) or _BIRTH.search(stripped):
        return "birth date"
    normalised = normalise_numbers(stripped)
    as_digits = normalised.text if normalised else stripped
    if stripped.isdigit() and stripped[0] != "0":
        return "document"  # a national id or tax number, written as one run
    if re.fullmatch(r"\d{4,}-[\d-]+|[\d-]+/\d+", stripped):
        return "document"  # a reference or record code: "2021-0587", "45-118/2022"
    if _NUMBER_ONLY.fullmatch(as_digits) and sum(ch.isdigit() for ch in as_digits) >= 7:
        return "phone"  # in any spacing, in words or with look-alike letters
    if _SERIES_AND_NUMBER.fullmatch(stripped):
        return "document"
    if _PLATE.fullmatch(stripped) and letters <= 6:
        return "plate"
    if letters and digits and _STREET.search(stripped):
        return "address"
    if _USERNAME.fullmatch(stripped) and re.search(r"[a-z]", stripped) and re.search(r"[\d_.]", stripped):
        return "handle"
    if digits >= 5 or (digits and "-" in stripped):
        return "document"
    if digits:
        return "phone"  # one part of a number split by words
    return "name" if letters else "other"


@dataclass
class Tally:
    items: int = 0
    removed: int = 0
    partly_left: int = 0  # removed as a string, but a telling part of it is still there
    keep: int = 0
    keep_lost: int = 0

    def add(self, other: Tally) -> None:
        self.items += other.items
        self.removed += other.removed
        self.partly_left += other.partly_left
        self.keep += other.keep
        self.keep_lost += other.keep_lost

    @property
    def removal(self) -> float:
        return self.removed / self.items if self.items else 1.0

    @property
    def removal_whole(self) -> float:
        return (self.removed - self.partly_left) / self.items if self.items else 1.0

    @property
    def keep_loss(self) -> float:
        return self.keep_lost / self.keep if self.keep else 0.0


@dataclass
class Score:
    """Totals for one file. Per kind: its identifiers, and the keep-words its detections
    swallowed out of all the file's keep-words."""

    total: Tally = field(default_factory=Tally)
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # id, kind, item
    lost: list[tuple[str, str, str]] = field(default_factory=list)  # id, kind, keep-word
    partly_left: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # …, what is left

    def meets_targets(self) -> bool:
        tallies = [self.total, *self.by_kind.values()]
        return all(t.removal >= MIN_REMOVED and t.keep_loss < MAX_KEEP_LOST for t in tallies)


@dataclass(frozen=True, slots=True)
class Labelled:
    id: str
    text: str
    pii: tuple[str, ...]
    keep: tuple[str, ...]


class BadLabelledFile(ValueError):
    """A labelled file that cannot be read or has a malformed record."""


def load_labelled(path: Path) -> list[Labelled]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BadLabelledFile(f"cannot read {path}: {error}") from None
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            rows.append(
                Labelled(
                    id=str(record.get("id", f"line {number}")),
                    text=_string(record["text"]),
                    pii=tuple(_string(item) for item in record.get("pii", [])),
                    keep=tuple(_string(item) for item in record.get("keep", [])),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise BadLabelledFile(f"{path}: line {number}: not a labelled record ({error})") from None
    return rows


def cased_texts(paths: Iterable[Path]) -> list[str]:
    """Every text of the files as written, then all upper-cased, then all lower-cased: what a
    change meant only for speed must scrub as before (bench/scrub_identity.py)."""
    texts = [row.text for path in paths for row in load_labelled(path)]
    return texts + [text.upper() for text in texts] + [text.lower() for text in texts]


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def score(rows: Iterable[Labelled], scrubber: Scrubber) -> Score:
    result = Score()
    for row in rows:
        scrubbed = scrubber.scrub(row.text).text
        left = leftovers(row.text, scrubbed, row.pii)
        for item in row.pii:
            kind = kind_of(item)
            removed = item not in scrubbed
            _count(result, kind, Tally(items=1, removed=int(removed), partly_left=int(item in left)))
            if not removed:
                result.missed.append((row.id, kind, item))
            elif item in left:
                result.partly_left.append((row.id, kind, item, left[item]))
        result.total.keep += len(row.keep)
        for word, kind in _lost_keep_kinds(row, scrubbed, scrubber).items():
            result.total.keep_lost += 1
            result.by_kind[kind].keep_lost += 1
            result.lost.append((row.id, kind, word))
    for tally in result.by_kind.values():
        tally.keep = result.total.keep
    return result


def _count(result: Score, kind: str, tally: Tally) -> None:
    result.total.add(tally)
    result.by_kind[kind].add(tally)


def _lost_keep_kinds(row: Labelled, scrubbed: str, scrubber: Scrubber) -> dict[str, str]:
    lost = [word for word in row.keep if word in row.text and word not in scrubbed]
    if not lost:
        return {}
    spans = scrubber.spans(row.text)
    kinds: dict[str, str] = {}
    for word in lost:
        start = row.text.find(word)
        end = start + len(word)
        hit = next((s for s in spans if s.start < end and start < s.end), None)
        kinds[word] = REPORT_KINDS.get(hit.kind, hit.kind) if hit else "other"
    return kinds


# Makes the scrubber for a policy; given a held-out file, its name tagger is one trained
# without that file.
ScrubberFactory = Callable[[ScrubPolicy, Path | None], Scrubber]


def tune(rows: Sequence[Labelled], make: ScrubberFactory, held_out: Path | None = None) -> ScrubPolicy:
    """The policy with the most identifiers removed whose keep-loss stays under the target;
    ties go to the policy that loses fewer keep-words."""
    best: tuple[float, float, int] | None = None
    chosen = all_policies()[0]
    for policy in all_policies():
        result = score(rows, make(policy, held_out)).total
        rank = (
            float(result.keep_loss < MAX_KEEP_LOST),
            result.removal,
            -result.keep_lost,
        )
        if best is None or rank > best:
            best, chosen = rank, policy
    return chosen


@dataclass(frozen=True, slots=True)
class FileReport:
    path: Path
    score: Score
    policy: ScrubPolicy
    tuned_on: tuple[Path, ...]  # empty: the default policy


def evaluate(paths: Sequence[Path], make: ScrubberFactory, policy: ScrubPolicy) -> list[FileReport]:
    """Each file scored with one fixed policy."""
    scrubber = make(policy, None)
    return [FileReport(path, score(load_labelled(path), scrubber), policy, ()) for path in paths]


def leave_one_file_out(paths: Sequence[Path], make: ScrubberFactory) -> list[FileReport]:
    """Each file scored with the policy tuned on all the other files only, and with a name
    tagger trained without it."""
    if len(paths) < 2:
        raise BadLabelledFile("--leave-one-file-out needs at least two files")
    rows = {path: load_labelled(path) for path in paths}
    reports = []
    for held_out in paths:
        others = tuple(path for path in paths if path != held_out)
        policy = tune([row for path in others for row in rows[path]], make, held_out)
        reports.append(FileReport(held_out, score(rows[held_out], make(policy, held_out)), policy, others))
    return reports


def format_reports(reports: Sequence[FileReport], *, show_misses: bool = False) -> str:
    lines: list[str] = []
    for report in reports:
        lines.append(f"== {report.path.name}")
        if report.tuned_on:
            names = ", ".join(path.name for path in report.tuned_on)
            lines.append(f"   policy tuned on {names} only: {_describe(report.policy)}")
            lines.append(f"   name tagger trained without {report.path.name}")
        lines.append(f"   {'kind':<12} {'items':>6} {'removed':>8} {'keep-loss':>10} {'whole':>8}")
        rows = sorted(report.score.by_kind.items(), key=lambda pair: pair[0])
        for kind, tally in [*rows, ("ALL", report.score.total)]:
            lines.append(
                f"   {kind:<12} {tally.items:>6} {tally.removal:>8.1%} {tally.keep_loss:>10.1%}"
                f" {tally.removal_whole:>8.1%}"
            )
        verdict = "meets" if report.score.meets_targets() else "MISSES"
        lines.append(
            f"   {verdict} the targets (removal >= {MIN_REMOVED:.0%}, "
            f"keep-loss < {MAX_KEEP_LOST:.0%}, overall and per kind)"
        )
        if show_misses:
            lines.extend(f"   missed {id_} [{kind}] {item!r}" for id_, kind, item in report.score.missed)
            lines.extend(f"   lost   {id_} [{kind}] {word!r}" for id_, kind, word in report.score.lost)
            lines.extend(
                f"   partly {id_} [{kind}] {item!r}, left: {' '.join(words)}"
                for id_, kind, item, words in report.score.partly_left
            )
    return "\n".join(lines)


def _describe(policy: ScrubPolicy) -> str:
    switches = [f"{name}={'on' if value else 'off'}" for name, value in _fields(policy)]
    return ", ".join(switches)


def _fields(policy: ScrubPolicy) -> list[tuple[str, bool]]:
    return [(name, bool(getattr(policy, name))) for name in policy.__dataclass_fields__]
