"""A goods name's word OCR misread by look-alike letters, set right by a Russian dictionary.

Tesseract reads "Стол" as "Сгоп", "Масло" as "Маспо", "Вода" as "Boga" in Latin letters,
"регистратор" as "peructpatop", with a confidence near 1: letter by letter the reading is
plausible, but it is no word. A word of the name the dictionary (OpenCorpora's, through
pymorphy3) does not know is set to the one word it knows that the reading becomes by changing
at most two Cyrillic letters into their OCR look-alikes (a reading in Latin letters only by the
plain look-alike of each); a reading with two such words, or none, is left as read. Words the
dictionary knows, words with letters that have no Cyrillic look-alike ("Lenovo", "Philips",
"Zewa"), words of fewer than four letters and tokens with digits other than 0, 3, 6 (read for
о, з, б) are never changed: brand names and model codes stay as OCR read them.
"""

from __future__ import annotations

import itertools
import re

from recognizers.dictionary import Dictionary, russian_words

# A letter as read (case folded) -> the Cyrillic letters it may be a reading of, itself first
# for a Cyrillic letter. Latin letters have no reading of their own here: a word keeps its
# Latin reading unless it becomes a Russian word.
_LOOKALIKES = {
    # Cyrillic misread as Cyrillic: т's arm lost (г), л/п/н legs, к/х/ж, б/в, м/н.
    "г": "гт", "п": "плн", "л": "лп", "н": "нпм", "м": "мн", "в": "впб", "б": "бв",
    "к": "кх", "х": "хк", "ж": "жк", "а": "ал", "и": "ин", "ш": "шщ", "щ": "щш", "е": "её",
    "ё": "её",
    # Latin letters and digits OCR writes for Cyrillic print.
    "a": "а", "b": "вб", "c": "с", "e": "е", "g": "д", "h": "н", "k": "к", "m": "мт", "n": "пл",
    "o": "о", "p": "р", "r": "гт", "t": "т", "u": "и", "x": "х", "y": "у", "0": "о", "3": "з",
    "6": "б",
}
_TOKEN = re.compile(r"^(?P<lead>[«\"(]*)(?P<core>[A-Za-zА-Яа-яЁё036]{4,})(?P<trail>[»\",.;:)]*)$")
MAX_CHANGES = 2


def mend_by_dictionary(name: str) -> str:
    """``name`` with each unknown word that is a look-alike reading of exactly one Russian
    word set to that word (hyphenated parts one by one, case kept)."""
    words = russian_words()
    if words is None:
        return name
    out = []
    for token in name.split(" "):
        parts = token.split("-")
        out.append("-".join(_mend_part(p, words) for p in parts))
    return " ".join(out)


def _mend_part(part: str, words: Dictionary) -> str:
    match = _TOKEN.match(part)
    if match is None:
        return part
    core = match.group("core")
    folded = core.lower()
    if sum(c.isalpha() for c in folded) < 4:  # a code or a number, not a word
        return part
    if all(_is_cyrillic(c) for c in folded) and words.word_is_known(folded):
        return part
    fixed = _only_word(folded, words)
    if fixed is None:
        return part
    fixed = _with_case(fixed, core)
    return match.group("lead") + fixed + match.group("trail")


def _only_word(folded: str, words: Dictionary) -> str | None:
    """The one known word within the fewest look-alike changes (at most MAX_CHANGES); a letter
    with no Cyrillic reading rules the word out."""
    options = []
    for c in folded:
        alts = _LOOKALIKES.get(c, c if _is_cyrillic(c) else "")
        if not alts:
            return None
        options.append(alts)
    # A Latin letter or digit must change: its first look-alike is its plain reading. A word
    # read in Latin letters is only ever the word those plain readings spell: further changes
    # turn brand names into Russian words ("Canon" into "салоп").
    base = [alts[0] for alts in options]
    forced = sum(1 for c, alts in zip(folded, options, strict=True) if c != alts[0])
    for changes in range(0, 1 if forced else MAX_CHANGES + 1):
        found = {w for w in _variants(base, options, changes) if words.word_is_known(w)}
        if found:
            return found.pop() if len(found) == 1 and forced + changes > 0 else None
    return None


def _variants(base: list[str], options: list[str], changes: int) -> set[str]:
    out: set[str] = set()
    for at in itertools.combinations(range(len(base)), changes):
        pools = [options[i][1:] if i in at else base[i] for i in range(len(base))]
        if all(pools):
            out.update("".join(p) for p in itertools.product(*pools))
    return out


def _is_cyrillic(c: str) -> bool:
    return "а" <= c <= "я" or c == "ё"


def _with_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word.capitalize() if like[0].isupper() else word
