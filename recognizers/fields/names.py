"""A goods row's name as OCR gives it, mended where the reading is unambiguous.

OCR of Russian print mixes scripts: "Kpacka" is Cyrillic "Краска" read with Latin letters,
"600x400" has a Latin x where the print has "х", "1OW-40" has a letter O among digits. Only
words that cannot be the other script are changed: a lower-case word made wholly of letters
that have a Cyrillic twin, in a name that has Cyrillic words (brand names like "Keenetic" or
"Philips" have letters without a twin), and x/O between digits. An all-capital word such as
"HP" or "ВА47" is printed in both scripts: it takes the script of a Latin brand or model right
beside it, and is left as read otherwise. A text layer's name is printed text and is kept.
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
# A comma OCR read as a full stop inside a name: after a word of five letters or more before a
# number ("рафинированное. 1 л") or after a number before a word ("3,5х35. уп."); the
# abbreviations goods names print before a number are shorter ("уп.", "диам.", "толщ.").
_COMMA_AS_STOP = re.compile(r"(?<=[А-Яа-яЁёA-Za-z]{5})\.(?=\s+\d)|(?<=\d)\.(?=\s+[а-яё])")


def clean_name(words: list[str], ocr: bool = True) -> str:
    """The name as printed; a text layer's name is printed text already and only trimmed."""
    if not ocr:
        return " ".join(words).strip()
    cyrillic = any(_CYRILLIC.search(w) for w in words)
    out: list[str] = []
    for word in words:
        out.append(_mend(word, cyrillic))
    out = _cut_junk_tail(_model_scripts(out), cyrillic)
    while out and _EDGE_JUNK.match(out[-1]):
        out.pop()
    if out:
        # A ruling or speck read before the first letter ("'Транспортно-...").
        out[0] = out[0].lstrip("'‘’`|[]")
    name = " ".join(out)
    if cyrillic:
        name = _GLUED_TIMES.sub(r"\1 х", _GLUED_UNIT.sub(r"\1 \2", name))
        name = _COMMA_AS_STOP.sub(",", name)
    return name


def _cut_junk_tail(words: list[str], cyrillic: bool) -> list[str]:
    """A name ending in a symbol-only token and scraps of at most two characters ("…
    обеспечения <— иг": a signature's stroke beside the cell) ends before the symbols; a
    Russian name does not end in one or two Latin lower-case letters ("… объекта ss") nor in
    a full stop after a whole word or a figure ("… груза.", "… 20-40."; "500 л." keeps its
    abbreviation's)."""
    for i in range(len(words) - 1, 0, -1):
        if len(words[i]) > 2 and any(ch.isalnum() for ch in words[i]):
            break
        if not any(ch.isalnum() for ch in words[i]) and words[i] not in _CLOSING:
            words = words[:i]
            break
    if cyrillic and len(words) > 1 and _LATIN_SCRAP.match(words[-1]):
        words = words[:-1]
    if cyrillic and words and (_WORD_STOP.match(words[-1]) or _FIGURE_STOP.match(words[-1])):
        words = [*words[:-1], words[-1][:-1]]
    return words


_LATIN_SCRAP = re.compile(r"^[a-z]{1,2}$")
_WORD_STOP = re.compile(r"^[а-яё]{4,}\.$")
_FIGURE_STOP = re.compile(r"^[\dхx\-,/]*\d\.$")  # "фр. 20-40.", "600х400х400.": no abbreviation


_CLOSING = {")", "»", '"', "”", "%"}


# Capital letters and digits that read the same in both scripts: "HP", "K120", "ВА47-29".
_AMBIGUOUS = re.compile(r"^(?=.*[ABCEHKMOPTXYАВСЕНКМОРТХУ])[ABCEHKMOPTXYАВСЕНКМОРТХУ\d\-/.]+$")
_LATIN_ONLY = re.compile(r"[DFGIJLNQRSUVWZbdfghijlqstvwz]")
_CYRILLIC_ONLY = re.compile(r"[А-ЯЁа-яё]")
# Capitals printed alike in both scripts, Latin and Cyrillic in the same order.
LATIN_TWINS, CYRILLIC_TWINS = "ABCEHKMOPTXY", "АВСЕНКМОРТХУ"
TO_LATIN = str.maketrans(CYRILLIC_TWINS, LATIN_TWINS)
TO_CYRILLIC = str.maketrans(LATIN_TWINS, CYRILLIC_TWINS)
_SLASHED = re.compile(r"^[A-Za-zА-Яа-яЁё]/[A-Za-zА-Яа-яЁё][,.;]?$")


def _script(word: str) -> str:
    if _AMBIGUOUS.match(word):
        return "either"
    if _CYRILLIC_ONLY.search(word.translate(_TWINS)) and not _LATIN_ONLY.search(word):
        return "cyrillic"
    return "latin" if _LATIN_ONLY.search(word) else "none"


def _model_scripts(words: list[str]) -> list[str]:
    """A capital word that reads the same in both scripts takes the script of the brand or
    model beside it: "НР CF259X" is HP (an abbreviation before a Latin model), "Logitech К120"
    is K120 (a model after a Latin brand, unless a Cyrillic word follows). A slashed
    abbreviation in a Cyrillic name ("B/C") is Cyrillic: "в/с"."""
    kinds = [_script(w) for w in words]
    out = list(words)
    for i, word in enumerate(words):
        before = kinds[i - 1] if i > 0 else "none"
        after = kinds[i + 1] if i + 1 < len(words) else "none"
        if _SLASHED.match(word) and "cyrillic" in kinds:
            out[i] = word.translate(_TWINS).lower()
        if kinds[i] != "either":
            continue
        # Before a model OCR wrote in Latin ("АРС BX1000"), an abbreviation is its brand.
        after_latin = after == "latin" or (after == "either" and _as_latin(words[i + 1]))
        letters_only = not re.search(r"[\d\-/.]", word)
        if (letters_only and after_latin) or (before == "latin" and after != "cyrillic"):
            out[i] = word.translate(TO_LATIN)
    return out


def _as_latin(word: str) -> bool:
    return not re.search(r"[А-ЯЁа-яё]", word)


# No goods name carries a dollar sign: it is an S misread, and what OCR put before it in a
# two-letter code part ("ВВГнг-[$", "-Г$", "-1.$") is an L ("LS", the cable marking).
_DOLLAR_PART = re.compile(r"(?<=-)[\[|1lIГЁ!]\.?\$(?=$|[,.;])")


def _mend(word: str, cyrillic_name: bool) -> str:
    if "$" in word:
        word = _DOLLAR_PART.sub("LS", word)
        word = re.sub(r"(?<=[A-Za-zА-Яа-яЁё])\$|\$(?=[A-Za-z])", "S", word)
    word = _TIMES.sub("х", word)
    if any(c.isdigit() for c in word):
        word = _ZERO.sub("0", word)
    if cyrillic_name:
        parts = re.split(r"([-/,.])", word)
        word = "".join(p.translate(_TWINS) if _TWIN_WORD.match(p) else p for p in parts)
    return word
