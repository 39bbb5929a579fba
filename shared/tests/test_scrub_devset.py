"""The scrubber against the labelled PII files: removal and keep-loss, per file and per kind.

These are the figures after the rules were written with the files in view (docs/privacy.md
gives the held-out, first-look figures too); the test guards them against regressions. The
two development files live beside the repository (`../shared/pii`); the third writer's file
and the later writers' files are fixtures in the repository, so CI always scores them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from peerline_shared.privacy.evaluate import (
    MAX_KEEP_LOST,
    MIN_REMOVED,
    Labelled,
    Score,
    load_labelled,
    score,
)
from peerline_shared.privacy.scrub import get_scrubber, scrub

PII_DIR = Path(__file__).resolve().parents[3] / "shared" / "pii"
DATA = Path(__file__).resolve().parent / "data"
WRITER3 = DATA / "pii-writer3.jsonl"
FILES = (
    PII_DIR / "dev.jsonl",
    PII_DIR / "dev2.jsonl",
    WRITER3,
    DATA / "pii-writer4.jsonl",
    DATA / "pii-writer5.jsonl",
    DATA / "pii-writer7.jsonl",
)


@pytest.fixture(scope="module", params=FILES, ids=lambda path: path.name)
def rows(request: pytest.FixtureRequest) -> list[Labelled]:
    path = Path(request.param)
    if not path.exists():
        pytest.skip(f"labelled file not found at {path}")
    return load_labelled(path)


def test_targets_per_kind(rows: list[Labelled]) -> None:
    result = score(rows, get_scrubber())
    for kind, tally in [*result.by_kind.items(), ("ALL", result.total)]:
        assert tally.removal >= MIN_REMOVED, (kind, result.missed)
        assert tally.keep_loss < MAX_KEEP_LOST, (kind, result.lost)


def test_is_idempotent_on_labelled_texts(rows: list[Labelled]) -> None:
    for row in rows:
        once = scrub(row.text).text
        assert scrub(once).text == once


def test_the_third_writers_file_is_in_the_repository() -> None:
    assert len(load_labelled(WRITER3)) == 220


def test_the_fourth_and_fifth_writers_files_are_in_the_repository() -> None:
    assert len(load_labelled(DATA / "pii-writer4.jsonl")) == 200
    assert len(load_labelled(DATA / "pii-writer5.jsonl")) == 118


def test_the_sixth_set_keeps_its_first_look_overall() -> None:
    """Written after the fourth round's rules and scored once (98.4 %, keep-loss 1.5 %); its
    two misses are left unfixed so that it stays a first look, so only the totals are held."""
    result = score(load_labelled(DATA / "pii-writer6.jsonl"), get_scrubber())
    assert result.total.removal >= MIN_REMOVED, result.missed
    assert result.total.keep_loss < MAX_KEEP_LOST, result.lost


def test_the_eighth_set_meets_the_targets_overall() -> None:
    """Fixed by family after its first look (96.8 %) except a Moldovan plate judged a phone,
    so its phones stay below 98 % and only the totals are held."""
    result = score(load_labelled(DATA / "pii-writer8.jsonl"), get_scrubber())
    assert result.total.removal >= MIN_REMOVED, result.missed
    assert result.total.keep_loss < MAX_KEEP_LOST, result.lost


def test_the_ninth_set_meets_the_targets_overall() -> None:
    """Scored once (95.6 %), then three of its families fixed; its names stay below 98 %."""
    result = score(load_labelled(DATA / "pii-writer9.jsonl"), get_scrubber())
    assert result.total.removal >= MIN_REMOVED, result.missed
    assert result.total.keep_loss < MAX_KEEP_LOST, result.lost


def test_the_tenth_set_keeps_at_least_its_first_look() -> None:
    """The held-out set of the fifth round: scored once (93.0 %, keep-loss 3.2 %) and left
    unfixed, so it is below the target; a change to the rules must not make it worse."""
    rows = load_labelled(DATA / "pii-writer10.jsonl")
    result = score(rows, get_scrubber())
    assert len(result.missed) <= 5, result.missed  # 66 of 71 removed
    assert len(result.lost) <= 2, result.lost  # 2 of 62 meaning words lost
    for row in rows:
        once = scrub(row.text).text
        assert scrub(once).text == once


def test_the_thirteenth_set_meets_the_targets_after_its_families_were_fixed() -> None:
    """Scored once before the seventh round's rules (87.3 %), then its families fixed."""
    result = score(load_labelled(DATA / "pii-writer13.jsonl"), get_scrubber())
    assert result.total.removal >= MIN_REMOVED, result.missed
    assert result.total.keep_loss < MAX_KEEP_LOST, result.lost


def test_the_fourteenth_set_keeps_at_least_its_first_look() -> None:
    """The held-out set of the seventh round: scored once (87.9 %, keep-loss 4.8 %) and left
    unfixed, so it is below the target; a change to the rules must not make it worse."""
    result = score(load_labelled(DATA / "pii-writer14.jsonl"), get_scrubber())
    # 16 missed at its first look; the eighth round fixed the families of 12 of them.
    assert len(result.missed) <= 4, result.missed  # 128 of 132 removed
    assert len(result.lost) <= 7, result.lost  # 7 of 145 meaning words lost


def test_the_fifteenth_set_meets_the_targets_after_its_families_were_fixed() -> None:
    """Natural style, scored once before the eighth round (98.8 %, keep-loss 0.6 %), then its
    families fixed; the tagger never trained on it."""
    result = score(load_labelled(DATA / "pii-writer15.jsonl"), get_scrubber())
    assert result.total.removal >= MIN_REMOVED, result.missed
    assert result.total.keep_loss < MAX_KEEP_LOST, result.lost


def test_the_sixteenth_set_keeps_at_least_its_first_look() -> None:
    """The held-out set of the eighth round: scored once (97.2 %, keep-loss 0.2 %) and left
    unfixed; a change to the rules must not make it worse."""
    result = score(load_labelled(DATA / "pii-writer16.jsonl"), get_scrubber())
    assert len(result.missed) <= 4, result.missed  # 139 of 143 removed
    assert len(result.lost) <= 1, result.lost


def test_the_seventeenth_set_meets_the_targets_after_its_families_were_fixed() -> None:
    """Written by a second writer who never saw the rules, scored once before the ninth round
    (96.6 %, keep-loss 1.4 %), then its families fixed; the tagger never trained on it."""
    result = score(load_labelled(DATA / "pii-writer17.jsonl"), get_scrubber())
    assert result.total.removal >= MIN_REMOVED, result.missed
    assert result.total.keep_loss < MAX_KEEP_LOST, result.lost


def test_the_eighteenth_set_meets_the_targets_after_its_families_were_fixed() -> None:
    """The held-out set of the ninth round, by the second writer: scored once (95.8 %,
    keep-loss 1.8 %), then its families fixed in the tenth round; the tagger never trained on
    it. Its one miss left, "Slava" beside the kept slogan "Slava Ukraini", is a conflict of the
    labels; "марко, той що…" is not taken on purpose ("я маю, та що…")."""
    result = score(load_labelled(DATA / "pii-writer18.jsonl"), get_scrubber())
    assert result.total.removal >= MIN_REMOVED, result.missed
    assert len(result.missed) <= 2, result.missed  # 238 of 240 removed
    assert len(result.lost) <= 2, result.lost  # "Кировского" and one more at most


def test_the_nineteenth_set_keeps_at_least_its_first_look() -> None:
    """The held-out set of the tenth round, by a third writer, never opened by the rules'
    author: scored once (96.1 %, keep-loss 4.0 %); a change to the rules must not make it worse."""
    result = score(load_labelled(DATA / "pii-writer19.jsonl"), get_scrubber())
    assert len(result.missed) <= 11, result.missed  # 268 of 279 removed
    assert len(result.lost) <= 23, result.lost


def test_the_twentieth_and_twenty_first_sets_meet_the_targets_after_their_families_were_fixed() -> None:
    """By two more writers who never saw the rules: first look 97.9 % and 96.9 % (the tenth
    round's rules); the twelfth round fixed their families. Writer21's Slovak, Swedish and
    Bulgarian addresses and a plate with no cue are still missed, so only its totals are held."""
    for name, most_missed in (("pii-writer20.jsonl", 0), ("pii-writer21.jsonl", 2)):
        result = score(load_labelled(DATA / name), get_scrubber())
        assert result.total.removal >= MIN_REMOVED, result.missed
        assert len(result.missed) <= most_missed, result.missed
        assert result.total.keep_loss < MAX_KEEP_LOST, result.lost


def test_the_twenty_second_to_twenty_fifth_sets_meet_the_targets_after_their_families_were_fixed() -> None:
    """By four writers who never saw the rules: first looks 95.6 % and 96.9 % (the held-out
    figure of rounds 11 and 12), 94.0 % and 95.4 % (writers 24 and 25, main before round 13).
    The thirteenth round read their misses and fixed the families, so these figures are NOT
    held out; what is left: a given name the place list also holds, a given name that is a word
    with no cue, a quoted nickname in a list, a room in a named shelter."""
    for name, most_missed, most_lost in (
        ("pii-writer22.jsonl", 1, 7),
        ("pii-writer23.jsonl", 0, 11),
        ("pii-writer24.jsonl", 2, 12),
        ("pii-writer25.jsonl", 1, 11),
    ):
        rows = load_labelled(DATA / name)
        result = score(rows, get_scrubber())
        for kind, tally in [*result.by_kind.items(), ("ALL", result.total)]:
            assert tally.removal >= MIN_REMOVED, (name, kind, result.missed)
            assert tally.keep_loss < MAX_KEEP_LOST, (name, kind, result.lost)
        assert len(result.missed) <= most_missed, (name, result.missed)
        assert len(result.lost) <= most_lost, (name, result.lost)
        for row in rows:
            once = scrub(row.text).text
            assert scrub(once).text == once, row.text


def test_the_sets_held_out_in_the_thirteenth_round_score_as_recorded() -> None:
    """Writers 26–29, written blind and opened by no engineer of round 13, the speed pass or
    the tagger's held-out list; scored once by the lead (bench/results/scrub-writer2[6-9]-
    held-out.txt): 96.2 %, 96.2 %, 98.3 %, 92.4 % (1,025 of 1,065 items), removed whole
    91.5–97.8 %. Round 14 tuned on them (their partial leaks and misses were read and their
    families fixed), so from then on they are tuning data, NOT held out: 1,026 items removed,
    whole 93.8 %, 94.5 %, 98.3 %, 90.5 %. The caps may only get tighter."""
    for name, most_missed, most_lost, most_partly in [
        ("pii-writer26.jsonl", 6, 17, 5),
        ("pii-writer27.jsonl", 5, 7, 3),
        ("pii-writer28.jsonl", 7, 21, 0),
        ("pii-writer29.jsonl", 11, 8, 5),
    ]:
        result = _holds_to_its_record(name, most_missed, most_lost, most_partly)
        assert result.total.keep_loss < MAX_KEEP_LOST, (name, result.lost)


def test_the_sets_held_out_in_the_fourteenth_round_score_as_recorded() -> None:
    """Writers 30–33, written blind in voices of countries the rules had seen little of (Spain
    and Portugal; Belarus, Crimea and the Nordics; Zakarpattia, Hungary, Bulgaria and Greece;
    the US and Canada), opened by no engineer of round 14; scored by the lead before and after
    it (bench/results/scrub-writer3[0-3]-held-out.txt): 89.3 %, 98.0 %, 85.9 %, 95.6 % both
    times (1,045 of 1,132 items), removed whole 84.7 % → 86.8 %; writer32 loses 5.3 % of its
    keep-words. Round 15 tuned on them (their misses and partial leaks read, their families
    fixed), so from then on they are tuning data, NOT held out: 1,076 items removed (95.1 %),
    whole 92.8 %, keep-words lost as before. The caps may only get tighter."""
    for name, most_missed, most_lost, most_partly in [
        ("pii-writer30.jsonl", 20, 11, 6),
        ("pii-writer31.jsonl", 3, 10, 5),
        ("pii-writer32.jsonl", 25, 32, 9),
        ("pii-writer33.jsonl", 7, 21, 5),
    ]:
        _holds_to_its_record(name, most_missed, most_lost, most_partly)


def test_the_sets_held_out_in_the_fifteenth_round_score_as_recorded() -> None:
    """Writers 34–37, written blind (the Baltics; relatives from the south of Ukraine and
    Ukrainians in Slovakia, Slovenia, Croatia and Switzerland; Telegram translit from Central
    Asia, the Caucasus and migrants in Russia and Turkey; formal English and Ukrainian from the
    UK, Ireland, France, Italy and Israel), opened by no engineer of round 15 or of the speed
    pass beside it; scored by the lead before and after both (bench/results/scrub-writer3[4-7]-
    held-out.txt): 95.8 %, 98.7 %, 88.2 %, 98.9 % both times (1,205 of 1,252 items, 96.2 %),
    removed whole 94.2 %. Round 16 tunes on them, so from then on they are tuning data, NOT held
    out: its translit helper (names after Russian cues typed in Latin letters, the region's given
    names, number words and "sobaka"/"tochka" e-mails in Latin letters) took writer36 from 88.2 %
    to 96.1 % (missed 27 -> 9, partly 11 -> 10); its address helper (streets without a street
    word, more countries' street and flat words, bare national mobiles, the region's plates)
    took writers 34, 35, 37 to 99.6 %, 99.5 %, 99.7 % and writer36's partial leaks 11 -> 1.
    The caps may only get tighter."""
    for name, most_missed, most_lost, most_partly in [
        ("pii-writer34.jsonl", 1, 9, 1),
        ("pii-writer35.jsonl", 2, 8, 2),
        ("pii-writer36.jsonl", 0, 5, 0),
        ("pii-writer37.jsonl", 1, 18, 10),
    ]:
        _holds_to_its_record(name, most_missed, most_lost, most_partly)


def test_the_sets_held_out_in_the_sixteenth_round_score_as_recorded() -> None:
    """Writers 38–41, written blind (peer consultants' night notes from the south and east of
    Ukraine; voice-to-text from Germany, Austria, the Benelux and the Nordics; Russian in
    Cyrillic from Central Asia, the Caucasus and Moldova; code-switching young people in North
    America, the UK, Poland and Czechia), opened by no engineer of round 16 or of the speed pass
    beside it; scored by the lead before and after both (bench/results/scrub-writer{38..41}-
    held-out.txt): 96.1 %, 93.4 %, 98.0 %, 93.0 % both times (1,048 of 1,099 items, 95.4 %),
    removed whole 92.0 → 92.2 %. Their misses are left unfixed; a change that does worse fails here."""
    for name, most_missed, most_lost, most_partly in [
        ("pii-writer38.jsonl", 13, 15, 5),
        ("pii-writer39.jsonl", 14, 3, 8),
        ("pii-writer40.jsonl", 6, 14, 17),
        ("pii-writer41.jsonl", 18, 7, 5),
    ]:
        _holds_to_its_record(name, most_missed, most_lost, most_partly)


def _holds_to_its_record(name: str, most_missed: int, most_lost: int, most_partly: int) -> Score:
    """A labelled file's score, which must miss, lose and partly leave no more than recorded."""
    result = score(load_labelled(DATA / name), get_scrubber())
    assert len(result.missed) <= most_missed, (name, result.missed)
    assert len(result.lost) <= most_lost, (name, result.lost)
    assert len(result.partly_left) <= most_partly, (name, result.partly_left)
    return result
