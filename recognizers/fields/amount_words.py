"""An amount written in words ("Семьсот двадцать шесть тысяч пятьсот пятьдесят пять рублей 57
копеек"), as ТОРГ-12 and 1С forms print it under the totals: a second reading of the total,
independent of the figures, that confirms them when the two agree."""

from __future__ import annotations

import re
from decimal import Decimal

from recognizers.fuzzy import distance
from recognizers.textnorm import fold

_UNITS = ("один", "одна", "два", "две", "три", "четыре", "пять", "шесть", "семь", "восемь",
          "девять", "десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать",
          "пятнадцать", "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать")
_UNIT_VALUES = (1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19)
_TENS = ("двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
         "восемьдесят", "девяносто")
_HUNDREDS = ("сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот",
             "восемьсот", "девятьсот")
_SCALES = {"тысяча": 1000, "тысячи": 1000, "тысяч": 1000, "миллион": 10**6,
           "миллиона": 10**6, "миллионов": 10**6, "миллиард": 10**9, "миллиарда": 10**9,
           "миллиардов": 10**9}
_NUMBERS: dict[str, int] = {
    **dict(zip(_UNITS, _UNIT_VALUES, strict=True)),
    **{w: 20 + 10 * i for i, w in enumerate(_TENS)},
    **{w: 100 * (i + 1) for i, w in enumerate(_HUNDREDS)},
}
_RUBLES = ("рубль", "рубля", "рублей")
_VOCAB: dict[str, tuple[str, int]] = {
    **{w: ("n", v) for w, v in _NUMBERS.items()},
    **{w: ("s", v) for w, v in _SCALES.items()}, **{w: ("r", 0) for w in _RUBLES}}
_TOKEN = re.compile(r"[а-я]+|\d+")
_PREAMBLE = {"всего", "итого", "сумму", "сумма", "отпущено", "прописью"}


def _word(token: str) -> tuple[str, int] | None:
    """("n", value) for a number word, ("s", scale) for тысяч/миллион…, ("r", 0) for рублей;
    one OCR slip allowed in words of five letters or more, if only one word is that close."""
    if token in _VOCAB:
        return _VOCAB[token]
    if len(token) < 5:
        return None
    near = [w for w in _VOCAB if abs(len(w) - len(token)) <= 1 and distance(w, token) <= 1]
    return _VOCAB[near[0]] if len(near) == 1 else None


def amount_in_words(text: str) -> Decimal | None:
    """The amount the words say, None unless every word up to "рублей" is a number word and
    the kopecks follow as digits."""
    tokens = _TOKEN.findall(fold(text))
    total = group = 0
    started = False
    for index, token in enumerate(tokens):
        found = None if token.isdigit() else _word(token)
        if found is None:
            if started or (len(token) > 2 and token not in _PREAMBLE and not token.isdigit()):
                # A damaged word inside the amount, or before it: it may be the amount's
                # head ("Двести девяносто" lost), so no reading rather than its tail.
                return None
            continue  # "на сумму", a speck read as a letter or two
        kind, value = found
        started = True
        if kind == "n":
            group += value
        elif kind == "s":
            total += max(group, 1) * value
            group = 0
        else:
            kopecks = next((t for t in tokens[index + 1:index + 2] if t.isdigit()), None)
            if kopecks is None or len(kopecks) > 2 or total + group == 0:
                return None
            return Decimal(total + group) + Decimal(int(kopecks)) / 100
    return None
