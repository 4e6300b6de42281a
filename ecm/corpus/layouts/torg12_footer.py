"""The lower half of ТОРГ-12: counts in words, the sum in words, release/receipt signatures."""

from __future__ import annotations

from ecm.corpus import amounts
from ecm.corpus.layouts import parts
from ecm.corpus.layouts.sheet import Sheet
from ecm.corpus.model import Doc
from ecm.corpus.style import Style

CAPS3 = ("(должность)", "(подпись)", "(расшифровка подписи)")
CAPS2 = ("(подпись)", "(расшифровка подписи)")


def _words_line(sheet: Sheet, x: float, top: float, x_end: float, label: str, value: str,
                caption: str) -> None:
    s = sheet.size
    parts.field_line(sheet, x, top, x_end, label, value, "", s)
    vx = x + sheet.width(label, s) + 3
    if caption:
        sheet.text((vx + x_end) / 2, top + s * 0.95, caption, max(s - 2.5, 4.5), align="c")


def _left(sheet: Sheet, doc: Doc, x: float, w: float, top: float) -> None:
    s = sheet.size
    p = doc.seller
    ul = p.kind == "ul"
    rows = (("Отпуск груза разрешил", (w * 0.26, w * 0.2, w * 0.26),
             (p.head_title if ul else "ИП", "", p.head.short), CAPS3, "отпуск разрешил"),
            ("Главный (старший) бухгалтер", (w * 0.2, w * 0.26),
             ("", p.accountant.short if ul else ""), CAPS2, "главный бухгалтер"),
            ("Отпуск груза произвел", (w * 0.26, w * 0.2, w * 0.26),
             ("Кладовщик", "", doc.extra.get("storekeeper", "")), CAPS3, "отпуск произвел"))
    y = top
    for label, widths, values, caps, role in rows:
        sheet.text(x, y, label, s)
        start = x + w - sum(widths) - 5 * (len(widths) - 1)
        parts.signature_triple(sheet, start, y, widths, values, caps, role, s)
        y += s * 2.7
    sheet.text(x + 20, y + s * 0.6, "М.П.", s)
    sheet.stamp_slot(x + 40, y - s)
    sheet.text(x + w * 0.45, y + s * 0.6, f"{doc.date_text('words0').replace(' г.', ' года')}",
               s)


def _right(sheet: Sheet, doc: Doc, x: float, w: float, top: float) -> None:
    s = sheet.size
    y = top - s * 5.4
    _words_line(sheet, x, y, x + w, "По доверенности №", doc.extra.get("proxy", ""), "")
    y += s * 1.5
    _words_line(sheet, x, y, x + w, "выданной", "", "(кем, кому (организация, должность, "
                "фамилия, и. о.))")
    y = top
    for label, role in (("Груз принял", "груз принял"),
                        ("Груз получил грузополучатель", "груз получил")):
        sheet.text(x, y, label, s)
        widths = (w * 0.22, w * 0.18, w * 0.24)
        parts.signature_triple(sheet, x + w - sum(widths) - 10, y, widths, ("", "", ""),
                               CAPS3, role, s)
        y += s * 2.7
    sheet.text(x + 20, y + s * 0.6, "М.П.", s)
    sheet.stamp_slot(x + 40, y - s)
    sheet.text(x + w * 0.45, y + s * 0.6, "«___» _____________ 20___ года", s)


def footer(sheet: Sheet, doc: Doc, style: Style, x0: float, x1: float, top: float) -> None:
    s = sheet.size
    n = len(doc.items)
    half = (x1 - x0) / 2
    y = top + s
    sheet.text(x0, y, "Товарная накладная имеет приложение на", s)
    sheet.hline(x0 + 150, x0 + 240, y + 1.5, 0.4)
    sheet.text(x0 + 245, y, "листах", s)
    _words_line(sheet, x0 + 300, y, x1, "и содержит",
                f"{amounts.count_words(n)}", "(прописью)")
    sheet.text(x1 - 4, y, "порядковых номеров записей", s, align="r")
    y += s * 2.4
    _words_line(sheet, x0, y, x0 + half - 10, "Всего мест", "", "(прописью)")
    _words_line(sheet, x0 + half, y, x1, "Масса груза (нетто)", "", "(прописью)")
    y += s * 2.4
    _words_line(sheet, x0, y, x0 + half - 10, "Приложение (паспорта, сертификаты и т.п.) на",
                "", "")
    y += s * 1.8
    sheet.text(x0, y, "Всего отпущено на сумму", s)
    h = sheet.para(x0 + 110, y, half - 125, amounts.rub_words(doc.total), s, bold=True)
    sheet.hline(x0 + 108, x0 + half - 10, y + h - s + 1.5, 0.4)
    y += h + s * 1.4
    sheet.vline(x0 + half, y - s * 8, y + s * 9)
    _left(sheet, doc, x0, half - 12, y)
    _right(sheet, doc, x0 + half + 10, half - 10, y)
