"""The 1С:Бухгалтерия print look shared by the акт and the счёт на оплату (portrait)."""

from __future__ import annotations

from ecm.corpus import amounts
from ecm.corpus.layouts import parts
from ecm.corpus.layouts.sheet import Sheet
from ecm.corpus.layouts.tables import Flow, HeaderCell, cumulative, flow_rows, grid_header
from ecm.corpus.model import Doc
from ecm.corpus.requisites import Party
from ecm.corpus.style import Style

_WIDTHS = [18, 250, 40, 30, 60, 66]


def requisites(p: Party, with_bank: bool) -> str:
    kpp = f", КПП {p.kpp}" if p.kpp else ""
    text = f"{p.name}, ИНН {p.inn}{kpp}, {p.address}"
    if p.phone:
        text += f", тел.: {p.phone}"
    if with_bank:
        text += (f", р/с {p.account}, в банке {p.bank.name}, БИК {p.bank.bik}, к/с "
                 f"{p.bank.corr}")
    return text


def title(sheet: Sheet, text: str, x0: float, x1: float, top: float) -> float:
    size = sheet.size + 5.5
    h = sheet.para(x0, top, x1 - x0, text, size, bold=True)
    y = top + h - size * 0.6
    sheet.hline(x0, x1, y, 2.0)
    return y + sheet.size * 1.6


def party_line(sheet: Sheet, label: str, value: str, x0: float, x1: float, top: float,
               label_w: float) -> float:
    sheet.para(x0, top, label_w - 4, label, sheet.size)
    h = sheet.para(x0 + label_w, top, x1 - x0 - label_w, value, sheet.size + 0.5, bold=True)
    return h + sheet.size * 0.6


def items_table(sheet: Sheet, doc: Doc, style: Style, x0: float, x1: float, top: float,
                footer: float, goods_label: str) -> float:
    xs = cumulative(x0, style.widths(_WIDTHS, x1 - x0))
    size = sheet.size
    cells: list[HeaderCell] = [(0, 0, 0, 0, "№"), (1, 1, 0, 0, goods_label),
                               (2, 2, 0, 0, "Кол-во"), (3, 3, 0, 0, "Ед."),
                               (4, 4, 0, 0, "Цена"), (5, 5, 0, 0, "Сумма")]

    def head(sh: Sheet, t: float) -> float:
        h = grid_header(sh, xs, t, (size * 1.8,), cells, size, bold=True)
        sh.rect(xs[0], t, xs[-1] - xs[0], h, 1.2)
        return h

    def cont(sh: Sheet) -> float:
        sh.text(x1, style.margin_t, f"Страница {sh.page}", size - 1, align="r")
        return style.margin_t + 8

    sep = style.money_sep
    rows = [[str(n), it.name, parts.qty_text(it), it.unit, parts.money(sep, it.price),
             parts.money(sep, it.gross if doc.vat_included else it.net)]
            for n, it in enumerate(doc.items, 1)]
    flow = Flow(xs, ["c", "l", "r", "l", "r", "r"], size, head, sheet.h - style.margin_b,
                continuation=cont)
    y, _pages = flow_rows(sheet, flow, rows, top, footer)
    sheet.hline(xs[0], xs[-1], y, 1.2)
    return y


def sum_words(sheet: Sheet, doc: Doc, style: Style, x0: float, x1: float, top: float,
              lead: str) -> float:
    n = len(doc.items)
    text = f"{lead} {n}, на сумму {amounts.fmt_money(doc.total, style.money_sep)} руб."
    h = sheet.para(x0, top, x1 - x0, text, sheet.size)
    h += sheet.para(x0, top + h, x1 - x0, amounts.rub_words(doc.total), sheet.size + 0.5,
                    bold=True)
    return h
