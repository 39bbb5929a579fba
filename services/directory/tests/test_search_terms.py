"""From typed words to full-text queries, and kind names across uk / ru / en."""

from __future__ import annotations

from peerline_directory.domain.search_terms import fts5_match, parse_query, tsquery
from peerline_directory.helpservices.service import synonyms


def test_kind_words_in_any_language() -> None:
    for text in ("метадон", "ЗПТ у Києві", "замісна терапія", "заместительная терапия", "OST",
                 "бупренорфін", "methadone"):
        assert "ost" in parse_query(text, synonyms()).kinds, text
    assert parse_query("ВІЛ", synonyms()).kinds == ("hiv",)
    assert parse_query("тест на ВИЧ", synonyms()).kinds[:1] in {("hiv",), ("harm_reduction",)}
    assert parse_query("адвокат поліція", synonyms()).kinds == ("legal",)
    assert parse_query("притулок", synonyms()).kinds == ("shelter",)


def test_short_names_match_whole_words_only() -> None:
    assert parse_query("тбілісі", synonyms()).kinds == ()   # not "тб"
    assert parse_query("hivemind", synonyms()).kinds == ()  # not "hiv"


def test_prefixes_lose_endings_of_long_words() -> None:
    terms = parse_query("Одесі Одеса терапія", synonyms())
    assert terms.prefixes == ("одесі", "одеса", "терап")


def test_queries_are_quoted_safely() -> None:
    terms = parse_query('ost" OR name:*', synonyms())
    assert fts5_match(terms) == '"ost"* OR "or"* OR "name"* OR "peerlinekindost"'
    assert tsquery(terms) == "'ost':* | 'or':* | 'name':* | 'peerlinekindost'"
    assert parse_query("   ", synonyms()).empty
