"""A goods name OCR read, mended where its own shape says what was printed.

names.clean_name settles the script of whole words; what is left are single characters that
only the word's place in the name tells apart:

- a unit after a number ("12 Вг", "500 а.", "19 1", "14 Кр"): a name prints a quantity with a
  unit symbol there (ГОСТ 8.417), so a token that is no unit but is one OCR look-alike away
  from exactly one unit is that unit ("12 Вт", "500 л.", "19 л", "14 кг");
- a grade or model code's letters ("М500 Д0", "BX1000"): capital letters beside digits are
  printed in one script within a run of codes, so a run where one code has a letter that exists
  in one script only ("Д") has its look-alike letters ("M" Latin) in that script too; a
  two-letter "ДО" right after such a code is a grade with a zero ("Д0");
- a designation letter glued to a number: "а12" is no Russian word, a diameter "d12" is; a
  "1" before capitals ("1ЕК") is a Latin I.

Only an OCR reading is mended; a text layer's name is printed text.
"""

from __future__ import annotations

import itertools
import re

from recognizers.fields.names import TO_CYRILLIC, TO_LATIN

# Unit symbols a goods name prints after a number (ГОСТ 8.417 and trade usage).
UNITS = frozenset({
    "л", "мл", "г", "кг", "мг", "т", "м", "мм", "см", "дм", "км", "мкм", "м2", "м3",
    "Вт", "кВт", "В", "кВ", "А", "мА", "Гц", "шт", "уп", "пар", "рул",
})
# Characters OCR reads for each other in unit symbols, as seen on clean scans: т's arm read as
# "г" or Latin "r", г as "р", л as "1", "а" or "п", a capital for a lower-case к, м, т.
_LOOKALIKE = {
    "г": "т", "r": "тг", "т": "г", "р": "г", "p": "г", "1": "л", "l": "л", "I": "л", "|": "л",
    "а": "л", "a": "л", "п": "л", "К": "к", "K": "к", "k": "к", "М": "м", "M": "м", "m": "м",
    "Т": "т", "T": "т", "B": "В", "b": "в", "Н": "н", "H": "н", "x": "х", "c": "с", "e": "е",
    "o": "о",
}
# A unit whose last letter OCR lost where the quantity ends ("14 к" for 14 кг): no unit
# and no word of a goods name is a lone "к" after a number.
_CUT_UNITS = {"к": "кг"}
_NUMBER = re.compile(r"^\d+(?:[,.]\d+)?$")
_TRAIL = re.compile(r"^(.*?)([.,;]?)$")

# A code: capital letters and digits (a hyphen, a slash), at least one of each, no lower case.
_CODE = re.compile(r"^(?=.*\d)(?=.*[A-ZА-ЯЁ])[A-ZА-ЯЁ\d\-/]+$")
_CYRILLIC_ONLY = re.compile(r"[БГДЁЖЗИЙЛПФЦЧШЩЪЫЬЭЮЯ]")
_LATIN_ONLY = re.compile(r"[DFGIJLNQRSUVWZ]")
_RATING = re.compile(r"^\d+(?:[,.]\d+)?[АВAB]$")
_RUSSIAN_WORD = re.compile(r"[а-яё]{3,}")
_ONE_FOR_I = re.compile(r"^1([ABCEHKMOPTXYАВСЕНКМОРТХУ]{2,})$")
_ABBREVIATION = re.compile(r"^[ABCEHKMOPTXYАВСЕНКМОРТХУ]{2,4}$")
# A model code OCR read in lower case ("вх1000"): letters that have capital twins, 3+ digits.
_LOWER_CODE = re.compile(r"^[авсенкмортхуacekmopxy]{1,3}\d{3,}$")
_GRADE_ZERO = re.compile(r"^([A-ZА-ЯЁ])[OО]$")
_DIAMETER = re.compile(r"^а(\d{2,3})$")  # Cyrillic а: a Latin "a4" is a paper size
# A reinforcing steel class (ГОСТ 34028: А240, А400, А500С, В500С) is followed by the bar's
# diameter, "d12"; tesseract reads the d as 4 or 9 ("412", "912"), a diameter no bar has (they
# are made 6 to 40 mm).
_STEEL_CLASS = re.compile(r"^[АAВB]\d{3}[СC]?$")
_D_AS_DIGIT = re.compile(r"^[49](\d{1,2})$")
_BAR_DIAMETERS = frozenset({6, 8, 10, 12, 14, 16, 18, 20, 22, 25, 28, 32, 36, 40})


def mend_name(name: str) -> str:
    """The name with its unit symbols, code letters and designations as printed."""
    words = [w.upper() if _LOWER_CODE.match(w) else w for w in name.split(" ")]
    words = _grade_zero(words)
    words = _code_runs(words)
    words = [_DIAMETER.sub(r"d\1", _capital_i(w)) for w in words]
    words = _bar_diameter(words)
    words = _units(words)
    return " ".join(words)


def _units(words: list[str]) -> list[str]:
    out = list(words)
    for i in range(1, len(words)):
        if not _NUMBER.match(words[i - 1]):
            continue
        match = _TRAIL.match(words[i])
        assert match is not None  # the pattern matches any text
        core, trail = match.groups()
        # A lone character after a number is a unit only where the quantity ends ("19 1",
        # "500 а."): inside a name it may be a word or a figure of its own.
        last = i == len(words) - 1 or words[i + 1].startswith(",") or bool(trail)
        if not core or core in UNITS or (len(core) == 1 and not last):
            continue
        unit = _unit_lookalike(core) or (_CUT_UNITS.get(core) if last else None)
        if unit is not None:
            out[i] = unit + trail
    return out


def _unit_lookalike(core: str) -> str | None:
    """The one unit symbol ``core`` reads as with OCR's look-alike characters, if just one."""
    if len(core) > 3:
        return None
    choices = [c + _LOOKALIKE.get(c, "") for c in core]
    found = {"".join(p) for p in itertools.product(*choices)} & UNITS
    return found.pop() if len(found) == 1 else None


def _bar_diameter(words: list[str]) -> list[str]:
    """ "Арматура А500С 412" -> "Арматура А500С d12": in a reinforcing bar's name, after a
    steel class, a 4 or 9 before a bar's diameter is its d."""
    out = list(words)
    if not any(w.lower().startswith("арматур") for w in words):
        return out
    for i in range(1, len(words)):
        match = _D_AS_DIGIT.match(words[i])
        if match and _STEEL_CLASS.match(words[i - 1]) \
                and int(match.group(1)) in _BAR_DIAMETERS:
            out[i] = "d" + match.group(1)
    return out


def _capital_i(word: str) -> str:
    """ "1ЕК" -> "IEK": a 1 before capitals only is a Latin I (no number is glued to a word of
    capitals), and the word is Latin with it."""
    match = _ONE_FOR_I.match(word)
    return "I" + match.group(1).translate(TO_LATIN) if match else word


def _grade_zero(words: list[str]) -> list[str]:
    """ "М500 ДО" -> "М500 Д0": a letter and an O right after a code is a grade with a zero."""
    out = list(words)
    for i in range(1, len(words)):
        match = _TRAIL.match(words[i])
        assert match is not None
        core, trail = match.groups()
        if _GRADE_ZERO.match(core) and _CODE.match(_TRAIL.sub(r"\1", words[i - 1])):
            out[i] = core[0] + "0" + trail
    return out


def _code_runs(words: list[str]) -> list[str]:
    """Codes side by side take the one script a letter among them proves. In a Russian name a
    rating in amperes or volts ("16А", "220В") is a unit symbol, Cyrillic by ГОСТ 8.417, and
    proves its run Cyrillic too ("ВА47-29 1Р 16А", the Latin "BA47-29" OCR read beside it)."""
    out = list(words)
    russian = any(_RUSSIAN_WORD.search(w) for w in words)
    cores = [_TRAIL.sub(r"\1", w) for w in words]
    i = 0
    while i < len(words):
        if not _CODE.match(cores[i]):
            i += 1
            continue
        j = i
        while j < len(words) and _CODE.match(cores[j]):
            j += 1
        run = "".join(cores[i:j])
        cyrillic = bool(_CYRILLIC_ONLY.search(run)) or (
            russian and any(_RATING.match(c) for c in cores[i:j]))
        latin = bool(_LATIN_ONLY.search(run))
        # A brand's abbreviation before its model ("АРС ВХ1000", read Cyrillic after a Russian
        # word): a model code with no Russian unit beside it is the maker's, Latin.
        if i > 0 and _ABBREVIATION.match(cores[i - 1]) and not cyrillic and not latin \
                and re.search(r"\d{3}", run):
            i, latin = i - 1, True
        if cyrillic != latin:
            table = TO_CYRILLIC if cyrillic else TO_LATIN
            out[i:j] = [w.translate(table) for w in words[i:j]]
        i = j
    return out


# Units a goods table's unit cell prints (ОКЕИ short names as 1С and the forms print them).
CELL_UNITS = frozenset({
    "шт", "уп", "упак", "усл", "мес", "час", "ч", "чел", "м", "м2", "м3", "кг", "г", "т", "л",
    "рул", "пач", "пар", "меш", "компл", "рейс", "лист", "ед", "набор", "кор", "сут", "дн", "км",
})
# Latin letters OCR writes for the Cyrillic of a unit cell ("wr" for шт, "nap" for пар, "mec"
# for мес), each with the Cyrillic letters it stands for.
_CELL_TWINS = {
    "w": "ш", "r": "тг", "t": "т", "y": "у", "n": "пл", "a": "а", "p": "р", "c": "с",
    "e": "ес", "m": "мт", "k": "к", "x": "х", "o": "о", "u": "и", "h": "н", "b": "вь",
}


def mend_unit(unit: str | None) -> str | None:
    """A unit cell read in Latin look-alikes, as the one unit they spell in Cyrillic; a cell
    that spells no unit, or more than one, stays as read."""
    if unit is None or unit.lower() in CELL_UNITS:
        return unit
    folded = unit.lower()
    if not re.fullmatch(r"[a-zа-яё]{1,5}", folded) or not re.search(r"[a-z]", folded):
        return unit
    choices = [_CELL_TWINS.get(c, c) for c in folded]
    found = {"".join(p) for p in itertools.product(*choices)} & CELL_UNITS
    return found.pop() if len(found) == 1 else unit

