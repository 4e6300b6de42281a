"""Pieces several forms share: labelled underlined fields, signature triples, totals."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ecm.corpus import amounts
from ecm.corpus.layouts.sheet import Sheet
from ecm.corpus.model import Doc, Item


def field_line(sheet: Sheet, x: float, top: float, x_end: float, label: str, value: str,
               tag: str = "", size: float | None = None, bold_value: bool = False) -> None:
    """'Label: value ____ (tag)', the value on an underline as in the ПП 1137 forms."""
    size = size or sheet.size
    sheet.text(x, top, label, size)
    vx = x + sheet.width(label, size) + 3
    tag_w = sheet.width(tag, size) + 4 if tag else 0
    sheet.hline(vx, x_end - tag_w, top + 1.5, 0.4)
    vsize = size
    while sheet.width(value, vsize, bold_value) > x_end - tag_w - vx - 2 and vsize > 4.5:
        vsize -= 0.25
    sheet.text(vx + 2, top, value, vsize, bold_value)
    if tag:
        sheet.text(x_end, top, tag, size, align="r")


def signature_triple(sheet: Sheet, x: float, top: float, widths: Sequence[float],
                     values: Sequence[str], captions: Sequence[str], role: str,
                     size: float | None = None, gap: float = 5) -> float:
    """Underlined blanks with small captions below; the blank captioned '(подпись)' becomes
    a signature slot. Returns the x after the last blank."""
    size = size or sheet.size
    cx = x
    for w, value, caption in zip(widths, values, captions, strict=True):
        sheet.hline(cx, cx + w, top + 1.5, 0.4)
        if value:
            vs = size
            while sheet.width(value, vs) > w - 2 and vs > 4.5:
                vs -= 0.25
            sheet.text(cx + w / 2, top, value, vs, align="c")
        if caption:
            sheet.text(cx + w / 2, top + size * 0.95, caption, max(size - 2.5, 4.5), align="c")
        # A blank with no role (e.g. the ИП line of a company) stays unsigned.
        if role and (caption == "(подпись)" or (not caption and not value)):
            sheet.sign_slot(cx, cx + w, top, role)
        cx += w + gap
    return cx


def rate_text(rate: str) -> str:
    return "без НДС" if rate == amounts.NO_VAT else f"{rate}%"


def vat_summary_lines(doc: Doc) -> list[tuple[str, Decimal | None]]:
    """The 'В том числе НДС' lines under a 1С-style table, one per rate."""
    if doc.vat_rate_label == amounts.NO_VAT:
        return [("Без налога (НДС)", None)]
    word = "В том числе НДС" if doc.vat_included else "Сумма НДС"
    lines: list[tuple[str, Decimal | None]] = []
    for rate in doc.rates:
        vat = sum((i.vat for i in doc.items if i.rate == rate), Decimal("0.00"))
        label = "Без налога (НДС)" if rate == amounts.NO_VAT else f"{word} ({rate}%)"
        lines.append((label, vat))
    return lines


def money(sheet_sep: str, value: Decimal) -> str:
    return amounts.fmt_money(value, sheet_sep)


def qty_text(item: Item) -> str:
    return amounts.fmt_qty(item.qty, item.qty_decimals)


def totals_block(sheet: Sheet, doc: Doc, right: float, top: float, sep: str,
                 size: float, final: str = "Всего к оплате:") -> float:
    """Right-aligned 'Итого / В том числе НДС / Всего к оплате' block; returns height."""
    lines: list[tuple[str, str]] = [("Итого:", money(sep, doc.total if doc.vat_included
                                                      else doc.total_net))]
    for label, vat in vat_summary_lines(doc):
        lines.append((label + ":", "-" if vat is None else money(sep, vat)))
    if not doc.vat_included or final == "Всего к оплате:":
        lines.append((final, money(sep, doc.total)))
    y = top
    for label, value in lines:
        sheet.text(right - 70, y, label, size, bold=True, align="r")
        sheet.text(right, y, value, size, bold=True, align="r")
        y += size * 1.35
    return y - top
