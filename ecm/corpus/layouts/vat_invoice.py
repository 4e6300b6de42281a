"""Счёт-фактура per ПП РФ № 1137 (landscape, rows (1)…(8), signatures of the heads)."""

from __future__ import annotations

import random

from reportlab.lib.pagesizes import A4, landscape

from ecm.corpus.layouts import parts
from ecm.corpus.layouts.invoice_common import sf_header, sf_table
from ecm.corpus.layouts.sheet import Overlay, Rendered, Sheet
from ecm.corpus.model import Doc
from ecm.corpus.style import Style

CAPS = ("(подпись)", "(ф.и.о.)")


def _signatures(sheet: Sheet, doc: Doc, x0: float, x1: float, top: float) -> float:
    s = sheet.size
    half = (x1 - x0) / 2
    seller = doc.seller
    ul = seller.kind == "ul"
    rows = (("Руководитель организации или иное уполномоченное лицо",
             seller.head.short if ul else "", "руководитель"),
            ("Главный бухгалтер или иное уполномоченное лицо",
             seller.accountant.short if ul else "", "главный бухгалтер"))
    for i, (label, who, role) in enumerate(rows):
        x = x0 + i * half
        sheet.para(x, top - s * 1.1, half * 0.38, label, s)
        parts.signature_triple(sheet, x + half * 0.4, top + 6, (half * 0.2, half * 0.3),
                               ("", who), CAPS, role if ul else "", s)
    y = top + s * 4.5
    sheet.para(x0, y - s * 1.1, half * 0.38, "Индивидуальный предприниматель или иное "
               "уполномоченное лицо", s)
    parts.signature_triple(sheet, x0 + half * 0.4, y + 6, (half * 0.2, half * 0.3),
                           ("", "" if ul else seller.head.short), CAPS,
                           "" if ul else "индивидуальный предприниматель", s)
    parts.signature_triple(sheet, x0 + half, y + 6, (half * 0.9,),
                           (f"ОГРНИП {seller.ogrn}" if not ul else "",),
                           ("(реквизиты свидетельства о государственной регистрации "
                            "индивидуального предпринимателя)",), "", s)
    if rng_stamp(doc):
        sheet.stamp_slot(x0 + half * 0.55, top + 10)
    return s * 8


def rng_stamp(doc: Doc) -> bool:
    # Since 2016 the счёт-фактура needs no seal, yet many companies still put one.
    return random.Random(doc.number).random() < 0.6


def render(doc: Doc, style: Style, overlays: list[Overlay] | None = None) -> Rendered:
    sheet = Sheet(landscape(A4), style.fonts, style.size, overlays, style.line_w)
    x0, x1 = style.margin_l, sheet.w - style.margin_r
    top = style.margin_t * 0.8
    y = sf_header(sheet, doc, x0, x1, top, False)
    y = sf_table(sheet, doc, style, x0, x1, y, sheet.size * 9, False)
    y += sheet.size * 3
    _signatures(sheet, doc, x0, x1, y)
    sheet.text(x0, sheet.h - style.margin_b * 0.8, "Примечание. Первый экземпляр (оригинал) - "
               "покупателю, второй экземпляр (копия) - продавцу.", max(sheet.size - 2, 5.0))
    return sheet.finish()
