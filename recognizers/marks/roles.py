"""Whose line a signature stands on, from the printed caption nearest to it: the label to
the left of the blank or the block heading above it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from recognizers.marks.roles_layout import layout_role, page_form, page_middle
from recognizers.marks.roles_text import Line, page_slope, span_of, text_lines
from recognizers.page import Word

# Weight of captions used only when no form label is in reach.
FALLBACK = 100.0
# A head's title typed on the blank's own line of a letter can stand this far (mm) below
# the signature's anchor (a signature written well above its line on a photo), where form
# labels, a row lower, belong to the next blank.
TITLE_BELOW_MM = 7.0

# (pattern over a caption line, role, distance weight): party headings lose to the label right
# next to the blank, "ИП" titles lose to act headings written above them.
CAPTIONS: tuple[tuple[re.Pattern[str], str, float], ...] = tuple(
    (re.compile(p), role, weight) for p, role, weight in (
        (r"главн\w*\s*(\(?старш\w*\)?\s*)?бухгалт", "главный бухгалтер", 1.0),
        (r"(?<!главный )(?<!\) )\bбухгалтер\b", "бухгалтер", 1.2),
        (r"руководител", "руководитель", 1.0),
        (r"индивидуальн\w*\s+предпринимат|^предприниматель", "индивидуальный предприниматель",
         1.6),
        (r"отпуск\s*груза\s*разреш", "отпуск разрешил", 1.0),
        (r"отпуск\s*груза\s*произв", "отпуск произвел", 1.0),
        # УПД's party lines first: their "(груз) получил" must not read as ТОРГ-12's label.
        (r"товар\s*\(?груз\)?\s*передал|груз\)\s*передал", "товар передал", 1.0),
        (r"товар\s*\(?груз\)?\s*получил|груз\)\s*получил", "товар получил", 1.0),
        (r"груз\s*принял", "груз принял", 1.0),
        (r"груз\s*получил(\S*\s*грузо|\s*\S*получат)", "груз получил", 1.0),
        (r"ответственн\w*\s+за\s+правильн", "ответственный", 1.0),
        (r"\bисполнитель\b", "исполнитель", 0.8),
        (r"\bзаказчик\b", "заказчик", 0.8),
        # (OCR often cuts or garbles "доверенность" there: "получившего довереннос®-^4»".)
        (r"получившего\s+довер|подпись\s+лица,?\s+получивш", "доверенное лицо", 1.0),
        # A head's title on the blank's own line ("Генеральный директор ____ И.А. Петров" in
        # letters): only when no form label is in reach (its weight), since УПД and
        # ТОРГ-12 print the title as the (должность) value beside their own labelled blanks.
        # An entrepreneur's letter prints "ИП" alone as the title.
        (r"директор|президент|управляющ|^ип$", "руководитель", FALLBACK),
        (r"\bпоставщик\b", "поставщик", 1.0),
        (r"\bпокупатель\b", "покупатель", 1.0),
    )
)

# Party names caption signature blocks only as bare headings ("ПОСТАВЩИК", "Заказчик ____");
# a longer line with the name is the form's header, and ink near it is print, not a signature.
PARTY_ROLES = frozenset({"поставщик", "покупатель", "исполнитель", "заказчик"})
PARTY_CAPTION_WORDS = 3
# An ИНН (10 or 12 digits) or an account number on the line: a party's requisites.
REQUISITES = re.compile(r"(?<!\d)\d{10,12}(?!\d)|(?<!\d)\d{20}(?!\d)")
# Tokens that count as words of a line: two Cyrillic letters running, or a figure.
_WORDLIKE = re.compile(r"\S*(?:[А-ЯЁа-яё]{2}|\d)\S*")


@dataclass(frozen=True)
class _Caption:
    role: str
    weight: float
    x0: float
    x1: float
    cy: float


def _captions(line: Line) -> list[_Caption]:
    """Every caption on a run of words, boxed by the words it spans: one run can hold two
    blanks' labels ("Руководитель ____ Бухгалтер ____" when OCR bridges the gap)."""
    # "Покупатель: ООО …, ИНН …" heads the form, no blank there. Junk OCR made of a
    # signature beside the caption ("&. aad VW aed if") is no word of that line.
    parties_ok = len(_WORDLIKE.findall(line.text)) <= PARTY_CAPTION_WORDS
    # A party's requisites ("Индивидуальный предприниматель Макаров А.С., ИНН 5904…") name
    # a role but caption no blank: unread print over them was taken for the ИП's signature.
    if REQUISITES.search(line.text):
        return []
    cy = (line.y0 + line.y1) / 2
    out: list[_Caption] = []
    taken: list[tuple[int, int]] = []
    for pattern, role, weight in CAPTIONS:
        for m in pattern.finditer(line.text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue  # "главный бухгалтер" already holds this "бухгалтер"
            taken.append((m.start(), m.end()))
            if role in PARTY_ROLES and not parties_ok:
                continue
            span = span_of(line, m.start(), m.end())
            out.append(_Caption(role, weight, span.x0, span.x1, cy))
    return out


# Labels printed on their blank's own line ("Подпись лица, получившего доверенность ____
# удостоверяем"): a signature standing lower is on another blank (the head's, under it).
INLINE = frozenset({"доверенное лицо"})
INLINE_MM = 9.0

# Small captions printed under a blank: "(подпись)", "(должность)", "(ф.и.о.)".
UNDER_BLANK = re.compile(r"подпис|должност|ф\.?\s*и\.?\s*о\b|расшифровк")


def _blank_rows(lines: Sequence[Line], x0: float, x1: float) -> list[float]:
    """Heights of the under-blank captions across the signature's span."""
    return [(ln.y0 + ln.y1) / 2 for ln in lines
            if ln.x1 >= x0 and ln.x0 <= x1 and UNDER_BLANK.search(ln.text)]


@dataclass(frozen=True)
class PageText:
    """What the roles need of a page's words: its text lines and skew, read once a page
    (making the lines costs ~40 ms a page, once for each signature before)."""

    lines: Sequence[Line]
    slope: float


def page_text(words: Sequence[Word], px_per_mm: float) -> PageText:
    return PageText(text_lines(words), page_slope(words, px_per_mm))


def signature_role(box: Sequence[float], words: Sequence[Word], px_per_mm: float,
                   text: PageText | None = None) -> str | None:
    """The role of the blank a signature stands on: the label printed beside the blank when
    OCR read it, else the form's footer layout, else a head's title on the blank's line.
    ``text``: ``page_text`` of the words, when the caller has it."""
    text = text or page_text(words, px_per_mm)
    lines = text.lines
    near = _nearest_caption(box, lines, px_per_mm)
    form = page_form(lines)
    by_layout = layout_role(box, lines, px_per_mm, form, text.slope)
    if near is not None and near.d < FALLBACK * px_per_mm and (
            by_layout is None or (form not in LAYOUT_FIRST and
            not _across(box, near, lines, form))):
        return near.role
    if by_layout is not None:
        return by_layout
    return near.role if near else None


# Forms whose rows are too close for the nearest label to tell them: a label read one row
# off is about as near as the blank's own, so the layout places the row.
LAYOUT_FIRST = frozenset({"torg12", "upd", "vat_invoice"})
# Forms with one row of blanks, a left and a right one.
HALVES = frozenset({"act", "payment_invoice", "vat_invoice"})


def _across(box: Sequence[float], near: _Near, lines: Sequence[Line], form: str | None) -> bool:
    """Whether the caption taken lies in the other half of a one-row footer than the
    signature: the right blank's own label lost, the left one's ("Руководитель") was the
    nearest read; the layout tells the right blank's role then."""
    middle = page_middle(lines)
    if form not in HALVES or middle is None:
        return False
    x, _y, w, _h = box
    return (x + w / 2 < middle) != (near.cx < middle)


@dataclass(frozen=True)
class _Near:
    d: float  # weighted distance
    role: str
    cx: float  # the caption's centre x


def _nearest_caption(box: Sequence[float], lines: Sequence[Line],
                     px_per_mm: float) -> _Near | None:
    """The caption nearest above or left of the signature's line, with its weighted
    distance. A caption with another blank row between it and the signature heads that row
    instead (УПД's "Товар (груз) передал" above its first blank, not the "Ответственный" one
    further down) and counts only when nothing else is in reach."""
    x, y, w, h = box
    anchor = y + h * 0.8  # the blank's line crosses the lower part of the ink
    rows = _blank_rows(lines, x - 20 * px_per_mm, x + w + 20 * px_per_mm)
    heads = [c for ln in lines for c in _captions(ln) if c.role in PARTY_ROLES]
    best: _Near | None = None
    for line in lines:
        cy = (line.y0 + line.y1) / 2
        if cy > anchor + TITLE_BELOW_MM * px_per_mm or cy < anchor - 40 * px_per_mm:
            continue
        low = cy > anchor + 4 * px_per_mm  # only a title on the blank's own line
        if line.x0 > x + w * 0.6 or line.x1 < x - 110 * px_per_mm:
            continue
        # Kept only as a last resort: a signature with no caption is dropped as stray ink.
        behind = FALLBACK if any(cy < r < anchor - 3 * px_per_mm for r in rows) else 1.0
        for cap in _captions(line):
            if cap.x0 > x + w * 0.6 or cap.x1 < x - 110 * px_per_mm or \
                    (low and cap.weight < FALLBACK) or \
                    (cap.role in INLINE and anchor - cap.cy > INLINE_MM * px_per_mm) or \
                    _under_head(cap, heads, px_per_mm):
                continue
            dx = max(0.0, x - cap.x1, cap.x0 - x)
            d = (abs(anchor - cap.cy) * 2.0 + dx) * cap.weight * behind
            if best is None or d < best.d:
                best = _Near(d, cap.role, (cap.x0 + cap.x1) / 2)
    return best


# A party's heading stands this close (mm) over the title typed under it: "ЗАКАЗЧИК" over
# "Исполнительный директор" (read "Исполнител ме &") is the заказчик's block.
HEAD_TITLE_MM = 7.0


def _under_head(cap: _Caption, heads: Sequence[_Caption], px_per_mm: float) -> bool:
    """Whether a party caption is a word of the title right under another party's heading."""
    return cap.role in PARTY_ROLES and any(
        h.role != cap.role and 0 < cap.cy - h.cy < HEAD_TITLE_MM * px_per_mm and
        h.x0 < cap.x1 and cap.x0 < h.x1 for h in heads)
