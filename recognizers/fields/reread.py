"""Second OCR readings of the few lines whose first reading failed a field's own check.

Which lines: an ИНН whose digits pass no checksum, a title line ("СЧЁТ-ФАКТУРА № … от …"),
the ТОРГ-12 number/date boxes that gave no number and date, or a ТОРГ-12 party row (caption and
the lines its requisites wrap onto) whose name the page pass lost. Those lines are cut from the
cleaned page, stacked into one small image and read in one tesseract call (one language: loading
rus+eng costs three times the reading of a few lines), so a page pays ~3% of its OCR time (a
ТОРГ-12 photo's party rows, 10-25%), and only when it has such a line. The readings go next to
the first ones (``Page.rereads``); the readers treat them as one more line, so a value both
readings agree on is confirmed.
"""

from __future__ import annotations

import re

import numpy as np

from recognizers.fields.header import _TITLES, NUMBER_SIGN, Header, read_header, torg12_title
from recognizers.fields.layout import Line, page_lines
from recognizers.fields.party_names import checked_name
from recognizers.fields.requisites import best_inn
from recognizers.fields.stacked import read_stacked
from recognizers.page import Page, Word
from recognizers.textnorm import fold_keep

MAX_LINES = 4
BOX_SPAN = 22.0  # the ТОРГ-12 number and date boxes' reach right of the title, in its heights
_INN_VALUE = re.compile(r"(?:[иu]нн?|[a-zа-я|]?нн[^\s\d]{0,6})\s*:?\s*"
                        r"(?P<v>[\d{][\dоolі|зб{ ]{8,})")
# A title line: "СЧЁТ-ФАКТУРА № … от", "АКТ № … от", "Счёт на оплату № … от".
_TITLE_TYPES = ("upd", "act", "payment_invoice")
_TITLE_END = r"[^№]{0,40}?" + NUMBER_SIGN + r"?\s*\S*\s+(?:от|оt|ot)\b"


def plan_rereads(page: Page) -> list[Line]:
    """The page's lines whose reading failed a check, at most ``MAX_LINES``."""
    lines = page_lines(page)
    wanted = [ln for i, ln in enumerate(lines)
              if _inn_failed(ln) or _header_failed(lines, i, page.height / 2)]
    boxes = _torg12_boxes(lines, page.height / 2)
    regions = ([boxes] if boxes else []) + _torg12_parties(lines, page)
    return (regions + wanted)[:MAX_LINES]


def _torg12_boxes(lines: list[Line], half: float) -> Line | None:
    """The ТОРГ-12 number and date boxes right of the form's title, as one region to read, when
    the page pass read no line of them (photos lose the small framed print); the region's
    text lines come back as lines of their own (layout._with_rereads)."""
    for line in lines:
        if line.top >= half or not torg12_title(fold_keep(line.text)):
            continue
        if not _incomplete(read_header(lines, "torg12")):
            return None
        title = max(line.words, key=lambda w: w.x)  # "НАКЛАДНАЯ" or the caption after it
        word = next((w for w in line.words if "накладная" in fold_keep(w.text)), title)
        h = word.h
        region = Word("", word.x + word.w, word.y - 1.2 * h, BOX_SPAN * h, 3.7 * h, 0.0)
        return Line(line.page, [region], ocr=True)
    return None


_T12_PARTY = r"^\W*(?:поставщик|плательщик|грузополучатель)"
_T12_CAPTION = re.compile(_T12_PARTY)
_T12_NAMED = re.compile(_T12_PARTY + r"\s*[.:]?\s*(?P<name>.+?)\s*[,.‚]?\s*(?:инн|$)",
                        re.IGNORECASE)
PARTY_ROWS = 2.4  # a ТОРГ-12 party's requisites wrap onto up to two more lines, in heights
PARTY_SPAN = 0.6


def _torg12_parties(lines: list[Line], page: Page) -> list[Line]:
    """ТОРГ-12 party rows whose line gave no name: the caption's row and the lines it wraps onto,
    as one region to read again (photos lose the small print of these rows)."""
    if page.number != 1 or not any(torg12_title(fold_keep(ln.text)) for ln in lines):
        return []
    out = []
    for line in lines:
        folded = fold_keep(line.text)
        if line.top >= page.height / 2 or not _T12_CAPTION.match(folded):
            continue
        named = _T12_NAMED.match(line.text)
        if named and checked_name(named.group("name")):  # the row's name was read
            continue
        word = line.words[0]
        h = word.h
        # The name, ИНН and КПП come first: the row's first part of the page's width holds them.
        region = Word("", max(0.0, word.x - h), line.top - 0.5 * h,
                      min(page.width - word.x, PARTY_SPAN * page.width),
                      line.bottom - line.top + PARTY_ROWS * h, 0.0)
        out.append(Line(line.page, [region], ocr=True))
    return out


def _inn_failed(line: Line) -> bool:
    for match in _INN_VALUE.finditer(fold_keep(line.text)):
        found = best_inn(match.group("v").partition("/")[0])
        if found is None or found[1] or len(found[0]) not in (10, 12):
            return True
    return False


def _header_failed(lines: list[Line], index: int, half: float) -> bool:
    line = lines[index]
    folded = fold_keep(line.text)
    window = lines[index:index + 3]
    for doc_type in _TITLE_TYPES:
        if re.search(_TITLES[doc_type] + _TITLE_END, folded):
            return _incomplete(read_header(window, doc_type))
    before = [fold_keep(ln.text) for ln in lines[max(0, index - 3):index]]
    # The ТОРГ-12 boxes: under the form's title, in the page's upper half.
    if (any("товарная" in t and "накладная" in t for t in before) and re.search(r"\d{4}", folded)
            and line.top < half):
        header = read_header(lines[max(0, index - 3):index + 1], "torg12")
        return _incomplete(header)
    return False


def _incomplete(header: Header) -> bool:
    return header.number is None or header.date is None


def reread_lines(gray: np.ndarray, lines: list[Line], languages: str = "rus") -> list[list[Word]]:
    """Each line read again from the cleaned page image, words in the page's pixels."""
    if not lines:
        return []
    crops, origins = [], []
    for line in lines:
        pad = max(4, int(0.4 * line.height))
        x0 = max(0, int(min(w.x for w in line.words)) - 3 * pad)
        x1 = min(gray.shape[1], int(max(w.x + w.w for w in line.words)) + 3 * pad)
        y0, y1 = max(0, int(line.top) - pad), min(gray.shape[0], int(line.bottom) + pad)
        crops.append(gray[y0:y1, x0:x1])
        origins.append((x0, y0))
    out: list[list[Word]] = []
    for words, (x0, y0) in zip(read_stacked(crops, languages), origins, strict=True):
        out.append([Word(w.text, w.x + x0, w.y + y0, w.w, w.h, w.conf, w.line) for w in words])
    return out
