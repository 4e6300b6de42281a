"""Акт выполненных работ / оказанных услуг in the common 1С layout (portrait)."""

from __future__ import annotations

import random

from reportlab.lib.pagesizes import A4

from ecm.corpus.layouts import onec, parts
from ecm.corpus.layouts.sheet import Overlay, Rendered, Sheet
from ecm.corpus.model import Doc
from ecm.corpus.style import Style

TITLES = ("Акт № {n} от {d}", "Акт № {n} от {d}", "Акт об оказании услуг № {n} от {d}",
          "Акт выполненных работ № {n} от {d}", "АКТ № {n} сдачи-приемки оказанных услуг от {d}")
CLAIM = ("Вышеперечисленные услуги выполнены полностью и в срок. Заказчик претензий по объему, "
         "качеству и срокам оказания услуг не имеет.")
CLAIM_WORKS = ("Вышеперечисленные работы (услуги) выполнены полностью и в срок. Заказчик "
               "по объему, качеству и срокам оказания услуг претензий не имеет.")


def _signs(sheet: Sheet, doc: Doc, x0: float, x1: float, top: float) -> None:
    s = sheet.size
    half = (x1 - x0) / 2
    for i, (label, p, role) in enumerate((("ИСПОЛНИТЕЛЬ", doc.seller, "исполнитель"),
                                          ("ЗАКАЗЧИК", doc.buyer, "заказчик"))):
        x = x0 + i * half
        sheet.text(x, top, label, s + 0.5, bold=True)
        sheet.text(x, top + s * 1.6, p.head_title if p.kind == "ul" else "Индивидуальный "
                   "предприниматель", s)
        w = half - 20
        parts.signature_triple(sheet, x, top + s * 4.6, (w * 0.45, w * 0.5), ("", p.head.short),
                               ("", ""), role, s)
        sheet.text(x + 30, top + s * 7.5, "М.П.", s - 1)
        sheet.stamp_slot(x + w * 0.3, top + s * 6.5)


def render(doc: Doc, style: Style, overlays: list[Overlay] | None = None) -> Rendered:
    sheet = Sheet(A4, style.fonts, style.size + 0.5, overlays, style.line_w)
    rng = random.Random(style.seed)
    x0, x1 = style.margin_l, sheet.w - style.margin_r
    y = style.margin_t + 14
    y = onec.title(sheet, rng.choice(TITLES).format(n=doc.number, d=doc.date_text()), x0, x1,
                   y)
    lw = rng.uniform(62, 80)
    bank = rng.random() < 0.6
    y += onec.party_line(sheet, "Исполнитель:", onec.requisites(doc.seller, bank), x0, x1, y,
                         lw)
    y += onec.party_line(sheet, "Заказчик:", onec.requisites(doc.buyer, bank), x0, x1, y, lw)
    y += onec.party_line(sheet, "Основание:", doc.contract, x0, x1, y, lw) + 4
    footer = sheet.size * 24
    label = rng.choice(("Наименование работ, услуг", "Наименование работ, услуг",
                        "Наименование"))
    y = onec.items_table(sheet, doc, style, x0, x1, y, footer, label)
    y += sheet.size * 1.5
    y += parts.totals_block(sheet, doc, x1, y, style.money_sep, sheet.size,
                            final="Всего (с учетом НДС):") + sheet.size
    y += onec.sum_words(sheet, doc, style, x0, x1, y, "Всего оказано услуг")
    y += sheet.size
    y += sheet.para(x0, y, x1 - x0, rng.choice((CLAIM, CLAIM, CLAIM_WORKS)), sheet.size)
    y += sheet.size * 0.3
    sheet.hline(x0, x1, y, 2.0)
    _signs(sheet, doc, x0, x1, y + sheet.size * 2.2)
    return sheet.finish()
