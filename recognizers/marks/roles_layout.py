"""Whose blank a signature stands on when OCR read no caption beside it: the form's footer
layout says it, given which form the page is and where the blank lies in its footer.

The footers of the forms (УПД by letter ФНС ММВ-20-3/96@, ТОРГ-12 by постановление
Госкомстата № 132, счёт-фактура by ПП РФ № 1137, the common 1С act and invoice):
- УПД: under the table, руководитель (left) and главный бухгалтер (right), the ИП line under
  the руководитель one; under line [8] two columns, seller's left and buyer's right, each with
  its "товар (груз) передал / получил" blank and, lower, its "ответственный" one.
- ТОРГ-12: left column отпуск груза разрешил, главный (старший) бухгалтер, отпуск груза
  произвел; right column груз принял, груз получил грузополучатель.
- счёт-фактура: руководитель (left), главный бухгалтер (right), the ИП line under them.
- акт: исполнитель (left), заказчик (right); счёт на оплату: руководитель, бухгалтер.

Printed lines of the footer that OCR read (any of them, not the blank's own caption) place
the blank in its block and row; the page's text extent splits the columns.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from recognizers.marks.roles_text import Line, Match, find


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# Page markers of each form, tried in this order (УПД holds a счёт-фактура too).
FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("upd", _re(r"универсальн\w*\s+передаточн|передаточн\w*\s+документ|"
                r"товар\W+\S{0,6}\W*передал|ответственн\w*\s+за\s+правильн|"
                r"основание\s+передачи|данные\s+о\s+транспортировк")),
    ("torg12", _re(r"торг-?\s?12|товарн\w*\s+накладн|0330212|отпуск\w*\s+груза|"
                   r"груз\s+принял|всего\s+отпущено")),
    ("vat_invoice", _re(r"сч\w?т-?\s*фактур")),
    ("payment_invoice", _re(r"сч\w?т\w*\s+на\s+оплату|банк\s+получателя|"
                            r"образец\s+заполнения")),
    # (No \b before "№": "акт № 12" has no word boundary between the space and the sign.)
    ("act", _re(r"\bакт\w*\b.{0,40}(\b(выполнен|оказан|сдачи|при[её]мки)|№)|"
                r"\bисполнитель\b.*\bзаказчик|\bзаказчик\b.*\bисполнитель")),
)


@dataclass(frozen=True)
class Blank:
    """The signature as the layout sees it: its centre x, the height its blank's line is
    guessed at (the line crosses the ink's lower part), the ink's top and bottom, the page
    column it is in and the page's scale."""

    cx: float
    y: float
    left: bool
    mm: float
    top: float = 0.0
    bottom: float = 0.0
    slope: float = 0.0  # the page's text lines' dy/dx (a skewed scan)

    def rise(self, m: Match) -> float:
        """How far below the label ``m`` the blank's line is, along the page's skew (a
        label half the page away on a scan turned 3 degrees sits a row off otherwise)."""
        return self.y - (m.cy + self.slope * (self.cx - (m.cx if m.at is None else m.at)))


def page_form(lines: Sequence[Line]) -> str | None:
    text = "\n".join(line.text for line in lines)
    for form, pattern in FORMS:
        if pattern.search(text):
            return form
    return None


def page_middle(lines: Sequence[Line]) -> float | None:
    """The x splitting the page's text into its left and right halves."""
    if len(lines) < 5:
        return None
    x0 = float(np.percentile([ln.x0 for ln in lines], 3))
    x1 = float(np.percentile([ln.x1 for ln in lines], 97))
    return (x0 + x1) / 2


def _side(found: Sequence[Match], blank: Blank, middle: float) -> list[Match]:
    return [m for m in found if (m.cx < middle) == blank.left]


def _above(found: Sequence[Match], blank: Blank, gap_mm: float = 0.0) -> list[Match]:
    return [m for m in found if m.cy < blank.y - gap_mm * blank.mm]


def _below(found: Sequence[Match], blank: Blank, gap_mm: float = 0.0) -> list[Match]:
    return [m for m in found if m.cy > blank.y + gap_mm * blank.mm]


# УПД: where the lower block (transfer part) starts, what lies between its two rows of blanks,
# and the labels of the счёт-фактура part above it.
UPD_LOWER = _re(r"основание\s+передачи|данные\s+о\s+транспортировк|"
                r"товар\W+\S{0,6}\W*(передал|получил)|услуги,\s+результаты\s+работ")
UPD_MIDDLE = _re(r"дата\s+отгрузк|дата\s+получени|иные\s+сведения|неотъемлем|сопутствующ")
UPD_RESPONSIBLE = _re(r"ответственн\w*\s+за|за\s+правильност|правильност\w*\s+оформл|"
                      r"оформлени\w*\s+факта|факта\s+хозяйствен")
UPD_BOTTOM = _re(r"наименование\s+экономическ|составител\w*\s+документ|комиссионер")
UPD_TOP = _re(r"всего\s+\S{0,2}\s*оплат|документ\s+составлен|составлен\s+на")
HEAD = _re(r"руководител\w*\s+организац|^руководител")
SOLE = _re(r"индивидуальн|предприниматель\s+или")
# An entrepreneur seller: ОГРНИП in the registration field, or "Продавец: ИП …".
SOLE_SELLER = _re(r"огрнип\W{0,3}\d{6}|продавец\W{1,3}(ип\b|индивидуальн\w*\s+предприним)")


def _upd(lines: Sequence[Line], blank: Blank, middle: float) -> str | None:
    lower = find(lines, UPD_LOWER)
    if _above(lower, blank):
        return _upd_transfer(lines, blank, middle)
    if not _below(lower, blank) and not _above(find(lines, UPD_TOP), blank):
        return None  # nothing tells the block: the ink may be anywhere on the page
    if not blank.left:
        return "главный бухгалтер"
    return "индивидуальный предприниматель" if _sole_row(lines, blank, middle) else \
        "руководитель"


def _sole_row(lines: Sequence[Line], blank: Blank, middle: float) -> bool:
    """Whether a left blank of the счёт-фактура part is the ИП line, a row under the head's:
    the label nearest above the blank's line (labels stand level with their line or a line
    or two above it, never below) is the ИП's. With neither label read, whether the seller
    is an entrepreneur (only the ИП line is signed then)."""
    line = _line_y(lines, blank, middle)
    # (Not even a little below: the ИП label's first line starts level with the head's
    # "(подпись)", just under the head's blank line.)
    labels = [(m.cy, sole) for sole, pattern in ((True, SOLE), (False, HEAD))
              for m in _side(find(lines, pattern), blank, middle)
              if line - 14 * blank.mm < m.cy < line]
    if labels:
        return max(labels)[1]
    return bool(find(lines, SOLE_SELLER))


def _line_y(lines: Sequence[Line], blank: Blank, middle: float) -> float:
    """The height of the blank's line: just above the small caption printed under it
    ("(подпись)") when one is read under the ink's middle, else the guess from the ink."""
    mid = (blank.top + blank.bottom) / 2
    under = [m.cy for m in _side(find(lines, UNDER), blank, middle)
             if mid < m.cy < blank.bottom + 5 * blank.mm and abs(m.cx - blank.cx) < 40 * blank.mm]
    return min(under) - 1.2 * blank.mm if under else blank.y


def _upd_transfer(lines: Sequence[Line], blank: Blank, middle: float) -> str | None:
    first = "товар передал" if blank.left else "товар получил"
    # The two columns' rows stand level (seller's [10]-[14] beside buyer's [15]-[19]): the
    # other column's lines place the row when OCR read none of this one's.
    resp = _side(find(lines, UPD_RESPONSIBLE), blank, middle)
    between = _side(find(lines, UPD_MIDDLE), blank, middle)
    if not resp and not between:
        resp, between = find(lines, UPD_RESPONSIBLE), find(lines, UPD_MIDDLE)
    if resp:
        return "ответственный" if _above(resp, blank) else first
    if between:
        return first if _below(between, blank) and not _above(between, blank) else \
            "ответственный"
    if _side(find(lines, UPD_BOTTOM), blank, middle):
        return None  # the bottom lies under both rows
    return None


# ТОРГ-12: the rows' labels, the titles typed in their (должность) blanks, and the lines
# above and under the signature block.
TORG_LEFT = ("отпуск разрешил", "главный бухгалтер", "отпуск произвел")
TORG_RIGHT = ("груз принял", "груз получил")
TORG_LABELS: dict[str, re.Pattern[str]] = {
    "отпуск разрешил": _re(r"отпуск\w*\s+\S{0,6}\s*разреш|груза\s+разреш"),
    "главный бухгалтер": _re(r"главн\w*\s*(\(?старш\w*\)?\s*)?бухгалт|\bбухгалтер"),
    "отпуск произвел": _re(r"отпуск\w*\s+\S{0,6}\s*произв|груза\s+произв"),
    "груз принял": _re(r"груз\s*принял"),
    "груз получил": _re(r"груз\s*получил|грузополучател"),
}
TORG_TITLES: dict[str, re.Pattern[str]] = {
    "отпуск разрешил": _re(r"директор|руководител|управляющ|президент|начальник"),
    "отпуск произвел": _re(r"кладовщик|склад|экспедитор|завхоз|товаровед"),
}
TORG_TOP = _re(r"всего\s+отпущено|по\s+доверенност|выданной|кем,\s+кому")
# A row's label stands on its blank's line, a little above the signature's anchor (in pitches).
LABEL_LAG = 0.2
# Captions under the blanks within this (mm) of the previous one are of the same row.
ROW_GAP_MM = 3.0
TORG_BOTTOM = _re(r"20_*\s*\S?ода\b|\bгода\b|\bм\.?\s?п\.?$")
UNDER = _re(r"\(?(подпись|должность|расшифровка)")


def _torg12(lines: Sequence[Line], blank: Blank, middle: float) -> str | None:
    rows = TORG_LEFT if blank.left else TORG_RIGHT
    pitch = _row_pitch(lines, blank, middle)
    # A row's label read in this column places the blank by the pitch from it; failing
    # that, the title typed in a row's (должность) blank does (ТОРГ-12 asks for it there).
    for anchors in (TORG_LABELS, TORG_TITLES):
        votes: dict[str, float] = {}
        for role, pattern in anchors.items():
            if role not in rows:
                continue
            for m in _side(find(lines, pattern), blank, middle):
                k = rows.index(role) + round(blank.rise(m) / pitch - LABEL_LAG)
                if 0 <= k < len(rows):
                    d = abs(blank.rise(m))
                    votes[rows[k]] = min(votes.get(rows[k], 1e9), d)
        if votes:
            return min(votes, key=lambda r: votes[r])
    return _torg12_by_captions(lines, blank, middle, rows, pitch)


def _row_pitch(lines: Sequence[Line], blank: Blank, middle: float) -> float:
    """Distance between the signature rows: between the rows of small captions under the
    blanks in this column, or about 8 mm."""
    # Heights taken at the blank's x along the page's skew: a row's '(должность)' and
    # '(подпись)' stand 30 mm apart, 3 mm apart in height on a photo turned 5 degrees.
    caps = sorted(m.cy + blank.slope * (blank.cx - (m.cx if m.at is None else m.at))
                  for m in _side(find(lines, UNDER), blank, middle))
    # One row's captions read as separate lines stand up to a few mm apart on a skewed
    # page: they are one row (their steps taken alone made the pitch 5.5 mm, not 7.5, and a
    # ТОРГ-12 signature a row off).
    rows: list[list[float]] = []
    for cy in caps:
        if rows and cy - rows[-1][-1] <= ROW_GAP_MM * blank.mm:
            rows[-1].append(cy)
        else:
            rows.append([cy])
    mids = [float(np.mean(r)) for r in rows]
    steps = [b - a for a, b in itertools.pairwise(mids) if b - a > 4 * blank.mm]
    steps = [s for s in steps if s < 14 * blank.mm]
    return float(np.median(steps)) if steps else 8.5 * blank.mm


def _torg12_by_captions(lines: Sequence[Line], blank: Blank, middle: float,
                        rows: tuple[str, ...], pitch: float) -> str | None:
    """The row as the count of caption rows between the block's top and the blank, or by
    the pitch up from the date line and М.П. printed under the block's last row."""
    tops = _above(_side(find(lines, TORG_TOP), blank, middle), blank)
    if tops:
        top = max(m.cy for m in tops)
        caps = sorted(m.cy for m in _side(find(lines, UNDER), blank, middle)
                      if top < m.cy < blank.y - 1 * blank.mm)
        k = 0
        for a, b in itertools.pairwise([top, *caps]):
            k += b - a > 4 * blank.mm
        return rows[k] if k < len(rows) else None
    bottoms = _below(_side(find(lines, TORG_BOTTOM), blank, middle), blank)
    if bottoms:
        rise = (min(m.cy for m in bottoms) - blank.y) / pitch
        k = len(rows) - max(1, round(rise))
        return rows[k] if 0 <= k < len(rows) else None
    return None


def _halves(left: str, right: str) -> Callable[[Sequence[Line], Blank, float], str | None]:
    def role(lines: Sequence[Line], blank: Blank, middle: float) -> str | None:
        return left if blank.left else right
    return role


def _vat(lines: Sequence[Line], blank: Blank, middle: float) -> str | None:
    if not blank.left:
        return "главный бухгалтер"
    return "индивидуальный предприниматель" if _sole_row(lines, blank, middle) else \
        "руководитель"


# An entrepreneur supplier on a счёт на оплату: "Поставщик ИП Ковалев П.М., ИНН 526094457950".
SOLE_SUPPLIER = _re(r"^поставщик\W{0,3}(\(исполнитель\)\W{0,3})?(ип\b|индивидуальн)|"
                    r"^поставщик\b.{0,80}\bинн\W{0,3}\d{12}(?!\d)")


def _payment(lines: Sequence[Line], blank: Blank, middle: float) -> str | None:
    """The left blank is the ИП's when its label is read, or, with neither label read,
    when the supplier is an entrepreneur; the right one the bookkeeper's."""
    if blank.left:
        if find(lines, _re(r"^руководител")):
            return "руководитель"
        sole = find(lines, _re(r"^предприниматель|индивидуальн\w*\s+предприним")) or \
            find(lines, SOLE_SUPPLIER)
        return "индивидуальный предприниматель" if sole else "руководитель"
    return "бухгалтер"


# Lines printed above each form's signature block (its table's totals, the act's closing
# sentence): a blank above all of them is not in the footer.
FOOTER_TOP: dict[str, re.Pattern[str]] = {
    "upd": _re(r"всего\s+\S{0,2}\s*оплат|документ\s+составлен|составлен\s+на|"
               r"основание\s+передачи|данные\s+о\s+транспортировк"),
    "torg12": _re(r"всего\s+отпущено|по\s+доверенност|выданной|всего\s+по\s+накладной|"
                  r"всего\s+мест|приложение\s+\(паспорт"),
    "vat_invoice": _re(r"всего\s+\S{0,2}\s*оплат"),
    # (The terms "Оплата данного счета…" may stand above the bank box as well.)
    "payment_invoice": _re(r"всего\s+наименований|всего\s+\S{0,2}\s*оплат"),
    "act": _re(r"претензи|выполнены\s+полностью|всего\s+оказано|всего\s+\(с\s+учетом"),
}

# Lines printed right under a form's first signature rows, when nothing above them is read.
FOOTER_UNDER: dict[str, re.Pattern[str]] = {
    "upd": _re(r"основание\s+передачи|данные\s+о\s+транспортировк"),
}

LAYOUTS: dict[str, Callable[[Sequence[Line], Blank, float], str | None]] = {
    "upd": _upd, "torg12": _torg12, "vat_invoice": _vat, "act": _halves("исполнитель",
                                                                        "заказчик"),
    "payment_invoice": _payment,
}


def layout_role(box: Sequence[float], lines: Sequence[Line], px_per_mm: float,
                form: str | None, slope: float = 0.0) -> str | None:
    """The role of the blank under ``box`` by the form's layout, or None when the page is
    not a known form or its read lines do not place the blank."""
    middle = page_middle(lines)
    if form is None or middle is None:
        return None
    x, y, w, h = box
    # Ink in the margin, left of the page's text, stands on no blank of the footer.
    if x + w / 2 < np.percentile([ln.x0 for ln in lines], 3):
        return None
    blank = Blank(x + w / 2, y + h * 0.8, x + w / 2 < middle, px_per_mm, y, y + h, slope)
    under = FOOTER_UNDER.get(form)
    if not _above(find(lines, FOOTER_TOP[form]), blank) and not (under and any(
            0 < m.cy - blank.y < 40 * px_per_mm for m in find(lines, under))):
        return None
    return LAYOUTS[form](lines, blank, middle)
