"""Roles of signatures found on pages OCR could not read, from the document's form.

On a badly read page (page 2 of a photographed УПД) the captions beside the blanks are lost
and often the lines that tell which form the page is, so a signature there is kept without a
role when the page is searched (``unplaced``). Once the document's type is known,
``settle_roles`` places it by that form's footer layout (roles_layout) over what was read of
the page, or drops it when the layout cannot tell its blank: a role-less signature on a form
that names its signers is more likely stray ink than a signature.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import PrivateAttr

from recognizers.card import Card, Signature
from recognizers.marks.roles_layout import layout_role
from recognizers.marks.roles_text import Line, page_slope, text_lines
from recognizers.page import Word

# Forms whose footer layout roles_layout knows (card.doc_type values).
FORMS = frozenset({"upd", "torg12", "vat_invoice", "act", "payment_invoice"})


class Unplaced(Signature):
    """A signature whose role waits for the document's form, with what the layout needs of
    its page: its box on the upright page, the page's text lines, scale and skew."""

    _box: tuple[float, float, float, float] = PrivateAttr(default=(0.0, 0.0, 0.0, 0.0))
    _lines: Sequence[Line] = PrivateAttr(default=())
    _px_per_mm: float = PrivateAttr(default=1.0)
    _slope: float = PrivateAttr(default=0.0)
    _width: float = PrivateAttr(default=0.0)


def unplaced(page: int, box: list[float], confidence: float, words: Sequence[Word],
             px_per_mm: float, width: float,
             text: tuple[Sequence[Line], float] | None = None) -> Unplaced:
    """A signature found off every read caption, its page's reading kept for settle_roles
    (``text``: the page's text lines and slope, when the caller has them)."""
    sig = Unplaced(page=page, bbox=box, confidence=confidence)
    x, y, w, h = box
    sig._box = (x, y, w, h)
    sig._lines, sig._slope = text or (text_lines(words), page_slope(words, px_per_mm))
    sig._px_per_mm = px_per_mm
    sig._width = width
    return sig


def settle_roles(card: Card) -> None:
    """Give each signature kept without a role on an unread page the role of its blank in the
    document's form, or drop it when the form does not tell one (or names no signers). A
    blank's role already signed elsewhere in the document is not given twice."""
    sole = len(card.fields.seller_inn or "") == 12
    signed = {s.role for s in card.marks.signatures if s.role}
    kept: list[Signature] = []
    for sig in card.marks.signatures:
        if isinstance(sig, Unplaced):
            role = _role(sig, card.doc_type, sole, card.marks.signatures)
            if role is None or (role in signed and role != "ответственный"):
                continue
            signed.add(role)
            sig = Signature(page=sig.page, bbox=sig.bbox, confidence=sig.confidence, role=role)
        kept.append(sig)
    card.marks.signatures = kept


# The footer's columns, each blank's role top to bottom, of forms whose columns hold several
# rows (УПД by letter ФНС ММВ-20-3/96@, ТОРГ-12 by постановление Госкомстата № 132).
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "upd": (("руководитель", "товар передал", "ответственный"),
            ("главный бухгалтер", "товар получил", "ответственный")),
    "torg12": (("отпуск разрешил", "главный бухгалтер", "отпуск произвел"),
               ("груз принял", "груз получил")),
}
# Forms with one row of blanks: the left one's role and the right one's.
HALVES: dict[str, tuple[str, str]] = {
    "vat_invoice": ("руководитель", "главный бухгалтер"),
    "act": ("исполнитель", "заказчик"),
    "payment_invoice": ("руководитель", "бухгалтер"),
}
SOLE = "индивидуальный предприниматель"
# How far (mm) the next row's signature lies from one's own: the footers' rows stand 8-35 mm
# apart (ТОРГ-12 about 8, УПД 20-35); ink further off is in no neighbouring row.
ROW_MM = (4.0, 40.0)


def _role(sig: Unplaced, form: str, sole: bool, others: Sequence[Signature]) -> str | None:
    if form not in FORMS:
        return None
    role = layout_role(sig._box, sig._lines, sig._px_per_mm, form, sig._slope)
    if role is not None or not sig._width:
        return role
    x, _y, w, _h = sig._box
    left = x + w / 2 < sig._width / 2
    if form in HALVES:
        role = HALVES[form][0 if left else 1]
        return SOLE if sole and role == "руководитель" else role
    return _by_neighbours(sig, COLUMNS[form][0 if left else 1], others)


def _by_neighbours(sig: Unplaced, column: tuple[str, ...],
                   others: Sequence[Signature]) -> str | None:
    """The row next to the nearest signature with a role in the same column of the same
    page: the one above it or below it, as the ink lies (the rows' order is the form's).
    Only on a page read upright (the signatures' boxes share its frame)."""
    if list(sig._box) != list(sig.bbox):
        return None
    x, y, w, h = sig._box
    best: tuple[float, str] | None = None
    for s in others:
        if s.page != sig.page or s.role not in column or isinstance(s, Unplaced):
            continue
        sx, sy, sw, sh = s.bbox
        if (sx + sw / 2 < sig._width / 2) != (x + w / 2 < sig._width / 2):
            continue
        k = column.index(s.role) + (1 if y + h / 2 > sy + sh / 2 else -1)
        d = abs(y + h / 2 - sy - sh / 2)
        if not ROW_MM[0] * sig._px_per_mm < d < ROW_MM[1] * sig._px_per_mm:
            continue
        if 0 <= k < len(column) and (best is None or d < best[0]):
            best = (d, column[k])
    return best[1] if best else None
