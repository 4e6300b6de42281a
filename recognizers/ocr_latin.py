"""Words the Russian model read in doubt on a page, read once more in English.

The page pass reads Russian only. Given a second language, tesseract reads again in it every
line holding a word it is unsure of, and on form pages that is most lines: the pass costs 18%
more on clean scans and 60-70% more on poor scans and photos (ecm-cleaned pages of calibration
seed 31340, CPU time, the same words read). The Russian model has no Latin letters, so a brand
or a model code ("Logitech", "USB", "CF259X") comes out as Cyrillic garbage, unsure or no
Russian word, and now and then it doubles a digit at 0 confidence. Such words, and the
look-alike codes beside them ("К120" between two of them), are cut out, stacked into one image
and read in English in one call; the English reading replaces the Russian one only where it is
sure and is evidently the print (see ``_merge``): English spells Russian print in Latin
look-alikes ("6e3" for без) at 0.9, so being surer is not enough.

The first language of ``ECM_OCR_LANGUAGES`` is taken to be Russian (the dictionary that tells
words from garbage is Russian).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from recognizers.dictionary import russian_words
from recognizers.ocr_fill import GAP, Box, slot_of, stack_crops
from recognizers.page import Word

# A Russian reading below this may be a word in Latin letters (dev pages: brand names and
# codes came out at 0.2-0.5, Russian words mostly above 0.8).
UNSURE = 0.6
# Letters the Russian model gives for Latin capitals of the same shape, and digits: a token of
# only these ("К120", "Е27") reads the same in either script and takes the script of its
# neighbours.
_LOOK = "АВЕКМНОРСТХУаеорсух"
_LOOKALIKE = re.compile(rf"^[{_LOOK}0-9./-]*[{_LOOK}][{_LOOK}0-9./-]*$")
_LETTER = re.compile(r"[^\W\d_]")
# Anything but a figure's characters: "10\\/-40" is the Russian reading of "10W-40".
_NOT_FIGURE = re.compile(r"[^\d\s.,:;%()\-–—/№\"'«»]")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Latin letters the English model does not make of Russian print: it reads "без" as "6e3" and
# "услуг" as "yenyr" at 0.9, so only a reading with one of these is taken for Latin print.
_OWN_LATIN = re.compile(r"[dDfFGiIjJlLqQRsSvVwWzZU]")
SURE = 0.7
FIGURE_UNSURE = 0.5
# Against a Russian reading under FIGURE_UNSURE (a guess), an English one this sure is enough
# when it shows its own letters: word crops alone read "Zewa" at 0.62 and "Logitech" at 0.64,
# the Russian model "2е\\ма" at 0.49 and "Годйесй" at 0.0 (dev seed 7532).
SURE_OVER_GUESS = 0.6
# A code the Russian model turned into figures ("6205-2865", "243790058") keeps the figures it
# starts with in English ("6205-2RS", "243V7QDSB"): so many characters in common vouch for it.
CODE_PREFIX = 3
# Latin letters English may make of a blurred digit ("77O1234S67"): a number so read is no code.
_LIKE_DIGITS = set("OoQDSsIlBZzGgTAbq")
# Latin letters of the same shape as Cyrillic ones: an English reading that differs from the
# Russian one only in these read the same print, and vouches for it.
_AS_CYRILLIC = str.maketrans("ABCEHKMOPTXYaceopxy", "АВСЕНКМОРТХУасеорху")
# Marks the Russian model leaves where a Latin letter stood ("Е?7" for E27, "10\\/-40"); an
# English reading of the same word without them, read surer, is the print (Russian words the
# English model spells in Latin look-alikes, "6e3" for без, come without such marks).
_STRAY_MARKS = "?\\$|@#&*^~{}<>"
_STRAY = re.compile(f"[{re.escape(_STRAY_MARKS)}]")
MAX_WORDS = 120
_RULING = "|[]!"  # a cell's ruling as OCR reads it at a word's edge
# A part of a hyphenated word where the Russian model left a stray mark is Latin print that
# model lacks letters for; English read such words at 0.18-0.62 on dev pages (its reading of
# the Russian part drags the word's confidence down), so the mark is the main evidence.
MIXED_SURE = 0.1
_LATIN_PART = re.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*")


def read_latin(gray: np.ndarray, words: list[Word],
               read: Callable[[np.ndarray], list[Word]]) -> list[Word]:
    """The words, with those in doubt replaced by their English reading where ``_merge`` finds
    it the print; ``read``: the English reading of a block of lines (one call, none when no
    word is in doubt)."""
    unsure = [i for i, w in enumerate(words) if _in_doubt(w)]
    if not unsure:
        return words
    chosen = sorted(set(unsure) | _beside(words, set(unsure)))[:MAX_WORDS]
    height = float(np.median([w.h for w in words]))
    groups = _runs(words, chosen, height)
    boxes = [_union(words, group) for group in groups]
    # Only the words' own ink, on the page's paper tone (ocr_fill.stack_crops): a neighbour's
    # edge in the margin would come back as a word of its own.
    canvas, slots = stack_crops(gray, boxes, pad=max(3, int(0.3 * height)))
    rows = [(s0, s1) for s0, s1, _x, _y in slots]
    english: dict[int, list[Word]] = {}
    joined: set[int] = set()
    for word in read(canvas):
        k = slot_of(word, rows)
        if k is None:
            continue
        s0, _s1, x0, y0 = slots[k]
        placed = replace(word, x=word.x - GAP + x0, y=word.y - s0 + y0)
        if len(_covered(words, groups[k], placed)) > 1:
            joined.add(k)  # two words read as one ("12" "500,00" as "12500,00")
        i = _owner(words, groups[k], placed)
        if i is not None:
            english.setdefault(i, []).append(replace(placed, line=words[i].line))
    # A run whose words English read run together keeps its Russian reading: the joined
    # word would stand beside the Russian reading of its second half.
    for k in joined:
        for i in groups[k]:
            english.pop(i, None)
    return _merge(words, english, set(unsure))


def _runs(words: list[Word], chosen: list[int], height: float) -> list[list[int]]:
    """Chosen words next to each other on a line, as runs read in one crop: the English
    model reads a name or code better in its line ("Logitech K120 USB") than word by word."""
    runs: list[list[int]] = []
    for i in chosen:
        last = runs[-1][-1] if runs else None
        if last is not None and last == i - 1 and words[i].line == words[last].line \
                and words[i].x - (words[last].x + words[last].w) < 1.5 * height:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _union(words: list[Word], run: list[int]) -> Box:
    x0 = min(words[i].x for i in run)
    y0 = min(words[i].y for i in run)
    x1 = max(words[i].x + words[i].w for i in run)
    y1 = max(words[i].y + words[i].h for i in run)
    return Box(int(x0), int(y0), max(1, int(x1 - x0)), max(1, int(y1 - y0)))


def _owner(words: list[Word], run: list[int], read: Word) -> int | None:
    """The word of the run an English word (page coordinates) overlaps most along the line,
    if it overlaps one across it too."""
    best, most = None, 0.0
    for i in run:
        w = words[i]
        across = min(w.y + w.h, read.y + read.h) - max(w.y, read.y)
        overlap = _along(w, read)
        if across > 0 and overlap > most:
            best, most = i, overlap
    return best


def _covered(words: list[Word], run: list[int], read: Word) -> list[int]:
    """The words of the run an English word covers more than half of."""
    return [i for i in run if _along(words[i], read) > 0.5 * words[i].w]


def _along(a: Word, b: Word) -> float:
    """How far two words overlap along the line (negative: the gap between them)."""
    return min(a.x + a.w, b.x + b.w) - max(a.x, b.x)


def _in_doubt(word: Word) -> bool:
    """Read unsure, or sure but no Russian word: the model spells a Latin word it cannot read
    in Cyrillic letters at up to 0.9 ("Keenetic" as "Кеепейс")."""
    if _figure(word.text.strip(_RULING)):
        # The Russian model now and then doubles a digit at 0 confidence ("6671223110025"
        # for an ИНН the English one reads right at 0.96). A cell's ruling glued to figures
        # ("234,56|") leaves them figures.
        return word.conf < FIGURE_UNSURE
    if len(word.text) < 2 or not _NOT_FIGURE.search(word.text):
        return False
    # A mark beside figures stands for a Latin letter too: "6205-28$" is 6205-2RS.
    if word.conf < UNSURE or (_STRAY.search(word.text) and any(c.isalnum() for c in word.text)):
        return True
    return len(_CYRILLIC.findall(word.text)) >= 3 and not _russian(word.text)


def _russian(text: str) -> bool:
    """Whether the Cyrillic letters of ``text`` make dictionary words, each part of "ИНН/КПП"
    or "кол-во" on its own (True when there is no dictionary to ask)."""
    words = russian_words()
    if words is None:
        return True
    parts = ["".join(_CYRILLIC.findall(p)).lower() for p in re.split(r"[-/]", text)]
    parts = [p for p in parts if p]
    return bool(parts) and all(len(p) >= 2 and words.word_is_known(p) for p in parts)


def _figure(text: str) -> bool:
    return _NOT_FIGURE.search(text) is None and any(c.isdigit() for c in text)


def _beside(words: list[Word], unsure: set[int]) -> set[int]:
    """Look-alike tokens in a run next to an unsure word on its line ("К120 05В" after an
    unsure "Говиесв")."""
    out: set[int] = set()
    for i in unsure:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(words) and words[j].line == words[i].line \
                    and len(words[j].text) >= 2 and _LOOKALIKE.match(words[j].text):
                out.add(j)
                j += step
    return out - unsure


def _merge(words: list[Word], english: dict[int, list[Word]], unsure: set[int]) -> list[Word]:
    """Words in doubt that are no Russian word take a sure English reading that has a letter
    English does not make of Russian print, or that drops the Russian reading's stray marks;
    figures take a sure English reading of figures; a sure Latin reading of a code ("KN-1011",
    "K120") or of a non-word goes in beside a word so replaced (part of the same name). An
    English reading that differs only in look-alike letters vouches for the Russian one."""
    # Names of Russian and Latin parts keep their Russian parts, and lend no Latin to their
    # neighbours ("3х2,5" after "ВВГнг-LS" is Russian print).
    mixed = {i: text for i, read in english.items()
             if i in unsure and (text := _mixed(words[i].text, read)) is not None}
    taken = {i for i, read in english.items()
             if i in unsure and i not in mixed and _sure_enough(words[i], read) and _better(
                 words[i].text, [r.text for r in read])}
    grown = True
    while grown:
        near = {i for i, read in english.items() if i not in taken and _conf(read) >= SURE
                and any(_LATIN.search(r.text) for r in read) and _latin_beside(words[i].text, read)
                and _as_long(words[i].text, [r.text for r in read])
                and any(j in taken and words[j].line == words[i].line for j in (i - 1, i + 1))}
        taken |= near
        grown = bool(near)
    out: list[Word] = []
    for i, word in enumerate(words):
        read = english.get(i, [])
        if i in mixed:
            out.append(replace(word, text=mixed[i]))
        elif i in taken:
            out.extend(_russian_stop(word.text, read))
        elif len(read) == 1 and read[0].text.translate(_AS_CYRILLIC) == word.text:
            # "С-46/25" read at 0.57 and "C-46/25" at 0.92: two readers agree on the print.
            out.append(replace(word, conf=max(word.conf, read[0].conf)))
        else:
            out.append(word)
    return out


def _mixed(russian: str, english: list[Word]) -> str | None:
    """A hyphenated name of Russian and Latin parts ("ВВГнг-LS"), read "ВВГнг-Т5$" in Russian
    and "BBrur-LS" in English: each part the Russian model left a stray mark in takes the
    English part, all Latin letters and figures with a letter of its own; the other parts
    keep their Russian reading. None when no part is so taken."""
    if len(english) != 1 or english[0].conf < MIXED_SURE:
        return None
    ru, en = russian.split("-"), english[0].text.split("-")
    if len(ru) < 2 or len(ru) != len(en):
        return None
    parts = [e if _latin_part(r, e) else r for r, e in zip(ru, en, strict=True)]
    kept = [(r, e) for r, e, p in zip(ru, en, parts, strict=True) if r == p]
    # A kept part must be Russian print: Cyrillic letters English read without a letter of
    # its own ("BBrur" for ВВГнг; "Keenetic" for "Кеепейс" is Latin, read whole elsewhere).
    if parts == ru or not kept or not all(len(_CYRILLIC.findall(r)) >= 3
                                          and not _OWN_LATIN.search(e) for r, e in kept):
        return None
    return "-".join(parts)


def _latin_part(russian: str, english: str) -> bool:
    """A part of a mixed name the Russian model lacked letters for: few Cyrillic letters and a
    stray mark other than a ruling's "|" ("Т5$"), read in English as Latin letters and figures
    with a letter no digit looks like ("LS"; not the "12l" of "12|")."""
    return (bool(_STRAY.search(russian.replace("|", ""))) and len(_CYRILLIC.findall(russian)) < 3
            and _LATIN_PART.fullmatch(english) is not None and _as_long(russian, [english])
            and _unlike_a_digit(english))


def _russian_stop(russian: str, english: list[Word]) -> list[Word]:
    """The English reading with the Russian one's closing comma or full stop where both end
    in one: the English model read "Zewa," as "Zewa." on a word crop cut at the comma, which
    the Russian model read in its line. A closing mark only English saw goes: it read "E27,"
    for the "Е?27" of "E27 12 Вт" (a speck at the crop's edge; dev 7600, spent seed 10808)."""
    last = english[-1].text
    if len(russian) > 1 and len(last) > 1 and russian[-1] in ",." and last[-1] in ",." \
            and russian[-1] != last[-1]:
        return [*english[:-1], replace(english[-1], text=last[:-1] + russian[-1])]
    if len(last) > 2 and last[-1] in ",." and russian[-1:].isalnum():
        return [*english[:-1], replace(english[-1], text=last[:-1])]
    return english


def _sure_enough(russian: Word, english: list[Word]) -> bool:
    """Whether the English reading is sure enough to replace the Russian one: SURE, or
    SURE_OVER_GUESS over a Russian guess when it shows two letters of its own (under SURE,
    garbage over garbage reads "VHH/KNN" for ИННКПП, "(06vem)" for "©бъм": one or none)."""
    conf = _conf(english)
    if conf >= max(SURE, russian.conf):
        return True
    return (conf >= SURE_OVER_GUESS and russian.conf < FIGURE_UNSURE
            and not _figure(russian.text)
            and sum(len(_OWN_LATIN.findall(w.text)) for w in english) >= 2)


def _better(russian: str, english: list[str]) -> bool:
    if _figure(russian):
        return all(_figure(t) for t in english) or _code_of(russian, english)
    if not _as_long(russian, english):
        return False
    # Figures and marks only ("6205-28$", "1|234,56"): a Latin letter English may make of a
    # blurred digit or a ruling is no evidence of Latin print.
    if not _LETTER.search(russian) and not any(_unlike_a_digit(t) for t in english):
        return False
    # A mark inside a word stands for a letter the Russian model lacks ("Ге\\ма" for Zewa);
    # at its edge it is a ruling's remnant ("|Итого"), and the letters may still be a word.
    core = russian.strip(_STRAY_MARKS + ".,:;()«»\"'")
    if not _STRAY.search(core) and _russian(core):
        return False
    # A unit's two letters ("г/м2", unsure) are no Latin word the English reading ("rim2")
    # could be taken for: the Russian reading needs three letters, or a mark inside.
    lettered = len(_CYRILLIC.findall(russian)) >= 3 or _STRAY.search(core) is not None
    own = lettered and any(_OWN_LATIN.search(t) for t in english)
    cleaner = _STRAY.search(russian) is not None and not any(_STRAY.search(t) for t in english)
    return own or (cleaner and any(_LATIN.search(t) for t in english))


def _as_long(russian: str, english: list[str]) -> bool:
    """Whether the English reading has as many letters and figures as the Russian one: "ez"
    for the "Е?27" of E27 is of less print. The marks standing for a letter the Russian model
    lacks do not count: "$5\\уетоСору" is SvetoCopy, and "9$В" USB."""
    def size(text: str) -> int:
        return sum(c.isalnum() for c in text)
    return sum(size(t) for t in english) >= size(russian)


def _code_of(russian: str, english: list[str]) -> bool:
    """An English code with two Latin letters or more that begins with the figures the
    Russian model read: the print is the code, its letters lost to the Russian model."""
    if len(english) != 1:
        return False
    code = english[0]
    letters = _LATIN.findall(code)
    return (len(letters) >= 2 and _unlike_a_digit(code)
            and any(c.isdigit() for c in code)
            and len(russian) >= CODE_PREFIX and code[:CODE_PREFIX] == russian[:CODE_PREFIX])


def _unlike_a_digit(text: str) -> bool:
    """Whether ``text`` has a Latin letter English does not make of a blurred digit."""
    return any(c not in _LIKE_DIGITS for c in _LATIN.findall(text))


def _latin_beside(text: str, read: list[Word]) -> bool:
    """Whether a word next to a replaced one is Latin print too: a look-alike code ("K120",
    "05В" for USB), or no Russian word read in English with a letter of its own (an
    abbreviation such as "пом." read "nom." is neither). Figures follow only as a code of
    their own (``_code_of``): "1" beside "Logitech" is no "I"."""
    if _figure(text):
        return _code_of(text, [r.text for r in read])
    if _LOOKALIKE.match(text) and any(c.isdigit() for c in text):
        return True
    return not _russian(text) and any(_OWN_LATIN.search(r.text) for r in read)


def _conf(read: list[Word]) -> float:
    return min(w.conf for w in read)
