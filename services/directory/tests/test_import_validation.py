"""Import validation: every error by line and field, nothing accepted if anything is wrong."""

from __future__ import annotations

from datetime import date

from peerline_directory.domain.helpservices import RowError, is_stale
from peerline_directory.helpservices import formats

HEADER = "name,kinds,country,city,languages,last_verified,notes\n"
GOOD = 'Клініка,ost;hiv,ua,Київ,uk;ru,2026-01-02,"приймає, без документів"\n'


def fields_by_line(errors: tuple[RowError, ...]) -> set[tuple[int, str]]:
    return {(e.line, e.field) for e in errors}


def test_good_csv_is_read() -> None:
    validated = formats.read((HEADER + GOOD).encode(), "csv")
    assert validated.ok
    (record,) = validated.records
    assert record.kinds == ("ost", "hiv") and record.country == "UA"
    assert record.languages == ("uk", "ru") and record.last_verified == date(2026, 1, 2)
    assert record.notes == "приймає, без документів"


def test_every_bad_line_is_reported_by_line_and_field_and_nothing_is_accepted() -> None:
    text = (HEADER + GOOD
            + "Bad kind,ost;casino,UA,Київ,uk,,\n"            # line 3
            + GOOD
            + ",ost,Ukraine,Київ,uk,2026-13-01,\n"            # line 5: name, country, date
            + GOOD)
    validated = formats.read(text.encode(), "csv")
    assert validated.records == ()
    assert fields_by_line(validated.errors) == {
        (3, "kinds"), (5, "name"), (5, "country"), (5, "last_verified")}


def test_multiline_quoted_field_keeps_line_numbers_right() -> None:
    text = HEADER + 'A,ost,UA,Київ,uk,,"two\nlines"\n' + "B,nope,UA,Київ,uk,,\n"
    validated = formats.read(text.encode(), "csv")
    assert fields_by_line(validated.errors) == {(4, "kinds")}


def test_header_problems() -> None:
    validated = formats.read(b"name,kinds,city,colour\nA,ost,Kyiv,red\n", "csv")
    assert fields_by_line(validated.errors) == {(1, "country"), (1, "colour")}


def test_coordinates_go_together_and_are_in_range() -> None:
    text = "name,kinds,country,city,latitude,longitude\nA,ost,UA,Kyiv,50.4,\nB,ost,UA,Kyiv,95,30\n"
    validated = formats.read(text.encode(), "csv")
    assert fields_by_line(validated.errors) == {(2, "row"), (3, "latitude")}


def test_duplicate_ids_are_caught() -> None:
    same = "7f1b8d2c-3c4e-4c1a-9d63-0d5f0a1b2c3d"
    text = f"id,name,kinds,country,city\n{same},A,ost,UA,Kyiv\n{same},B,ost,UA,Kyiv\n"
    assert fields_by_line(formats.read(text.encode(), "csv").errors) == {(3, "id")}


def test_broken_utf8_is_reported_with_its_line() -> None:
    validated = formats.read((HEADER + GOOD).encode() + b"A,ost,UA,\xff\xfe,uk,,\n", "csv")
    assert fields_by_line(validated.errors) == {(3, "file")}


def test_yaml_errors_carry_the_line_of_the_entry() -> None:
    text = """services:
  - name: Good
    kinds: [ost]
    country: UA
    city: Київ
  - name: Bad
    kinds: [ost, bingo]
    country: UA
    city: Київ
    phone_number: "+380 00 000 0000"
"""
    validated = formats.read(text.encode(), "yaml")
    assert fields_by_line(validated.errors) == {(6, "kinds"), (6, "phone_number")}


def test_broken_yaml_is_one_clear_error() -> None:
    validated = formats.read(b"services:\n  - name: [unclosed\n", "yaml")
    assert len(validated.errors) == 1 and validated.errors[0].field == "file"


def test_csv_and_yaml_round_trip() -> None:
    records = formats.read((HEADER + GOOD + GOOD.replace("Клініка", "Інша")).encode(), "csv").records
    for fmt in ("csv", "yaml"):
        again = formats.read(formats.write(list(records), fmt).encode(), fmt)  # type: ignore[arg-type]
        assert again.ok and again.records == records


def test_stale_after_six_months_or_never_verified() -> None:
    today = date(2026, 11, 22)
    assert not is_stale(date(2026, 6, 1), today)
    assert is_stale(date(2026, 5, 1), today)
    assert is_stale(None, today)
