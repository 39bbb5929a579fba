"""Russian and Ukrainian number words typed in Latin letters (sixteenth round).

Telegram writers from Central Asia, the Caucasus and the migrants in Russia type Russian in
Latin letters, and dictate a phone the same way ("devyanosto chetyre, shest sem dva",
"plus devyat devyat vosem"). Each word in the spellings such writers use: with or without the
soft sign's apostrophe ("pyat'", "pyat"), "ts" or "c" for "ц", "y" or "i" for "ы"/"и", and the
Ukrainian national system ("chotyry", "dev'iat"). A number word alone is nothing: only a run
of them long enough to read as a phone becomes one (`scrub_contacts`).

The Ukrainian "try" and "sim" are left out: the English "try" and "SIM card" would send every
English message through the number words. "sem" (Czech and Slovak "here") and "sto" (Italian
"I am") are kept, as neither alone makes a phone.
"""

from __future__ import annotations

TRANSLIT_UNITS: dict[str, int] = {
    **dict.fromkeys(("nol", "nol'", "nul", "nul'"), 0),
    **dict.fromkeys(("odin", "adin", "odna", "odno", "odnu", "odyn", "odne"), 1),
    **dict.fromkeys(("dva", "dve", "dvi"), 2),
    **dict.fromkeys(("tri",), 3),
    **dict.fromkeys(("chetyre", "chetire", "chotyry", "chotiri"), 4),
    **dict.fromkeys(("pyat", "pyat'", "piat", "p'iat", "p'yat", "pjat"), 5),
    **dict.fromkeys(("shest", "shest'", "shist", "shist'"), 6),
    **dict.fromkeys(("sem", "sem'"), 7),
    **dict.fromkeys(("vosem", "vosem'", "visim"), 8),
    **dict.fromkeys(("devyat", "devyat'", "deviat", "dev'iat", "dev'yat", "devjat"), 9),
    **dict.fromkeys(("desyat", "desyat'", "desiat", "desiat'"), 10),
    **dict.fromkeys(("odinnadtsat", "odinnadcat", "odynadtsiat"), 11),
    **dict.fromkeys(("dvenadtsat", "dvenadcat", "dvanadtsiat"), 12),
    **dict.fromkeys(("trinadtsat", "trinadcat", "trynadtsiat"), 13),
    **dict.fromkeys(("chetyrnadtsat", "chetyrnadcat", "chotyrnadtsiat"), 14),
    **dict.fromkeys(("pyatnadtsat", "pyatnadcat", "piatnadtsiat"), 15),
    **dict.fromkeys(("shestnadtsat", "shestnadcat", "shistnadtsiat"), 16),
    **dict.fromkeys(("semnadtsat", "semnadcat", "simnadtsiat"), 17),
    **dict.fromkeys(("vosemnadtsat", "vosemnadcat", "visimnadtsiat"), 18),
    **dict.fromkeys(("devyatnadtsat", "devyatnadcat", "deviatnadtsiat"), 19),
}
TRANSLIT_TENS: dict[str, int] = {
    **dict.fromkeys(("dvadtsat", "dvadtsat'", "dvadcat", "dvadtsiat"), 20),
    **dict.fromkeys(("tridtsat", "tridtsat'", "tridcat", "trydtsiat"), 30),
    **dict.fromkeys(("sorok",), 40),
    **dict.fromkeys(("pyatdesyat", "pyat'desyat", "pyatdesiat", "piatdesiat", "p'iatdesiat"), 50),
    **dict.fromkeys(("shestdesyat", "shest'desyat", "shestdesiat", "shistdesiat"), 60),
    **dict.fromkeys(("semdesyat", "sem'desyat", "semdesiat", "simdesiat"), 70),
    **dict.fromkeys(("vosemdesyat", "vosem'desyat", "vosemdesiat", "visimdesiat"), 80),
    **dict.fromkeys(("devyanosto", "devianosto", "dev'ianosto"), 90),
}
TRANSLIT_HUNDREDS: dict[str, int] = {
    **dict.fromkeys(("sto",), 100),
    **dict.fromkeys(("dvesti", "dvisti"), 200),
    **dict.fromkeys(("trista", "trysta"), 300),
    **dict.fromkeys(("chetyresta", "chotyrysta"), 400),
    **dict.fromkeys(("pyatsot", "piatsot", "p'iatsot"), 500),
    **dict.fromkeys(("shestsot", "shistsot"), 600),
    **dict.fromkeys(("semsot", "simsot"), 700),
    **dict.fromkeys(("vosemsot", "visimsot"), 800),
    **dict.fromkeys(("devyatsot", "deviatsot", "dev'iatsot"), 900),
}
