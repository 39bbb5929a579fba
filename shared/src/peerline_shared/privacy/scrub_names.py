"""Personal names: pymorphy3 Name/Surn/Patr tags for Cyrillic, word lists for Latin script.

Many Ukrainian common nouns also carry a surname tag ("Мороз", "Гончар", "Жук"), so a single
word counts as a name only when its position says so: next to a given name, after "мене
звати"/"my name is", or capitalised in mid-sentence with no ordinary-word reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import partial

from pymorphy3 import MorphAnalyzer

from peerline_shared.privacy import scrub_name_cues as cues
from peerline_shared.privacy import scrub_name_described as described
from peerline_shared.privacy.scrub_kept_words import named_institution
from peerline_shared.privacy.scrub_name_intro import IntroducedNames
from peerline_shared.privacy.scrub_name_subject import cyrillic_subject_ok, subjects
from peerline_shared.privacy.scrub_name_tokens import (
    PlaceContext,
    Spans,
    Token,
    counts_out_of_case,
    is_acronym,
    joined,
    judge_unusual_case,
    name_like_groups,
    name_part,
    sentence_start,
)
from peerline_shared.privacy.scrub_name_words import CYRILLIC, NameWords, WordInfo, languages
from peerline_shared.privacy.scrub_policy import DEFAULT_POLICY, ScrubPolicy
from peerline_shared.privacy.scrub_regex import lowered
from peerline_shared.privacy.scrub_spans import Span

# A word of letters that no word character touches. The look-behind comes after the first
# letter so that the pattern begins with a character set, which `re` scans for quickly
# ("(?<!\w)" first made it try every position).
# An English possessive ends the word before it: "Mykhailo's sister" is about Mykhailo.
WORD = re.compile(r"[^\W\d_](?<!\w[^\W\d_])[^\W\d_]*(?:['’ʼ-](?![sS](?!\w))[^\W\d_]+)*(?!\w)")
_GAELIC = re.compile(r"O['’][A-Z][a-z]")  # "O'Brien"


class NameDetector:
    def __init__(
        self,
        analyzers: Mapping[str, MorphAnalyzer],
        policy: ScrubPolicy = DEFAULT_POLICY,
        words: NameWords | None = None,
    ) -> None:
        """`words`: the word lists and their cache, shared with the name tagger when given."""
        self._policy = policy
        self._analyzers = analyzers
        words = words or NameWords(analyzers)
        self.classify = words.classify_for_rules
        self._is_latin_first = words.is_latin_first
        self._bare_given_name = words.bare_given_name
        self._stop_words = words.stop_words
        self._latin_ambiguous = words.latin_ambiguous
        self._cyrillic_ambiguous = words.cyrillic_ambiguous
        # Per language set, then per word (a tuple key cost a tuple and its hash every word):
        # the word's shape, its reading, and what it says to `IntroducedNames`.
        self._tokens: dict[tuple[str, ...], dict[str, tuple[str, WordInfo | None, str | None]]] = {}
        self._introduced = IntroducedNames(analyzers, words, policy)

    def find(self, text: str) -> Iterator[Span]:
        langs = languages(text)
        triggers = cues.Triggers(text)
        yield from self._after_naming_words(text, langs, triggers)
        yield from self._lower_case_self_introductions(text, langs)
        yield from self._signed_opening(text, langs)
        yield from self._initials(text, langs)
        yield from described.find(text, partial(self.classify, langs=langs), self._cyrillic_ambiguous)
        yield from subjects(
            text,
            lambda word: self.classify(word, langs),
            self._stop_words,
            lambda word: cyrillic_subject_ok(word, self._analyzers, langs),
        )
        protected = None
        if cues.PROTECTED_LOWER.search(lowered(text)[0]) and cues.PROTECTED_HINT.search(text):
            protected = Spans(m.span() for m in cues.PROTECTED_PLACES.finditer(text))
        places = PlaceContext()
        run: list[Token] = []
        marks: list[tuple[str, int, int]] = []
        tokens = self._tokens_of(langs)
        for match in WORD.finditer(text):
            word = match.group()
            decision = tokens.get(word)  # looked up here: a method call per word cost more
            shape, info, mark = decision if decision is not None else self._token(tokens, word, langs)
            if mark is not None:
                marks.append((mark, *match.span()))
            if info is None:
                if run:
                    yield from self._judge_run(text, run, triggers)
                    run = []
                continue
            start, end = match.span()
            is_protected = protected is not None and start in protected
            after_place = shape != "lower" and places.follows(text, start)
            if after_place or info.place or is_protected:
                places.end = end
            if info.blocked or is_protected:
                # A place or a title ends the run; the next word is judged on its own.
                if run:
                    yield from self._judge_run(text, run, triggers)
                    run = []
                continue
            same_case = (run[-1].shape == "lower") == (shape == "lower") if run else True
            if run and not (same_case and joined(text, run[-1].end, start)):
                yield from self._judge_run(text, run, triggers)
                run = []
            run.append(Token(start, end, info, after_place, shape))
        if run:
            yield from self._judge_run(text, run, triggers)
        # "Я Лиана, армянка", "Тёмочка", "Я Тоня з Полтави" (scrub_name_intro).
        yield from self._introduced.find(text, marks, langs)

    def _tokens_of(self, langs: tuple[str, ...]) -> dict[str, tuple[str, WordInfo | None, str | None]]:
        """The decisions already made for words of texts in these languages."""
        tokens = self._tokens.get(langs)
        if tokens is None or len(tokens) > 50_000:
            tokens = self._tokens[langs] = {}
        return tokens

    def _token(
        self, tokens: dict[str, tuple[str, WordInfo | None, str | None]], word: str, langs: tuple[str, ...]
    ) -> tuple[str, WordInfo | None, str | None]:
        """The word's shape and reading; no reading when it cannot be part of a name."""
        shape = self._shape(word)
        info = None
        if shape is not None:
            info = self.classify(word if shape == "title" else word.capitalize(), langs)
            if shape == "lower" and (
                not counts_out_of_case(info, shape) or self._ordinary_in_lower_case(word, info)
            ):
                info = None  # most lower-case words: not a name, so not part of one
        decision = tokens[word] = (shape or "", info, self._introduced.mark(word))
        return decision

    def _ordinary_in_lower_case(self, word: str, info: WordInfo) -> bool:
        """In lower case a word with an ordinary reading of another part of speech or another
        noun ("маю", "тому", "пол"), or a listed name that is also a word ("кумар", "ліки"),
        is that word."""
        return info.ordinary or word.lower() in self._cyrillic_ambiguous

    def _shape(self, word: str) -> str | None:
        """ "title", or "caps"/"lower" when the policy lets such words be names, else None."""
        if len(word) < 2:
            return None
        if word[0].isupper() and (word[1].islower() or _GAELIC.match(word)):
            return "title"
        if word.isupper() and len(word) > 2 and self._policy.capitals_name_pairs:
            return "caps"
        if word.islower() and len(word) > 2 and self._policy.lowercase_name_pairs:
            return "lower"
        return None

    def _after_naming_words(
        self, text: str, langs: tuple[str, ...], triggers: cues.Triggers
    ) -> Iterator[Span]:
        """Up to three words after "мене звати", "my name is", "кличка"…, in any case."""
        for trigger in triggers.naming():
            end = trigger.end()
            nickname = trigger.group("nick") is not None
            # After a bare verb of naming only a capitalised or quoted word is the name
            # ("это называют по-разному").
            verb = trigger.group("verb") is not None
            taken, skipped, name_start = 0, 0, trigger.end()
            for match in cues.FOLLOWING_WORD.finditer(text, end):
                if match.start() != end or taken == 3:
                    break
                word = match.group(1)
                if taken == 0 and skipped < 2 and word.lower() in _SKIPPED_BEFORE_NAME:
                    # "кличуть його Борода", "Фамилия вроде Озолиня", "звали його здається Гном"
                    skipped, end = skipped + 1, match.end(1)
                    continue
                quoted = text[match.start() : match.start(1)].strip() != ""
                if taken == 0 and skipped:
                    name_start = match.start(1)
                # After a naming word a capitalised word is what the person is called,
                # whatever else it means ("Меня называют Малыш", "мене звати Кіт").
                titled = word[:1].isupper() and not word.isupper()
                if taken == 0 and (nickname or titled) and self._nickname_word(word, quoted):
                    taken, end = 1, match.end(1)
                    continue
                if verb and taken == 0:
                    break
                if not self._name_after_trigger(word, langs, first=taken == 0):
                    break
                taken, end = taken + 1, match.end(1)
            if taken:
                yield Span(name_start, end, "name")

    def _lower_case_self_introductions(self, text: str, langs: tuple[str, ...]) -> Iterator[Span]:
        """ "its dima", "я олена", "это гоша": a listed given name after "I am"-words."""
        if not self._policy.lowercase_name_pairs:
            return
        for match in cues.LOWER_INTRODUCTION.finditer(text):
            word = match.group(1)
            if CYRILLIC.search(word):
                info = self.classify(word.capitalize(), langs)
                if info.guessed and len(langs) == 1:
                    # "я дима знову": a Russian name in a Ukrainian message, which the Ukrainian
                    # dictionary only guesses at.
                    info = self.classify(word.capitalize(), _BOTH_LANGUAGES)
                # "я маю", "я из", "я ніколи": a word with an ordinary reading is that word.
                listed = info.first and not info.guessed
                # "я марко з донецька": where the person is from, after it, makes a listed
                # name a name whatever else it means.
                if listed and not self._introduction_goes_on(text, match.end(1), langs):
                    listed = not self._ordinary_in_lower_case(word, info)
            else:
                listed = self._is_latin_first(word)
            if listed:
                yield Span(match.start(1), match.end(1), "name")

    def _signed_opening(self, text: str, langs: tuple[str, ...]) -> Iterator[Span]:
        """ "Matt from Brooklyn.", "Hi, Priya from a Leicester GP surgery", "Storm here": a
        message opened by a capitalised Latin word before "from" and a place or an
        organisation, or before "here", is signed by it, unless the word is a group of people,
        a greeting, a place or another listed word."""
        match = _SIGNED_OPENING.match(text)
        if match is None:
            return
        word = match.group(1)
        lower = word.lower()
        if lower in _NOT_SIGNATURES or lower in self._stop_words or _ROLE.fullmatch(lower):
            return  # "Caseworker here."
        if not self.classify(word, langs).blocked:
            yield Span(match.start(1), match.end(1), "name")

    def _introduction_goes_on(self, text: str, end: int, langs: tuple[str, ...]) -> bool:
        goes_on = _INTRODUCTION_GOES_ON.match(text, end)
        if goes_on is None:
            return False
        return self.classify(goes_on.group(1).capitalize(), langs).place

    def _initials(self, text: str, langs: tuple[str, ...]) -> Iterator[Span]:
        """ "K. Melnyk", "О. П. Коваленко", a name followed by an initial ("Виктория П."), a
        surname followed by two ("Кравчук Н.В."), and two initials alone ("Л.К.")."""
        if not cues.INITIAL_HINT.search(text):
            return
        for match in cues.INITIALS_FIRST.finditer(text):
            info = self.classify(match.group(1), langs)
            if not info.blocked and (info.surname or info.first or info.unknown):
                yield Span(match.start(), match.end(), "name")
        for match in cues.INITIAL_AFTER.finditer(text):
            info = self.classify(match.group(1), langs)
            # A surname before two initials is how a doctor or an official is named ("Кравчук Н.В.").
            two_initials = match.group().count(".") == 2
            if not info.blocked and (info.first or (two_initials and (info.surname or info.unknown))):
                yield Span(match.start(), match.end(), "name")
        for match in cues.INITIALS_ALONE.finditer(text):
            if match.group(1) + match.group(2) not in cues.NOT_INITIALS:
                yield Span(match.start(), match.end(), "name")

    def _nickname_word(self, word: str, quoted: bool) -> bool:
        """After "кличка"/"nickname": a quoted or capitalised word, whatever it means."""
        return word.lower() not in self._stop_words and (quoted or word[0].isupper())

    def _name_after_trigger(self, word: str, langs: tuple[str, ...], *, first: bool) -> bool:
        lower = word.lower()
        if lower in self._stop_words or len(word) < 2:
            return False
        info = self.classify(word.capitalize(), langs)
        if info.blocked:
            return False
        if info.first or info.surname:
            return True
        if CYRILLIC.search(word):
            # A rare name is in no dictionary; an ordinary word ("як", "в армію") is.
            return info.unknown
        # Latin: any capitalised word right after the trigger ("my name is Nazar").
        return word[0].isupper() and (first or not info.common)

    def _judge_run(self, text: str, run: list[Token], triggers: cues.Triggers) -> Iterator[Span]:
        if not run:
            return
        start = run[0].start
        cue = triggers.cue(start)
        if cue == "street":
            return
        if len(run) > 1 and cue != "naming" and triggers.cue(run[1].start) == "naming":
            # "Judge Koval", "Nurse Joanna": a capitalised role word opens the run.
            yield from self._judge_run(text, run[1:], triggers)
            return
        if len(run) > 2 and cue != "naming" and run[0].shape == "caps":
            # A message in capitals is one run: "M-A LOVIT SERGENTUL COJOCARU" holds a role.
            named = next((i for i in range(2, len(run)) if triggers.cue(run[i].start) == "naming"), None)
            if named is not None and all(token.shape == "caps" for token in run[:named]):
                yield from self._judge_run(text, run[:named], triggers)
                yield from self._judge_run(text, run[named:], triggers)
                return
        upper = run[0].shape != "lower"
        if upper and cue == "naming" and not is_acronym(run[0]):
            # "отримувач Ковальчук Андрій", "my friend Bekzat", "лейтенант Мирошниченко"; in
            # capitals only the words that read as names ("БРАТ ТАРАС ЗНОВУ КОЛЕТЬСЯ").
            taken = 1
            while taken < min(len(run), 3) and (run[0].shape == "title" or name_part(run[taken].info)):
                taken += 1
            yield Span(run[0].start, run[taken - 1].end, "name")
            yield from self._judge_run(text, run[taken:], triggers)
            return
        lead_word = text[run[0].start : run[0].end]
        if not upper and cue == "naming" and self._listed_in_lower_case(lead_word, run[0].info):
            # "my friend kostya", "брат олег": a listed given name after a relation, any case.
            group = next(name_like_groups(run))
            yield Span(group[0].start, group[-1].end, "name")
            yield from self._judge_run(text, run[len(group) :], triggers)
            return
        if any(token.shape != "title" for token in run):
            yield from judge_unusual_case(run, text, self._bare_given_name)
            return
        weak = cue == "weak"
        for group in name_like_groups(run):
            lead = group[0]
            # "Ask Olena", "Tell Ivan": an unknown capitalised word opening the sentence
            # before a given name is a verb; before a bare surname it may be a given name.
            verb_first = lead.info.unknown and any(t.info.first for t in group[1:])
            if verb_first and sentence_start(text, lead.start):
                group = group[1:]
            if self._is_name(text, group, weak and group[0] is run[0]):
                yield Span(group[0].start, group[-1].end, "name")

    def _listed_in_lower_case(self, word: str, info: WordInfo) -> bool:
        """A listed given name that is no word in lower case ("kostya", not "said" or "will")."""
        return info.first and not info.guessed and word not in self._latin_ambiguous

    def _is_name(self, text: str, group: list[Token], after_weak_trigger: bool) -> bool:
        if named_institution(text, group[0].start, group[-1].end):
            return False  # "Печерський районний суд", "Клініка Святого Миколая"
        infos = [t.info for t in group]
        if len(group) > 1:
            surname_ok = all(i.surname or i.unknown for i in infos)
            return any(i.first for i in infos) or (surname_ok and any(i.surname for i in infos))
        info, start = infos[0], group[0].start
        word = text[start : group[0].end]
        if after_weak_trigger:
            # "я Жаныл": after "I am" a capitalised word the dictionaries only guess at (from
            # its ending) is as much a rare name as one they do not know at all.
            cyrillic_unknown = (info.unknown or info.guessed) and bool(CYRILLIC.search(word))
            # "I'm Costel, Roma", "I am Ehtiram, from Ganja": in Latin letters, an unlisted
            # capitalised word that ends the introduction (a comma, a full stop, "from").
            latin = not CYRILLIC.search(word)
            latin_unknown = info.unknown and latin and _introduction_ends(text, group[0].end)
            rare = (cyrillic_unknown or latin_unknown) and self._policy.unknown_capitalised
            return info.first or info.surname or rare
        if word.lower() in self._latin_ambiguous:
            return False
        if sentence_start(text, start):
            # "Віка з Сум.": a given name introducing where its bearer is from.
            from_place = bool(cues.FROM_PLACE.match(text, group[0].end)) and info.first
            listed = (info.first or info.surname) and not info.common
            return listed or self._bare_given_name(word, info) or from_place
        if group[0].after_place:
            # "до Олени", "от Зои": after a preposition that is not a locative one, a given
            # name with no other dictionary reading is a person; anything else is a town.
            before = text[max(0, start - 6) : start].lower()
            # "листа від Ковальчука", "message from Farrukh": what a person sends comes from
            # a person, whether the word is a given name or a surname.
            sent = bool(cues.MESSAGE_FROM.search(text, max(0, start - 24), start))
            if sent and info.surname and not info.guessed:
                return True
            personal = sent or bool(cues.PERSONAL_PREPOSITION.search(before))
            # "…у Познані, Паша з Житомира": a given name introducing where its bearer is from
            # is a person even in a list of places.
            from_place = bool(cues.FROM_PLACE.match(text, group[0].end))
            return info.first and not info.guessed and (from_place or (personal and not info.common))
        # Mid-sentence capitals are the signal: "Мороз" has an ordinary reading too, but the
        # ordinary noun would be written in lower case here. A Cyrillic word no dictionary
        # knows is most often a rare name ("Айгерим", "Гурамішвілі").
        rare = info.unknown and bool(CYRILLIC.search(word)) and self._policy.unknown_capitalised
        return info.first or info.surname or rare


_BOTH_LANGUAGES = ("uk", "ru")
# Who is named, between a naming verb and the name: "звуть його Тарас", "call him Dzhin".
_NAMED_PRONOUNS = frozenset(
    ("його", "її", "їх", "мене", "нас", "его", "её", "ее", "их", "меня", "him", "her", "me", "them")
)
# ...and how unsure the writer is of it: "Фамилия вроде Озолиня", "звали, здається, Гном".
_HEDGES = frozenset(
    ("вроде", "вродь", "кажется", "кажись", "наверное", "наверно", "типа", "похоже", "походу", "ніби",
     "нібито", "наче", "здається", "мабуть", "напевно", "певно", "maybe", "probably", "like",
     "perhaps", "possibly")
)  # fmt: skip
_SKIPPED_BEFORE_NAME = _NAMED_PRONOUNS | _HEDGES
_SIGNED_OPENING = re.compile(
    r"[ \t]*(?:(?:Hi|Hello|Hey|Hiya|Dear\s+all|Good\s+(?:morning|afternoon|evening))[,!.]?[ \t]+)?"
    r"([A-Z][a-z]{2,14})[ \t]+(?:from[ \t]+(?:(?:a|an|the)[ \t]+)?[A-Z]|here(?:[ \t]*[(.,!:;—–-]|[ \t]*$))"
)
_ROLE = re.compile(
    cues.ROLE_WORDS + r"|nurse|doctor|volunteer|worker|medic|social|mother|father|parent|client|patient"
    r"|lawyer|peer|coordinator|friend|neighbou?r|sister|brother|wife|husband|son|daughter"
)
# Who else opens a message from somewhere: "Someone from Kyiv", "Greetings from Warsaw".
_NOT_SIGNATURES = frozenset(
    ("someone", "somebody", "anyone", "anybody", "everyone", "everybody", "nobody", "people", "guys",
     "friends", "greetings", "news", "support", "regards", "same", "also", "just", "only", "this",
     "that", "these", "those", "there", "all", "refugees", "volunteers", "doctors", "nurses", "mom",
     "mum", "dad", "parents", "family", "question", "update", "message", "note", "reminder",
     "again", "still", "back", "not", "who", "what", "why", "how", "when", "where", "nothing",
     "none", "many", "some", "most", "more", "help", "hello", "hi", "hey", "love", "staff", "team",
     "women", "men", "ukrainians", "migrants", "sent", "written", "calling", "writing")
)  # fmt: skip
_INTRODUCTION_GOES_ON = re.compile(r"[ \t]+(?:з|із|зі|из|с|со)[ \t]+([а-яіїєґё'’ʼ-]{3,})")
_INTRODUCTION_END = re.compile(r"[ \t]*(?:[,.!;)]|[—–-][ \t]|$)|[ \t]+(?i:from|here)(?!\w)")


def _introduction_ends(text: str, end: int) -> bool:
    return bool(_INTRODUCTION_END.match(text, end))
