"""Repairs of table cells split across lines before rows and totals are read.

A narrow money cell wraps its last digits onto a second line ("192 599,8" over "0", "725,"
over "97"): the text layer and OCR both give the fragment as a word of the next visual line,
right under its cell. Only a fragment that completes a money value whose kopecks are cut off
is taken back, so a name's wrapped continuation ("500 л.") is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from recognizers.fields.layout import Line
from recognizers.page import Word

_CUT_MONEY = re.compile(r"^\d+(?:,\d?|\.\d)$")  # not "23." (a row number)
_FRAGMENT = re.compile(r"^\d{1,2}$")
_NO_VAT_WORD = re.compile(r"^[бБ6][еЕeE][зЗ3]$")  # "без" read as "6e3" is not 6 units of "e3"
_GLUED = re.compile(r"^(\d+(?:[,.]\d{1,3})?)([A-Za-zА-Яа-яЁё]{1,5}\d?\.?)$")


def split_glued(words: Sequence[Word]) -> list[Word]:
    """ "4м" -> "4", "м": a quantity glued to its unit where OCR did not see the gap."""
    out: list[Word] = []
    for word in words:
        match = _GLUED.match(word.text)
        if match is None or _NO_VAT_WORD.match(word.text):
            out.append(word)
            continue
        share = len(match.group(1)) / len(word.text)
        out.append(Word(match.group(1), word.x, word.y, word.w * share, word.h, word.conf,
                        word.line))
        out.append(Word(match.group(2), word.x + word.w * share, word.y, word.w * (1 - share),
                        word.h, word.conf, word.line))
    return out


def mend_wrapped_numbers(lines: Sequence[Line]) -> list[Line]:
    out = [replace(line, words=list(line.words)) for line in lines]
    for upper, lower in pairwise(out):
        if upper.page != lower.page or not upper.words or not lower.words:
            continue
        if lower.top - upper.bottom > 0.8 * upper.height:
            continue
        for fragment in list(lower.words):
            host = _host(upper.words, fragment)
            if host is None:
                continue
            index = upper.words.index(host)
            upper.words[index] = Word(host.text + fragment.text, host.x, host.y,
                                      max(host.w, fragment.x + fragment.w - host.x), host.h,
                                      min(host.conf, fragment.conf), host.line)
            lower.words.remove(fragment)
    return [line for line in out if line.words]


def _host(words: Sequence[Word], fragment: Word) -> Word | None:
    """The word with cut-off kopecks right above ``fragment``, if any."""
    if not _FRAGMENT.match(fragment.text):
        return None
    for word in words:
        if not _CUT_MONEY.match(word.text):
            continue
        digits = len(word.text.split(",")[-1].split(".")[-1])
        if digits + len(fragment.text) != 2:
            continue
        slack = word.h
        if word.x - slack <= fragment.x and fragment.x + fragment.w <= word.x + word.w + slack:
            return word
    return None


def unruled(lines: Sequence[Line]) -> list[Line]:
    """Table lines without the cell rulings OCR reads as "|", "[" or "]" at word edges
    ("[Услуги", "10]усл", "23 606,30]"), and without a comma trailing a number."""
    out = []
    for line in lines:
        words = []
        for word in line.words:
            text = re.sub(r"(?<=\d)[]|\[](?=[^\d\s])", "", word.text.strip("|[]"))
            if re.fullmatch(r"\d[\d\s]*[,.]\d{2}[,;]", text):
                text = text[:-1]
            if text:
                words.append(Word(text, word.x, word.y, word.w, word.h, word.conf, word.line))
        if words:
            out.append(replace(line, words=words))
    return out
