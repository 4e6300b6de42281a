"""A goods row's name as OCR gives it, mended where the reading is unambiguous.

OCR of Russian print mixes scripts: "Kpacka" is Cyrillic "Краска" read with Latin letters,
"600x400" has a Latin x where the print has "х", "1OW-40" has a letter O among digits. Only
words that cannot be the other script are changed: a lower-case word made wholly of letters
that have a Cyrillic twin, in a name that has Cyrillic words (brand names like "Keenetic" or
"Philips" have letters without a twin), and x/O between digits. All-capital words such as
"HP" or "ВА47" are left as read: both scripts are printed that way.
"""

from __future__ import annotations

import re

# Latin letters whose print shape is a Cyrillic letter's (n, r, m, u: how OCR reads п, г, м, и).
_TWINS = str.maketrans({"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у",
                        "k": "к", "n": "п", "r": "г", "m": "м", "u": "и", "A": "А", "B": "В",
                        "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
                        "T": "Т", "X": "Х"})
_TWIN_WORD = re.compile(
    r"^[acenopxykrmuABCEHKMOPTX]*[acenopxykrmu][acenopxykrmuABCEHKMOPTX]*[23]?$")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]{2,}")
_TIMES = re.compile(r"(?<=\d)[xXхХ](?=\d)")
_ZERO = re.compile(r"(?<=\d)[OО]|[OО](?=\d)")
_EDGE_JUNK = re.compile(r"^[|\[\]_—–\-:;.,‘’`'\"]+$")


# OCR drops the narrow space between a number and its unit ("700г", "1л") and around a
# dimension's "х" ("500 ммх 20 мкм"); names print them spaced (ГОСТ 8.417).
_GLUED_UNIT = re.compile(r"(?<![\w.,])(\d+(?:,\d+)?)(мм|см|мкм|мл|кг|л|г|м|шт|Вт)(?![\w])")
_GLUED_TIMES = re.compile(r"(?<=\d )(мм|см|мкм|м)[хx](?= \d)")


def clean_name(words: list[str]) -> str:
    cyrillic = any(_CYRILLIC.search(w) for w in words)
    out: list[str] = []
    for word in words:
        out.append(_mend(word, cyrillic))
    while out and _EDGE_JUNK.match(out[-1]):
        out.pop()
    name = " ".join(out)
    if cyrillic:
        name = _GLUED_TIMES.sub(r"\1 х", _GLUED_UNIT.sub(r"\1 \2", name))
    return name


def _mend(word: str, cyrillic_name: bool) -> str:
    word = _TIMES.sub("х", word)
    if any(c.isdigit() for c in word):
        word = _ZERO.sub("0", word)
    if cyrillic_name:
        parts = re.split(r"([-/,.])", word)
        word = "".join(p.translate(_TWINS) if _TWIN_WORD.match(p) else p for p in parts)
    return word
