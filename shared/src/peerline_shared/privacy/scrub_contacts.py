"""Detectors for contact details: e-mail addresses, messenger handles and links, phone numbers.

Every pattern has bounded repetition and a left boundary check, so a 100 KB message without
separators costs linear time (no catastrophic backtracking).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import phonenumbers

from peerline_shared.privacy.scrub_regex import (
    Anchored,
    digit_count,
    lowered,
)
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import TriggerWords, trigger_words

_EMAIL = re.compile(r"[\w.+-](?<![\w.+-][\w.+-])[\w.+-]{0,63}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")

# "ivan собака gmail точка com", "ivan (at) ukr [dot] net", "ivan @ gmail . com": the "@" and
# the dot spelled out, bracketed or spaced. A spelled-out dot must end in a known top-level
# domain, so "meet at home dot" stays; "at" must be a word of its own ("what gmail.com" stays).
_AT = (
    r"(?:[ \t]*[(\[{<]?[ \t]*(?i:(?<!\w)(?:at|эт|гав|a[ \t]?rond|arobase|arroba|chiocciola|ma[lł]pa|kukac"
    r"|zavináč|sobaka|sobachka|sobaku|ravlyk)(?!\w)|собака|собачка|равлик|@)"
    r"[ \t]*[)\]}>]?[ \t]*)"
)
_DOT_WORDS = "dot|точка|крапка|tochka|krapka|punct|punto|punkt|kropka|tečka"
_DOT = rf"(?:[ \t]*[(\[{{<]?[ \t]*(?i:{_DOT_WORDS}|\.)[ \t]*[)\]}}>]?[ \t]*)"
# A mail provider's name, whose domain may follow after a space ("гмаіл ком"; scrub_spelled_emails).
_PROVIDER = (
    r"(?i:gmail|gmeil|гмаіл|гмаил|гмейл|гмэйл|джимейл|yahoo|outlook|hotmail|icloud|proton|ukr|укр|укрнет"
    r"|мейл|майл)"
)
_TLD = (
    r"(?i:com|net|org|ua|ru|kz|by|md|ge|am|az|uz|kg|tj|pl|de|cz|sk|uk|fr|it|es|nl|be|at|ch|lt"
    r"|lv|ee|ro|hu|il|tr|us|ca|ie|se|no|fi|dk|pt|gr|bg|io|me|info|biz|eu|co|online"
    r"|ру|ком|нет|уа|юа|кз|орг)"  # said aloud, written in Cyrillic: "mail точка ру"
)
# "тг: olena_kh", "telegram ivan_petrov88": a username-shaped word after a messenger's name.
_MESSENGERS = (
    r"тг|телеграм\w*|телег\w*|telegram|tg|инст\w*|інст\w*|inst|insta\w*|ig|viber|signal"
    r"|skype|discord|tiktok|тікток|тикток|facebook|fb|фб|vk|вк|snapchat|threads|x|twitter"
    r"|нік|ник|nick(?:name)?|username|юзернейм|логін|логин|login"
)
_OBFUSCATED_EMAIL = re.compile(
    rf"[\w.+-](?<![\w.+-][\w.+-])[\w.+-]{{0,63}}{_AT}"
    rf"[\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{0,3}}{_DOT}{_TLD}"
    r"(?![\w])"
)
# "пишіть в тікток @dasha.lx": a messenger's name before a spaced "@" is no e-mail's.
_MESSENGER_BEFORE_AT = re.compile(rf"(?i:{_MESSENGERS})[ \t]+@")
# Every spelled-out e-mail holds one of these ("@" itself when only the dot is spelled out),
# searched in lower-cased text (see `lowered`).
# (one branch per first letter, and the look-behind after it: see scrub_regex.WORD_START)
_SPELLED_AT = re.compile(
    r"@|собак|собачк|равлик|a(?<!\w.)(?:t(?!\w)|[ \t]?rond|robase|rroba)|э(?<!\w.)т(?!\w)|г(?<!\w.)ав(?!\w)"
    r"|c(?<!\w.)hiocciola|m(?<!\w.)a[lł]pa|s(?<!\w.)obak|r(?<!\w.)avlyk|k(?<!\w.)ukac|z(?<!\w.)avináč"
)
_SPELLED_AT_ANY_CASE = re.compile(_SPELLED_AT.pattern, re.IGNORECASE)
# ...and ends in a dot, literal or spelled, before a top-level domain.
_DOT_BEFORE_TLD = re.compile(rf"\.[ \t]*[)\]}}>]?[ \t]*{_TLD}(?![\w])")
_SPELLED_DOT_BEFORE_TLD = re.compile(rf"(?:{_DOT_WORDS}|{_PROVIDER})[ \t]*[)\]}}>]?[ \t]*{_TLD}(?![\w])")
# Each messenger's name begins with one of these (in lower-cased text).
_MESSENGER_HINT = trigger_words(
    re.sub(r"\\w\*|\(\?:name\)\?", "", _MESSENGERS).split("|"), at_word_start=True
)
_NAMED_HANDLE = Anchored(
    re.compile(
        rf"(?<![\w])(?i:{_MESSENGERS})(?!\w)"
        # "my insta is nastya.lviv.life", "Телеграм мій — sanya_dnipro_97"
        # "Signal username is roma.88", "Telegram username is 'zhenya_bez_ruk'"
        # "ник в телеге — ZhekaKrym", "нік у телеграмі: olya.lviv": a messenger named after "in".
        r"(?:[ \t]+(?:is|мій|моя|мой|моё|my|here|тут|username|handle|нік|ник|логін|логин"
        r"|(?:в|у|in|on)[ \t]+(?:тг|телеграм\w*|телег\w*|telegram|инст\w*|інст\w*|insta\w*"
        r"|viber|вайбер\w*|signal|сигнал\w*|тікток\w*|тикток\w*|tiktok|фейсбук\w*|facebook|дискорд\w*"
        r"|discord|скайп\w*|skype|снепчат\w*|snapchat|threads))){0,3}"
        r"[ \t]*([:—–-]?)[ \t]*['\"«“]?"
        r"([A-Za-z][A-Za-z0-9_.]{2,31})(?![\w@])"
    )
)
# Cheap necessary conditions: a named handle's username begins with three Latin characters,
# a spelled-out e-mail ends in a top-level domain of two Latin letters or more.
_USERNAME_HINT = re.compile(r"[A-Za-z][A-Za-z0-9_.]{2}")
_TLD_HINT = re.compile(r"[a-zA-Z][a-zA-Z]")
_MESSENGER_HINT_ANY_CASE = re.compile(_MESSENGER_HINT.pattern, re.IGNORECASE)
# "Ваньок_Рівне", "zhenya_bez_ruk": words joined by underscores are a username, whatever the
# alphabet and whether or not a messenger is named; no ordinary word is spelled that way.
_UNDERSCORED = re.compile(r"[^\W\d_](?<![\w@./[][^\W\d_])[^\W_]*(?:_+[^\W_]+)+_*(?![\w@])")
_HANDLE = re.compile(r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,30}[A-Za-z0-9_])?(?![\w@])")

_PROFILE_LINK = re.compile(
    r"(?<![\w.])(?:https?://)?(?:www\.)?"
    r"(?:t\.me|telegram\.me|telegram\.dog|wa\.me|instagram\.com|facebook\.com|fb\.com|m\.me"
    r"|vk\.com|ok\.ru|tiktok\.com|x\.com|twitter\.com|threads\.net|linkedin\.com/in)"
    r"/[\w+@.~/-]{1,100}",
    re.IGNORECASE,
)

# One line break may split a number ("063 118\n40 72").
# Hyphens and dashes of every width may group the digits ("050 — 318 — 72 — 90").
# Between digit groups: spaces, hyphens and dashes of every width, dots and middle dots
# ("599 · 41 · 82"), bullets, brackets, slashes, an asterisk or a bar.
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+/])(?:\+|00)?[ \t]?\(?\d"
    r"(?:(?:[ \t\u00a0\-.()/\u2010-\u2015\u2212\u00b7\u2022\u2024\u2027\u30fb*_|]{0,3}"
    r"|[ \t]?\n[ \t]?)\d){6,16}(?![\w/])"
)
# The number plan's parser reads spaces, hyphens and dots, not middle dots or bullets.
_SEPARATORS_AS_SPACE = str.maketrans(dict.fromkeys("\n\u00b7\u2022\u2024\u2027\u30fb*_|", " "))
# Every candidate has seven digits with at most three other characters between two of them.
_DIGIT = re.compile(r"\d")
_SEVEN_DIGITS = re.compile(r"\d(?:\D{0,3}\d){6}")
# "096 415. Далі 27 80": a number broken by a few words; each digit part is replaced.
_SPLIT_PHONE = re.compile(
    r"(?<![\w+/:.,])((?:\+|00)?\(?\d{2,4}\)?(?:[ -]\d{2,4}){0,2})"
    r"(?=[^\d\n]{2,24}?\d)[^\d\n]{2,24}?(\d{2,4}(?:[ -]\d{2,4}){0,3})(?![\w/])"
)
# Its first part begins with "+", "0" or "(0" (checked below), where _SPLIT_PHONE can begin.
_SPLIT_PHONE_HEAD = re.compile(r"[+(0](?<![\w+/:.,][+(0])\(?\d")
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}[.:]\d{2}(?:[.:]\d{2})?")
_SHORT_LOCAL = re.compile(r"\d{3}-\d{2}-\d{2}")
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d\s?[-/]\s?(?:19|20)?\d\d")

_VALIDATION_BUDGET = 400
# "правильный 2 6 4 1 8 3 9 0": a number dictated digit by digit is being given, whatever
# words stand before it.
_DICTATED = re.compile(r"\d(?:[ \t]\d){6,}")
# An organisation's line, said so before it ("General line is", "гаряча лінія", "reception")
# or right after it ("это номер центра, не личный"): kept, like a free-phone line.
_ORGANISATION_BEFORE = Anchored(
    re.compile(
        r"(?i)(?:general|main|office|central|hot|help|info)\s?line|switchboard|reception|helpdesk"
        r"|гаряч\w+\s+лін\w+|горяч\w+\s+лини\w+|приймальн\w+|регистратур\w+|реєстратур\w+|рецепц\w+|довідков\w+"
        r"|справочн\w+|канцеляр\w+"
    )
)
_ORGANISATION_AFTER = re.compile(
    r"(?i)[^.!?\n]{0,20}?(?:номер|телефон|line|number)\s+(?:центр|клінік|клиник|фонд|організац|организац"
    r"|офіс|офис|centre|center|clinic|office|organi[sz]ation)|[^.!?\n]{0,30}?(?:не\s+личн|не\s+особист"
    r"|not\s+(?:a\s+)?(?:personal|private|mine)|ask\s+for\s+the)"
)
_PHONE_WORD = Anchored(
    re.compile(
        r"(?i)(?:номер|телефон|тел\.?|моб\w*|phone|tel\.?|mobile|cell|call|text|ring|whats\s?app"
        r"|ватсап|вотсап|вайбер|viber|signal|дзвон\w*|звон\w*|набер\w*|набира\w*|подзвон\w*"
        r"|handy|telefon\w*|tél\w*|numer\w*|number|nummer|num[eé]ro|číslo)\W{0,3}(?:\w+\W{1,3}){0,2}$"
    )
)
# Contact phrases say a number follows as a phone word does ("reach me at 48 27 15 90",
# "пишіть мені на", "на связи по"): a country's short national number (seven or eight digits:
# Norway, Denmark, the Baltics) needs one. Looked for only before such a short number.
_CONTACT_PHRASE = Anchored(
    re.compile(
        r"(?i)(?:reach|contact\w*|message|msg|dial|sms|смс|write|пиш\w*|напиш\w*|зв['’ʼ]яз\w*|связ\w*"
        r"|контакт\w*|kontakt\w*)\W{0,3}(?:\w+\W{1,3}){0,2}$"
    )
)
# "норвежский 412 33 908", "my Latvian 29 447 120": a country's adjective right before a
# number names its phone plan as "номер" would (the plan still has to accept the digits).
_COUNTRY_ADJECTIVE: tuple[str, ...] = (
    "норвеж", "норвез", "латвій", "латвий", "латыш", "литов", "литв", "литу", "естон", "эстон",
    "фінськ", "финск", "швед", "датськ", "датск", "польськ", "польск", "чеськ", "чешск", "словацьк",
    "словацк", "німецьк", "немецк", "австрій", "австрий", "швейцар", "ірланд", "ирланд", "британ",
    "англійськ", "английск", "французьк", "французск", "італій", "итальян", "іспан", "испан",
    "португал", "нідерланд", "нидерланд", "голланд", "бельгій", "бельгий", "румунськ", "румынск",
    "молдавськ", "молдавск", "молдовськ", "молдовск", "грузинськ", "грузинск", "вірменськ", "армянск",
    "азербайджан", "узбецьк", "узбекск", "казахськ", "казахстанск", "киргизьк", "киргизск", "кыргызск",
    "таджицьк", "таджикск", "турецьк", "турецк", "ізраїльськ", "израильск", "канадськ", "канадск",
    "американськ", "американск", "українськ", "украинск", "російськ", "российск", "росийск", "русск",
    "norwegian", "latvian", "lithuanian", "estonian", "finnish", "swedish", "danish", "polish", "czech",
    "slovak", "german", "austrian", "swiss", "irish", "british", "french", "italian", "spanish",
    "portuguese", "dutch", "belgian", "romanian", "moldovan", "georgian", "armenian", "azerbaijani",
    "uzbek", "kazakh", "kyrgyz", "tajik", "turkish", "israeli", "canadian", "american", "ukrainian",
    "russian"
)  # fmt: skip
# The word right before a number (a colon or a dash between at most).
_WORD_BEFORE = re.compile(r"(?<![\w])(\w{4,20})[ \t]*[:\-—–]?[ \t]*$")
# Where the region's people live and travel: home, the diaspora's countries (all of the EU,
# the UK, Ireland, Norway, Switzerland, Iceland), the Caucasus, Central Asia, Israel, Turkey,
# North America. Numbers without "+"/"00" are checked against each in turn.
DEFAULT_PHONE_REGIONS: tuple[str, ...] = (
    "UA", "RU", "KZ", "BY", "MD", "PL", "DE", "CZ", "GB", "US",
    "GE", "AM", "AZ", "UZ", "KG", "TJ", "TM", "IL", "TR", "CA",
    "AT", "BE", "BG", "HR", "CY", "DK", "EE", "FI", "FR", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PT", "RO", "SK", "SI", "ES", "SE", "NO", "CH", "IS", "LI",
)  # fmt: skip


def find_emails(text: str) -> Iterator[Span]:
    if "@" in text:
        for match in _EMAIL.finditer(text):
            yield Span(match.start(), match.end(), "email")
    if _TLD_HINT.search(text) and _holds(text, _SPELLED_AT, _SPELLED_AT_ANY_CASE) and _ends_in_tld(text):
        for match in _OBFUSCATED_EMAIL.finditer(text):
            if not _MESSENGER_BEFORE_AT.match(match.group()):
                yield Span(match.start(), match.end(), "email")


def _ends_in_tld(text: str) -> bool:
    if _DOT_BEFORE_TLD.search(text):
        return True
    lower, folded = lowered(text)
    return folded or bool(_SPELLED_DOT_BEFORE_TLD.search(lower))


def _holds(text: str, lower_case_hint: re.Pattern[str] | TriggerWords, any_case: re.Pattern[str]) -> bool:
    """Whether a hint written in lower case is in `text`, whatever its letters' case."""
    lower, folded = lowered(text)
    if folded:
        return bool(any_case.search(text))
    return bool(lower_case_hint.search(lower))


def find_handles(text: str) -> Iterator[Span]:
    if "@" in text:
        for match in _HANDLE.finditer(text):
            yield Span(match.start(), match.end(), "handle")
    if "_" in text:
        for match in _UNDERSCORED.finditer(text):
            yield Span(match.start(), match.end(), "handle")
    named: Iterable[re.Match[str]] = ()
    # Three Latin letters first: the cheaper check, and most often the one that fails.
    if _USERNAME_HINT.search(text) and _holds(text, _MESSENGER_HINT, _MESSENGER_HINT_ANY_CASE):
        named = _NAMED_HANDLE.finditer(text)
    for match in named:
        colon, username = match.group(1), match.group(2).rstrip(".")
        if colon == "-" and match.start(1) == _messenger_end(text, match):
            continue  # "X-rays", "TG-канал": a word joined to the name, no username
        # "тг: olena" names a handle; "telegram olena" only when the word is username-shaped.
        if colon or any(ch.isdigit() or ch in "_." for ch in username.strip(".")):
            yield Span(match.start(2), match.start(2) + len(username), "handle")
    if "/" in text:
        for match in _PROFILE_LINK.finditer(text):
            end = match.end()
            while end > match.start() and text[end - 1] in "./":
                end -= 1
            yield Span(match.start(), end, "handle")


def _messenger_end(text: str, match: re.Match[str]) -> int:
    """Where the messenger's name of a `_NAMED_HANDLE` match ends."""
    end = match.start()
    while end < len(text) and (text[end].isalnum()):
        end += 1
    return end


def find_phones(text: str, regions: Sequence[str] = DEFAULT_PHONE_REGIONS) -> Iterator[Span]:
    if digit_count(text) < 7 or not _SEVEN_DIGITS.search(text):
        return
    budget = _VALIDATION_BUDGET
    for match in _PHONE_CANDIDATE.finditer(text):
        start, end = match.start(), match.end()
        while text[start] in " \t":
            start += 1
        candidate = text[start:end].translate(_SEPARATORS_AS_SPACE)
        window = max(0, start - 30)
        announced = (
            bool(_PHONE_WORD.search(text, window, start))
            or _after_country(text, start)
            or (len(_DIGIT.findall(candidate)) < 9 and bool(_CONTACT_PHRASE.search(text, window, start)))
        )
        announced = announced or bool(_DICTATED.fullmatch(candidate.strip()))
        verdict = _plausible_phone(candidate, announced)
        if verdict is None:
            # Checking a number against every region costs up to a millisecond; past the
            # budget (a 100 KB wall of digits) an unchecked long number is redacted anyway.
            budget -= 1
            verdict = budget < 0 or _valid_in(candidate, tuple(regions), announced)
        if verdict and not _organisation_line(text, start, end):
            yield Span(start, end, "phone")


def _organisation_line(text: str, start: int, end: int) -> bool:
    return bool(
        _ORGANISATION_BEFORE.search(text, max(0, start - 25), start) or _ORGANISATION_AFTER.match(text, end)
    )


def find_split_phones(text: str, regions: Sequence[str] = DEFAULT_PHONE_REGIONS) -> Iterator[Span]:
    if not digit_count(text) or not _SPLIT_PHONE_HEAD.search(text):
        return
    for match in _SPLIT_PHONE.finditer(text):
        head, tail = match.group(1), match.group(2)
        digits = re.sub(r"\D", "", head + tail)
        if not (9 <= len(digits) <= 13 and head.lstrip("(")[:1] in "0+"):
            continue
        if any(find_phones(head, regions)) or _DATE_LIKE.fullmatch(tail):
            continue
        candidate = ("+" if head.startswith("+") else "") + digits.removeprefix("00")
        if _valid_in(candidate, tuple(regions), True):
            yield Span(match.start(1), match.end(1), "phone")
            yield Span(match.start(2), match.end(2), "phone")


# "мій номер починається на 067, потім 31, далі 82, а кінець — 5 5 0 9": after a phone word,
# digit groups a few words apart in one sentence that together make a valid number.
_SCATTER_HEAD = Anchored(
    re.compile(
        r"(?i)(?<![\w])(?:номер\w*|телефон\w*|тел\.|phone|number|mobile|моб\w*)(?![\w])[^\d.!?\n]{0,40}"
    )
)
# "восемь девятьсот шестнадцать, потом 412, и в конце 33 90": the words of dictation between
# the groups announce a number as well as a phone word before them does.
_DICTATION_HEAD = re.compile(
    r"[+08](?<![\w+].)(?=\d?(?:[ \t-]?\d)*[ \t,]{0,3}(?:потом|потім|далі|дальше|далее|затем|then|next"
    r"|and\s+then|а\s+потом|а\s+потім|і\s+далі|и\s+дальше)(?![\w]))"
)
_SCATTER_HINT = trigger_words(  # in lower-cased text
    ("номер", "телефон", "тел.", "phone", "number", "mobile", "моб", "потом", "потім", "далі",
     "дальше", "далее", "затем", "then", "next")
)  # fmt: skip
_DIGIT_GROUP = re.compile(r"\+?\d(?:[ \t-]?\d)*")
_SCATTER_GAP = re.compile(r"[^\d.!?\n+]{1,30}")
_MAX_GROUPS = 8


def find_scattered_phones(text: str, regions: Sequence[str] = DEFAULT_PHONE_REGIONS) -> Iterator[Span]:
    if digit_count(text) < 9 or not _SCATTER_HINT.search(lowered(text)[0]):
        return
    heads = [(head.end(), "0+") for head in _SCATTER_HEAD.finditer(text)]
    heads += [(head.start(), "0+8") for head in _DICTATION_HEAD.finditer(text)]
    for position, leads in heads:
        groups = _digit_groups(text, position)
        if len(groups) < 2 or text[groups[0][0]] not in leads:
            continue
        count = _groups_making_a_phone(text, groups, tuple(regions))
        for start, end in groups[:count]:
            yield Span(start, end, "phone")


def _groups_making_a_phone(text: str, groups: list[tuple[int, int]], regions: tuple[str, ...]) -> int:
    """How many of the first groups together make a valid number; 0 when none do, or when the
    first group is a whole number on its own (find_phones judges that)."""
    plus = "+" if text[groups[0][0]] == "+" else ""
    digits = ""
    for count, (start, end) in enumerate(groups, start=1):
        digits += re.sub(r"\D", "", text[start:end])
        if len(digits) > 13 or (count == 1 and len(digits) >= 9):
            return 0
        if count > 1 and len(digits) >= 9:
            candidate = "+" + digits[2:] if digits.startswith("00") else plus + digits
            if _valid_in(candidate, regions, True):
                return count
    return 0


def _digit_groups(text: str, position: int) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    while len(groups) < _MAX_GROUPS:
        group = _DIGIT_GROUP.match(text, position)
        if group is None:
            break
        groups.append(group.span())
        gap = _SCATTER_GAP.match(text, group.end())
        if gap is None:
            break
        position = gap.end()
    return groups


def _after_country(text: str, start: int) -> bool:
    word = _WORD_BEFORE.search(text, max(0, start - 24), start)
    return word is not None and word.group(1).lower().startswith(_COUNTRY_ADJECTIVE)


def _plausible_phone(candidate: str, announced: bool) -> bool | None:
    """True or False when the shape decides; None when only the number plan can tell."""
    if _SHORT_LOCAL.fullmatch(candidate):
        return True
    if _DATE_LIKE.fullmatch(candidate) or _YEAR_RANGE.fullmatch(candidate):
        return False
    digits = sum(ch.isdigit() for ch in candidate)
    # Local numbers only count when long enough to be unambiguous ("20242025" is no phone)
    # or when the words before say a phone number follows.
    international = candidate.startswith(("+", "00"))
    if not 7 <= digits <= 15 or (digits < 9 and not (international or announced)):
        return False
    return None


def _valid_in(candidate: str, regions: tuple[str, ...], announced: bool = False) -> bool:
    return _reading(candidate, regions, announced) == "personal"


@lru_cache(maxsize=4096)
def _reading(candidate: str, regions: tuple[str, ...], announced: bool) -> str:
    """ "personal", "free" (an organisation's free-phone line: 0 800…, 8 800…, 1-800…, kept)
    or "none"."""
    if candidate.startswith("00"):
        candidate = "+" + candidate[2:]
    international = candidate.startswith("+")
    # A country code without its "+": "380 66 901 23 84", "49 170 5529384". A leading "0" is
    # a trunk prefix, and so is "8" in Russia, Kazakhstan and Belarus ("8 800 080 8800" is a
    # free line in Kazakhstan, not +880 in Bangladesh).
    national = international or candidate.lstrip("( ").startswith(("0", "8"))
    if not national:
        reading = _reading("+" + candidate.lstrip(), (), announced)
        if reading != "none":
            return reading
    for region in (None,) if international else regions:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            free = phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.TOLL_FREE
            return "free" if free else "personal"
        # A "+" number of a possible length, or any number the text calls a phone, is taken
        # even when its range is not (yet) allocated: a writer may change a digit.
        if (international or announced) and phonenumbers.is_possible_number(number):
            return "personal"
    return "none"
