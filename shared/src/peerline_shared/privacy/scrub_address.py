"""Street addresses with a house number, and map coordinates.

The signal is a house or flat number next to a street word, in the conventions of Ukraine,
Russia, Kazakhstan and Moldova (street word first: "вул. Героїв Праці, 28, кв. 114",
"мкр. Самал-2, д. 5", "str. Ştefan cel Mare 12"), Poland and Czechia ("ul. Długa 5/3",
"Vinohradská 1234/56"), Germany and its neighbours (the street word as a suffix:
"Hauptstraße 12"), the UK and Ireland ("27 Oak Road, flat 5") and France ("12 rue de la
Paix"); a postcode and town right after the address go with it.

A street name alone ("на вулиці Шевченка") is not redacted here: without a house number it
points at thousands of people. The name detector is told to leave street names alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from peerline_shared.privacy.scrub_address_town import find_houses_before_towns
from peerline_shared.privacy.scrub_address_world import (
    GREEK_LETTER,
    HOME_CUES,
    ISRAELI_CUES,
    NORDIC_CUES,
    TYPE_CUES,
    find_spoken_addresses,
    find_world_addresses,
)
from peerline_shared.privacy.scrub_regex import Anchored, AnyOf, digit_count, lowered, prefix_tree_pattern
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_street_words import (
    CYRILLIC_STREET_WORDS,
    DISTRICT_WORDS,
    EN_STREET_TYPES,
    FRENCH_WORDS,
    GERMAN_WORDS,
    ROMANCE_TYPES,
    STREET_WORD_STEMS,
    STREET_WORDS,
    TYPE_AFTER_NAME_WORDS,
    UNIT_WORDS,
    street_kinds,
)
from peerline_shared.privacy.scrub_triggers import TriggerWords, apostrophe_spellings, trigger_words

_FIRST_STREET_WORD = r"(?:\d{1,3}(?:-?[^\W\d_]{1,3})?|[^\W\d_][\w'’ʼ.-]{0,40})"
# Later words of a multi-word street name are capitalised ("Січових Стрільців", "8 Марта").
_NEXT_STREET_WORD = (
    r"(?:\d{1,3}(?:-?[^\W\d_]{1,3})?|[A-ZА-ЯІЇЄҐÀ-Ž][\w'’ʼ.-]{0,40}"
    r"|cel|de|la|lui|del|della|di|von|der|den|am|im|чел|де|ла|луй|фон"
    # the kind after the name: "вул. Бериславське шосе 22"
    r"|шосе|шоссе|узвіз|узвоз|провулок|переулок|бульвар|проспект|набережна|набережная)"
)
_HOUSE = (
    r"(?:(?i:буд(?:инок|\.)?|дом|д\.|б\.|№|house|nr\.?|n[.°º]|no\.|núm\.|número)[ \t]*)?"
    # "15 m. 8" is house 15, flat 8 (Polish "m."): a letter before a dot and a digit is a unit's.
    # ...nor is a preposition before a capitalised word ("12 у Відні", "5 в Києві").
    r"\d{1,4}(?:(?:(?![ \t][увзіиоаaоo][ \t]+[A-ZА-ЯІЇЄҐ])[ \t])?(?i:[а-яіїєa-z])(?![\w]|\.[ \t]?\d))?"
    r"(?:[ \t]*[/-][ \t]*\d{1,4}(?i:[а-яіїєa-z])?(?![\w]))?"
)
_UNIT = (
    r"(?:,?[ \t]*(?i:корп(?:ус|\.)?|к\.|секц(?:ія|ия)|під'?їзд|подъезд|пом\.|офіс|офис)"
    r"[ \t]*\d{1,4})?"
    r"(?:,?[ \t]*(?i:кв(?:артира|\.)?|ап\.|апт\.?|apt\.?|apartment|flat|m\.|lok\.|ap\.|byt"
    r"|кімн(?:ата|\.)|комн(?:ата|\.)|room|pokój|pok\.|izba|zimmer)[ \t]*\d{1,4}"
    r"(?i:[а-яa-z])?)?"
)
# Anchored: tried only where a street word can begin (its look-behind and case-insensitive
# alternation first made `re` try every position).
_CYRILLIC_STREET = Anchored(
    re.compile(
        rf"(?<![\w])(?i:{STREET_WORDS})(?:(?<=[./])|(?![\w]))[ \t]*"
        # "на вулиці мінус 12" is the weather
        r"(?!(?i:мінус|минус|плюс)(?![\w]))"
        rf"{_FIRST_STREET_WORD}(?:[ \t]+{_NEXT_STREET_WORD}){{0,3}}"
        rf",?[ \t]*{_HOUSE}{_UNIT}(?![\w])"
    )
)
# "вул. Mlynské nivy 48", "ул. Na Příkopě 12", "на вулиці Calea Victoriei 5": a foreign street
# named in its own Latin letters after a Cyrillic street word, its words in any case (the
# lower-case ones of Slovak, Czech, French or Spanish names). Cyrillic street words only: after
# "via" a lower-case Latin phrase is how something was sent ("via western union 200").
_LATIN_WORD = r"[A-Za-zÀ-ÖØ-öø-žȘșȚț][A-Za-zÀ-ÖØ-öø-žȘșȚț'’.-]{0,30}"
_LATIN_STREET = re.compile(
    rf"(?<![\w])(?i:{CYRILLIC_STREET_WORDS})(?:(?<=[./])|(?![\w]))[ \t]*"
    rf"{_LATIN_WORD}(?:[ \t]+(?:{_LATIN_WORD}|\d{{1,3}}\.?)){{0,3}}"
    rf",?[ \t]*{_HOUSE}{_UNIT}(?![\w])"
)
_LATIN = re.compile(r"[A-Za-zÀ-ž]")
_HOUSE_AND_FLAT = re.compile(
    r"(?<![\w])(?:буд(?:инок|\.)|дом|д\.)[ \t]*\d{1,4}[а-яіїє]?(?:[ \t]*/[ \t]*\d{1,4})?"
    r",?[ \t]*(?:кв(?:артира|\.)?)[ \t]*\d{1,4}(?![\w])",
    re.IGNORECASE,
)
_EN_UNIT = r"(?i:apartment|apt\.?|flat|unit|suite|#)[ \t]*\w{1,5}"
_ENGLISH_STREET = re.compile(
    rf"(?<![\w])(?:{_EN_UNIT},?[ \t]+)?\d{{1,5}}[A-Za-z]?,?[ \t]+"
    rf"(?:(?:[A-Z][\w'’.-]{{0,30}}|\d{{1,3}}(?:st|nd|rd|th))[ \t]+){{1,4}}(?:{EN_STREET_TYPES})\b"
    rf"(?:,?[ \t]*{_EN_UNIT})?"
)
# "Zelena Street 12", "Shevchenko Ave. 5": the continental order in English words.
_ENGLISH_NAME_FIRST = re.compile(
    rf"(?<![\w])(?:[A-Z][\w'’.-]{{0,30}}[ \t]+){{1,3}}(?:{EN_STREET_TYPES})\.?,?[ \t]*"
    rf"\d{{1,5}}[A-Za-z]?(?:[ \t]*[/-][ \t]*\d{{1,4}})?(?:,?[ \t]*{_EN_UNIT})?(?![\w])"
)
# "на Шевченка 12, кв 5", "Cejl 48, byt 12", "Lustdorfska road 140, flat 9", "Героев Труда 28,
# 5 подъезд": no street word, but a house and a flat, entrance or floor: an address whatever
# the country's street words.
_FLAT_WORD = (
    r"кв(?:артира|\.)?|ап\.|апт\.?|apt\.?|apartment|flat|byt|ap\.|app\.|appt\.?|m\.|кімн(?:ата|\.)|комн(?:ата|\.)"
    r"|room|pokój|izba|zimmer|wohnung|whg\.?|під['’ʼ]?їзд|подъезд|entrance"
    # Croatian, Serbian and Slovenian, transliterated Russian, Georgian
    r"|stan|kv\.?|kvartira|komnata|bina"
)
# The street type may follow the name ("Оболонській набережній 7"), and a block or section
# may stand between the house and the flat ("Героїв Праці 12 корпус 2, квартира 56").
_NAME_HOUSE_FLAT = re.compile(
    r"(?<![\w])[A-ZА-ЯІЇЄҐÀ-Ž][\w'’ʼ-]{1,30}"
    r"(?:[ \t]+(?:[A-ZА-ЯІЇЄҐÀ-Ž][\w'’ʼ-]{1,30}|road|street|lane|avenue|drive|close|st|ave"
    rf"|{street_kinds('in_address')})){{0,2}}"
    r",?[ \t]*\d{1,4}(?:-?(?i:[а-яіїєa-z])(?![\w]))?"
    r"(?:,?[ \t]*(?i:корп(?:ус|\.)?|секц(?:ія|ия)|block|bl\.)[ \t]*\d{1,3})?"
    rf"(?:[ \t]*/[ \t]*\d{{1,4}})?(?:,?[ \t]*(?:(?i:{_FLAT_WORD})[ \t]*\d{{1,4}}"
    r"|\d{1,2}[ \t]*(?i:під['’ʼ]?їзд|подъезд|поверх|этаж|floor)"
    r"|(?i:перш|друг|трет|четверт|четвёрт|п['’ʼ]?ят|шост|перв|втор|шест)\w{0,3}"
    r"[ \t]*(?i:під['’ʼ]?їзд|подъезд))(?![\w])"
    # ...and an ordinal floor, which says the number is a house's but stays, as a floor alone
    # would: "Чавчавадзе 41, третий этаж".
    r"|(?=,?[ \t]*(?i:перш|друг|трет|четверт|четвёрт|п['’ʼ]?ят|шост|перв|втор|шест|first|second"
    r"|third|fourth|fifth|sixth)\w{0,3}[ \t]*(?i:поверс?\w{0,2}|этаж\w?|floor)(?![\w])))"
)  # the entrance also as an ordinal: "Клочковская 184, второй подъезд"
_GERMAN_STREET = re.compile(
    r"(?<![\w])(?:[A-ZÄÖÜ][\w'’.-]{0,30}[ \t-]){0,3}(?:[A-ZÄÖÜ][\w'’-]{0,30})?"
    r"(?i:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|chaussee|ring|steig|markt"
    r"|straat|laan|gracht|plein|gade|vej|gatan|vägen|gata|veien|katu|utca|dijk|kade|singel)"
    r"[ \t]*\d{1,4}(?:-?[a-zA-Z](?![\w]))?(?:[ \t]*[/-][ \t]*\d{1,4})?(?![\w])"
)
_FRENCH_STREET = re.compile(
    r"(?<![\w])\d{1,4}(?:[ \t]?(?i:bis|ter|[a-d]))?,?[ \t]+"
    r"(?i:rue|avenue|av\.|boulevard|bd|place|impasse|allée|chemin|quai|route|cours|passage)"
    r"[ \t]+(?:(?i:de|du|des|la|le|les|l['’]|d['’])[ \t]*){0,2}"
    r"[A-ZÀ-Ý][\w'’-]{1,30}(?:[ \t]+[A-ZÀ-Ý][\w'’-]{1,30}){0,3}"
)
# "17 Rua da Prata", "4 Calle Mayor": the house before a Portuguese, Spanish, Italian or
# Romanian street type, as writers put it in English; capitalised, so "3 via Western Union"
# is no street.
_ROMANCE_NUMBER_FIRST = re.compile(
    rf"(?<![\w])\d{{1,4}}[A-Za-z]?,?[ \t]+(?:{ROMANCE_TYPES})[ \t]+"
    r"(?:(?:da|do|das|dos|de|del|della|dei|di|la|le|lui)[ \t]+){0,2}"
    r"[A-ZÀ-Ý][\w'’-]{1,30}(?:[ \t]+[A-ZÀ-Ý][\w'’-]{1,30}){0,3}"
)
_ROMANCE_HINT = re.compile(rf"\d,?[ \t]+(?:{ROMANCE_TYPES})[ \t]")
# The street type after the name, as a word of its own: Estonia ("Tallinna mnt 12-34",
# "Pärnu tn 5"), Latvia ("Brīvības iela 12"), Lithuania ("Gedimino pr. 9", "Vilniaus g. 5"),
# Finland ("Hämeen tie 3"), Hungary ("Váci út 12").
_TYPE_AFTER_NAME_STREET = re.compile(
    r"(?<![\w])[A-ZÀ-ŽА-ЯІЇЄҐ][\w'’-]{1,30}"
    # ...a Lithuanian date's ordinal among its words: "Kovo 11-osios g."
    r"(?:[ \t]+(?:[A-ZÀ-ŽА-ЯІЇЄҐ][\w'’-]{1,30}|\d{1,2}-[a-ząčęėįšųūž]{2,8})){0,2}"
    r"[ \t]+(?:mnt|maantee|tn|tänav|pst|puiestee|iela|gatvė|gatve|bulvāris|bulv\.|g\.|pr\.|prospektas"
    r"|al\.|alėja|tie|tee|út|utca"
    r"|körút|tér|gade|vej|gata|gatan|vägen|veien|straat|laan|cesta|ulica|trieda|nábrežie|nábřeží)\.?[ \t]*"
    r"\d{1,4}[A-Za-z]?(?:[ \t]*[/-][ \t]*\d{1,4}[A-Za-z]?)?(?![\w])"
)
_TYPE_AFTER_NAME_HINT = re.compile(
    r"[ \t](" + prefix_tree_pattern((*TYPE_AFTER_NAME_WORDS, *TYPE_CUES)) + ")"
)
# Turkey ("Atatürk Cad. No: 118", "Gül Sokak No 5", "Bağdat Caddesi 233") and Israel
# ("Rehov Herzl 45", "Sderot Rothschild 12"): the street's type after or before its name.
_TURKISH_HEBREW_STREET = re.compile(
    r"(?<![\w])(?:(?:[A-ZÀ-ŽÇĞİÖŞÜ][\w'’-]{1,30}[ \t]+){1,3}(?:Mah\.|Mahallesi"
    # the quarter's name after a district ("Esenyurt Pınar Mah."), a numbered street ("1453. Sk.")
    r"|Mh\.),?[ \t]+)?(?:[A-ZÀ-ŽÇĞİÖŞÜ][\w'’-]{1,30}|\d{1,5}\.)"
    r"(?:[ \t]+[A-ZÀ-ŽÇĞİÖŞÜ][\w'’-]{1,30}){0,4}[ \t]+"
    r"(?:Cad\.|Caddesi|Cd\.|Sok\.|Sokak|Sokağı|Sk\.|Bulvarı|Blv\.|Mah\.|Mahallesi)"
    r"(?:[ \t]*,?[ \t]*No[:.]?)?[ \t]*\d{1,4}[A-Za-z]?(?:[ \t]*[/-][ \t]*\d{1,4})?(?![\w])"
    # the house first, as in English: "3 Rehov Ha-Palmach"
    r"|(?<![\w])\d{1,4}[ \t]+(?:Rehov|Rechov|Sderot|Derech|Shderot)[ \t]+[A-Z][\w'’-]{1,30}"
    r"(?:[ \t]+[A-Z][\w'’-]{1,30}){0,2}(?![\w])"
    r"|(?<![\w])(?:Rehov|Rechov|Rh\.|Sderot|Derech|Shderot)[ \t]+[A-Z][\w'’-]{1,30}"
    r"(?:[ \t]+[A-Z][\w'’-]{1,30}){0,2}[ \t]+\d{1,4}[A-Za-z]?(?![\w])"
)
_TURKISH_HEBREW_HINT = re.compile(r"Cad|Cd\.|Sok|Sk\.|Bulvar|Blv|Mah|Rehov|Rechov|Rh\.|Sderot|Derech|Shderot")
# "Vinohradská 1234/56": a Czech (and Slovak) house number is "conscription/orientation".
_SLASH_HOUSE = re.compile(
    r"(?<![\w])[A-ZÀ-ŽА-ЯІЇЄҐ][\w'’-]{2,30}(?:[ \t]+[A-ZÀ-ŽА-ЯІЇЄҐ][\w'’-]{1,30}){0,2}"
    r"[ \t]+\d{1,4}/\d{1,4}[a-z]?(?![\w/])"
)
# "мкр. Самал-2, д. 5, кв. 12", "мкр Аксай-4, 12-34": Kazakh and Russian micro-districts.
_MICRO_DISTRICT = re.compile(
    r"(?<![\w])(?i:мкр-?н?\.?|мікрорайон|микрорайон|ж/м|жм|жк)[ \t]*[\w'’-]{1,30}"
    r"(?:[ \t]+[\w'’-]{1,30})?,?[ \t]*(?:(?i:д\.|дом|буд\.?|будинок)[ \t]*)?"
    r"\d{1,4}[а-яa-z]?(?:[ \t]*[-/][ \t]*\d{1,4})?"
    rf"{_UNIT}(?![\w])"
)
# The postcode and town after an address: "10115 Berlin", "75002 Paris", "00-950 Warszawa",
# "110 00 Praha", "NW1 6XE", "D02 X285".
_TOWN = r"[A-ZÀ-ŽА-ЯІЇЄҐ][\w'’-]{1,30}"
_POSTCODE_TAIL = re.compile(
    # the US: "Brooklyn, NY 11229"
    rf",?[ \t]*{_TOWN}(?:[ \t]{_TOWN})?,[ \t]*[A-Z]{{2}}[ \t]+\d{{5}}(?:-\d{{4}})?(?![\w])|"
    rf",?[ \t]*(?:{_TOWN},?[ \t]+(?=[A-Z]{{1,2}}\d))?"
    r"(?:\d{5,6}|\d{2}-\d{3}|\d{3}[ \t]\d{2}|MD-?\d{4}"
    r"|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[A-Z]\d{2}[ \t]?[A-Z\d]{4})"
    r"(?:[ \t]+[A-ZÀ-ŽА-ЯІЇЄҐ][\w'’-]{1,30}(?:[ \t-][A-ZÀ-Ž][\w'’-]{1,30})?)?(?![\w])"
)
# The parts after the house in the host countries' conventions, any number of them: Romania
# ("bl. A3, sc. 2, et. 4, ap. 15"), Spain and Portugal ("2º izq", "3º dto", "piso 3, puerta 2"),
# Italy ("int. 4", "scala B"), Sweden ("lgh 1102"), Norway ("leil. H0203"), Finland ("as. 5"),
# Germany and Austria ("Wohnung 3", "Stiege 2"), France ("app. 12", "étage 3").
_UNIT_TAIL = re.compile(
    r"(?:[,.]?[ \t]*(?:(?i:bl\.|bloc|sc\.|scara|et\.|etaj|ap\.|apt\.?|int\.|interno|scala|piso|puerta|pta\."
    r"|lgh\.?|lägenhet|leil\.?|leilighet|lejl\.?|lejlighed|asunto|as\.|wohnung|whg\.?|stiege|app\."
    r"|appartement|étage|esc\.|escalera|andar|кв\.?|квартира|под\.|подъезд|під['’ʼ]?їзд|корп\.?|izba|pokoj|pokój|pok\.|room|кімн(?:ата|\.)|комн(?:ата|\.)"
    # Baltic, Dutch and Belgian, Bulgarian, Turkish, Israeli, Azerbaijani flats and floors
    r"|dz\.|dzīv\.|bt\.|butas|korter|bus|ет\.|етаж|ап\.|вх\.|бл\.|daire|kat|d:|dira|mənzil"
    # the Latvian block ("k-2"), Croatian, transliterated Russian, Georgian, Armenian flats
    r"|k-|stan|kv\.?|kvartira|komnata|komn\.|stroenie|korpus\w{0,2}|bina|shenq|bn\.?|house)"
    r"[ \t]*:?[ \t]*[A-ZА-Я]?\d{1,5}[A-Z]?(?![\w])|(?i:scala|esc\.|escalera|bl\.|bloc|sc\.|вх\."
    r"|вход)[ \t]*[A-ZА-Я](?![\w])"
    r"|\d{1,2}[ºª°][ \t]?(?i:esq\.?|dto\.?|dta\.?|dcha\.?|izq\.?|izda\.?|[A-H](?![\w]))?(?![\w])"
    # Hungarian and Danish floors and doors: "2. emelet 5. ajtó", "3/12", "fsz. 2", "2. th"
    r"|\d{1,2}\.[ \t]?(?i:emelet|em\.|ajtó|th|tv|mf)(?![\w])|(?i:fsz\.?|földszint)[ \t]*\d{0,2}"
    r"|(?<=,[ \t])\d{1,2}/\d{1,3}(?![\w/])"
    r"|(?i:hs|huis)(?![\w]))){1,5}"
)
_COORDINATES = re.compile(
    r"(?<![\w.,])-?(?:[1-8]?\d)[.,]\d{3,8}°?[ \t]*(?i:[NS]|пн\.?|пд\.?|с\.?ш\.?|ю\.?ш\.?)?"
    r"[ \t]*[,;/]?[ \t]*-?(?:1[0-7]\d|[1-9]?\d)[.,]\d{3,8}°?"
    r"(?:[ \t]*(?i:[EW]|сх\.?|зх\.?|в\.?д\.?|з\.?д\.?)(?![\w]))?(?![\w])"
    r"|(?<![\w])\d{1,3}°[ \t]*\d{1,2}['’′][ \t]*(?:\d{1,2}(?:[.,]\d+)?[\"″]{1,2})?[ \t]*[NSПСЮ]?"
    r"[ \t,;]*\d{1,3}°[ \t]*\d{1,2}['’′][ \t]*(?:\d{1,2}(?:[.,]\d+)?[\"″]{1,2})?[ \t]*[EWСЗВ]?"
)
_DIGIT = re.compile(r"\d")
# A decimal coordinate has such a fraction, one in degrees and minutes a degree sign.
_COORDINATE_HINT = re.compile(r"[\d°](?:(?<=\d)[.,]\d\d\d|(?<=°))")
_MAP_HINT = trigger_words(("map", "goo.gl", "2gis", "osm.org", "geo:"))  # in lower-cased text
_MAP_HINT_ANY_CASE = re.compile(_MAP_HINT.pattern, re.IGNORECASE)
_MAP_LINK = re.compile(
    r"(?i)(?<![\w.])(?:https?://)?(?:www\.)?(?:maps\.app\.goo\.gl|goo\.gl/maps|maps\.google\.\w+"
    r"|google\.\w+/maps|maps\.apple\.com|yandex\.\w+/maps|2gis\.\w+|osm\.org|openstreetmap\.org)"
    r"[\w?=&%@.,+:/#-]{0,200}|(?<![\w])geo:-?\d{1,3}\.\d+,-?\d{1,3}\.\d+"
)


# Wherever the street word is missing or foreign, a house number followed by a postcode and a
# town is the address: "Am Lindenhof 3a, 04317 Leipzig", "Hrachová 14, 821 05 Bratislava".
_BEFORE_POSTCODE = re.compile(
    r"(?<![\w])(?:(?i:am|an der|an den|im|in der|auf der|auf dem|zum|zur|unter den|alte?)[ \t]+)?"
    r"(?:[A-ZÀ-ŽА-ЯІЇЄҐ][\w'’.-]{1,30}[ \t]+){0,2}[A-ZÀ-ŽА-ЯІЇЄҐ][\w'’.-]{1,30}[ \t]+"
    r"\d{1,4}[a-zA-Z]?(?:[ \t]*/[ \t]*\d{1,4}[a-z]?)?,?[ \t]*"
    r"(?=(?:\d{5}|\d{2}-\d{3}|\d{3}[ \t]\d{2}|\d{4})[ \t]+[A-ZÀ-ŽА-ЯІЇЄҐ])"
)
# German streets named with a preposition: "Am Lindenhof 3a", "An der Alster 12".
_GERMAN_PREPOSITION_STREET = re.compile(
    r"(?<![\w])(?:Am|An der|An den|Im|In der|Auf der|Auf dem|Zum|Zur|Unter den)[ \t]+"
    r"[A-ZÄÖÜ][\w'’-]{2,30}[ \t]+\d{1,4}[a-z]?(?![\w])"
)
_UK_TOWN_POSTCODE = re.compile(
    rf"(?<![\w])(?:{_EN_UNIT},?[ \t]+)?\d{{1,4}}[A-Za-z]?,?[ \t]+(?:[A-Z][\w'’-]{{1,30}}[ \t]+){{0,3}}"
    r"[A-Z][\w'’-]{1,30},[ \t]*[A-Z][\w'’-]{1,30}[ \t]+[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}(?![\w])"
)
# Hints are searched in the lower-cased text: a case-insensitive alternation scans slowly.
# Word-list hints are prefix trees: `re` tries every word of a plain alternation at every position.
# Three hints' trees also hold the cue words of scrub_address_world's families, so one scan
# serves both; a pattern here runs when its own words are among what the scan found.
_UNIT_HINT = re.compile(
    "(" + prefix_tree_pattern((*UNIT_WORDS, *HOME_CUES, *ISRAELI_CUES)) + f"|{GREEK_LETTER})"
)
# Hints drop the patterns' look-behinds: a pattern that begins with a word scans quickly.
_EN_TYPE_HINT = re.compile(prefix_tree_pattern(EN_STREET_TYPES.split("|")) + r"\b")
_POSTCODE_HINT = AnyOf(
    # A postcode of digits before a town: "10115 Berlin", "00-950 Warszawa", "110 00 Praha"
    # (the look-behind after the first digit: see `WORD_START`).
    Anchored(re.compile(r"\d(?<!\w\d)(?:\d{3,4}|\d-\d{3}|\d{2}[ \t]\d{2})[ \t]+[A-ZÀ-ŽА-ЯІЇЄҐ]")),
    re.compile(r"[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}"),  # a British one: "NW1 6XE"
)
_FRENCH_HINT = trigger_words(FRENCH_WORDS)
_DISTRICT_HINT = trigger_words(DISTRICT_WORDS)
_STREET_WORD_HINT = trigger_words(STREET_WORD_STEMS)
_GERMAN_HINT = re.compile("(" + prefix_tree_pattern((*GERMAN_WORDS, *NORDIC_CUES)) + ")")
_GERMAN_PREPOSITION_HINT = re.compile(r"(?:Am|An|Im|In|Auf|Zum|Zur|Unter)[ \t]")
_LOWER_HINTS = frozenset(
    (_UNIT_HINT, _GERMAN_HINT, _FRENCH_HINT, _DISTRICT_HINT, _STREET_WORD_HINT, _TYPE_AFTER_NAME_HINT)
)
# Each pattern runs only when a cheap search finds what it cannot do without.
_Hint = re.Pattern[str] | AnyOf | TriggerWords | None
_STREET_PATTERNS: tuple[tuple[re.Pattern[str] | Anchored, _Hint], ...] = (
    (_BEFORE_POSTCODE, _POSTCODE_HINT),
    (_GERMAN_PREPOSITION_STREET, _GERMAN_PREPOSITION_HINT),
    (_UK_TOWN_POSTCODE, _POSTCODE_HINT),
    (_CYRILLIC_STREET, _STREET_WORD_HINT),
    (_LATIN_STREET, _STREET_WORD_HINT),
    (_HOUSE_AND_FLAT, _UNIT_HINT),
    (_NAME_HOUSE_FLAT, _UNIT_HINT),
    (_ENGLISH_STREET, _EN_TYPE_HINT),
    (_ENGLISH_NAME_FIRST, _EN_TYPE_HINT),
    (_GERMAN_STREET, _GERMAN_HINT),
    (_FRENCH_STREET, _FRENCH_HINT),
    (_ROMANCE_NUMBER_FIRST, _ROMANCE_HINT),
    (_SLASH_HOUSE, None),
    (_TYPE_AFTER_NAME_STREET, _TYPE_AFTER_NAME_HINT),
    (_MICRO_DISTRICT, _DISTRICT_HINT),
    (_TURKISH_HEBREW_STREET, _TURKISH_HEBREW_HINT),
)


_HINTS = tuple({id(hint): hint for _, hint in _STREET_PATTERNS}.values())
# (pattern, which hint, whether it is searched in the lower-cased text)
# (index, its own words) of the hints that also find scrub_address_world's cues.
# A shared hint's words (each apostrophe spelled out) are looked for first in the one scan of
# every family's words (scrub_triggers): most texts hold none. The Greek letters are a search
# of their own: as words of the scan they were a third of its first letters, each tried at
# every position of every text.
_GREEK = re.compile(GREEK_LETTER)
_SHARED_HINTS = tuple(
    (_HINTS.index(hint), words, trigger_words(apostrophe_spellings(tree_words)), more)
    for hint, words, tree_words, more in (
        (_UNIT_HINT, UNIT_WORDS, (*UNIT_WORDS, *HOME_CUES, *ISRAELI_CUES), _GREEK),
        (_GERMAN_HINT, GERMAN_WORDS, (*GERMAN_WORDS, *NORDIC_CUES), None),
        (_TYPE_AFTER_NAME_HINT, TYPE_AFTER_NAME_WORDS, (*TYPE_AFTER_NAME_WORDS, *TYPE_CUES), None),
    )
)
_STREET_PATTERNS_AND_CASE = tuple(
    (
        pattern,
        next(index for index, known in enumerate(_HINTS) if known is hint),
        any(hint is lower_hint for lower_hint in _LOWER_HINTS),
    )
    for pattern, hint in _STREET_PATTERNS
)


def find_addresses(text: str) -> Iterator[Span]:
    lower, folded = lowered(text)
    if _MAP_HINT_ANY_CASE.search(text) if folded else _MAP_HINT.search(lower):
        for match in _MAP_LINK.finditer(text):
            yield Span(match.start(), match.end(), "gps")
    yield from find_spoken_addresses(text, lower)
    if not digit_count(text):  # every address and coordinate here has digits
        return
    # The hints shared with scrub_address_world are searched first, each once, all through.
    cues: list[tuple[int, str]] = []
    found: list[bool | None] = [None] * len(_HINTS)
    for index, own_words, trigger, more in _SHARED_HINTS:
        if not (trigger.search(lower) or (more is not None and more.search(lower))):
            found[index] = False
            continue
        words = [(match.start(1), match.group(1)) for match in _HINTS[index].finditer(lower)]  # type: ignore[union-attr]
        found[index] = any(word in own_words for _, word in words)
        cues += words
    cues.sort()
    yield from find_world_addresses(text, lower, cues)
    # Each other hint is searched once, when a pattern first needs it (by index: hashing a
    # compiled pattern hashes its whole code, every time).
    for pattern, index, in_lower in _STREET_PATTERNS_AND_CASE:
        if pattern is _SLASH_HOUSE and "/" not in text:
            continue
        if pattern is _LATIN_STREET and not _LATIN.search(text):
            continue
        verdict = found[index]
        if verdict is None:
            hint = _HINTS[index]
            verdict = found[index] = hint is None or bool(hint.search(lower if in_lower else text))
        if not verdict:
            continue
        for match in pattern.finditer(text):
            end = match.end()
            units = _UNIT_TAIL.match(text, end)
            end = units.end() if units else end
            tail = _POSTCODE_TAIL.match(text, end)
            yield Span(match.start(), tail.end() if tail else end, "address")
    yield from find_houses_before_towns(text)
    if _COORDINATE_HINT.search(text):
        for match in _COORDINATES.finditer(text):
            yield Span(match.start(), match.end(), "gps")
