"""Which articles a waiting client is offered (domain/articles.py): pure, no servers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from peerline_directory.domain.articles import Waiting, suggest
from peerline_directory.library.service import starter_set


@dataclass(frozen=True)
class Article:
    title: str
    topics: tuple[str, ...]
    lang: str = "ru"
    country: str | None = None
    updated_at: datetime | None = field(default=datetime(2026, 1, 1, tzinfo=UTC))


ABROAD = Article("abroad", ("ost", "hiv", "tb"))
OST_BREAK = Article("break", ("ost", "harm_reduction"))
OST_PL = Article("poland", ("ost",), country="PL")
NALOXONE = Article("naloxone", ("overdose", "harm_reduction"))
POLICE_UA = Article("police", ("legal",), country="UA")
ABROAD_EN = Article("abroad en", ("ost", "hiv", "tb"), lang="en")
LIBRARY = (ABROAD, OST_BREAK, OST_PL, NALOXONE, POLICE_UA, ABROAD_EN)


def client(*topics: str, country: str | None = None, urgency: str = "normal", lang: str = "ru") -> Waiting:
    return Waiting(tuple(topics), lang, country, urgency)


def titles(articles: list[Article]) -> list[str]:
    return [article.title for article in articles]


def test_an_emergency_gets_nothing_first_aid_comes_first() -> None:
    assert suggest(LIBRARY, client("overdose", urgency="emergency")) == []


def test_only_the_clients_language_and_a_shared_topic() -> None:
    assert titles(suggest(LIBRARY, client("ost"))) == ["abroad", "break"]
    assert titles(suggest(LIBRARY, client("ost", lang="en"))) == ["abroad en"]
    assert suggest(LIBRARY, client("humanitarian")) == []
    assert suggest(LIBRARY, client()) == []


def test_an_article_for_one_country_only_reaches_clients_there() -> None:
    assert "poland" not in titles(suggest(LIBRARY, client("ost", country="UA")))
    assert "poland" not in titles(suggest(LIBRARY, client("ost")))
    assert titles(suggest(LIBRARY, client("ost", country="PL"))) == ["poland", "abroad", "break"]
    assert titles(suggest(LIBRARY, client("legal", country="UA"))) == ["police"]


def test_the_main_topic_comes_first_then_more_shared_topics() -> None:
    assert titles(suggest(LIBRARY, client("harm_reduction", "ost"))) == ["break", "naloxone", "abroad"]
    assert titles(suggest(LIBRARY, client("ost", "hiv"))) == ["abroad", "break"]


def test_the_clients_own_country_before_everywhere_when_alike() -> None:
    general = Article("general", ("ost",))
    assert titles(suggest((general, OST_PL), client("ost", country="PL"))) == ["poland", "general"]


def test_never_more_than_three() -> None:
    many = [Article(f"a{i}", ("ost",)) for i in range(10)]
    assert len(suggest(many, client("ost"))) == 3
    assert len(suggest(many, client("ost"), limit=50)) == 3
    assert len(suggest(many, client("ost"), limit=1)) == 1


def test_the_starter_set_covers_every_subject_in_three_languages() -> None:
    records = starter_set()
    assert {record["lang"] for record in records} == {"uk", "ru", "en"}
    per_lang = {lang: [r for r in records if r["lang"] == lang] for lang in ("uk", "ru", "en")}
    assert len({len(articles) for articles in per_lang.values()}) == 1
    assert len(per_lang["en"]) == 7
    topics = {topic for record in records for topic in record["topics"]}
    assert {"overdose", "ost", "hiv", "tb", "legal", "harm_reduction", "humanitarian"} <= topics
    for record in records:
        assert 0 < len(record["title"]) <= 160 and len(record["summary"]) <= 400
        assert len(record["body"]) <= 4000  # one Telegram message
