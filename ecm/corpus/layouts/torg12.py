"""Товарная накладная ТОРГ-12 (постановление Госкомстата от 25.12.98 № 132), landscape."""

from __future__ import annotations

import random
from decimal import Decimal

from reportlab.lib.pagesizes import A4, landscape

from ecm.corpus import amounts
from ecm.corpus.layouts import parts
from ecm.corpus.layouts.sheet import Overlay, Rendered, Sheet
from ecm.corpus.layouts.tables import Flow, HeaderCell, cumulative, draw_row, flow_rows, grid_header
from ecm.corpus.model import Doc
from ecm.corpus.requisites import Party
from ecm.corpus.style import Style

_WIDTHS = [22, 170, 34, 34, 28, 30, 28, 30, 34, 42, 46, 54, 30, 46, 56]
_ALIGNS = ["c", "l", "c", "c", "c", "c", "r", "r", "r", "r", "r", "r", "c", "r", "r"]
_CELLS: list[HeaderCell] = [
    (0, 0, 0, 1, "Номер по порядку"), (1, 2, 0, 0, "Товар"),
    (1, 1, 1, 1, "наименование, характеристика, сорт, артикул товара"), (2, 2, 1, 1, "код"),
    (3, 4, 0, 0, "Единица измерения"), (3, 3, 1, 1, "наименование"),
    (4, 4, 1, 1, "код по ОКЕИ"), (5, 5, 0, 1, "Вид упаковки"), (6, 7, 0, 0, "Количество"),
    (6, 6, 1, 1, "в одном месте"), (7, 7, 1, 1, "мест, штук"), (8, 8, 0, 1, "Масса брутто"),
    (9, 9, 0, 1, "Количество (масса нетто)"), (10, 10, 0, 1, "Цена, руб. коп."),
    (11, 11, 0, 1, "Сумма без учета НДС, руб. коп."), (12, 13, 0, 0, "НДС"),
    (12, 12, 1, 1, "ставка, %"), (13, 13, 1, 1, "сумма, руб. коп."),
    (14, 14, 0, 1, "Сумма с учетом НДС, руб. коп."),
] + [(i, i, 2, 2, str(i + 1)) for i in range(15)]
_CODES = ("Форма по ОКУД", "по ОКПО", "", "Вид деятельности по ОКДП", "по ОКПО", "по ОКПО",
          "по ОКПО", "номер", "дата", "номер", "дата", "Вид операции")


def _requisites(p: Party) -> str:
    kpp = f", КПП {p.kpp}" if p.kpp else ""
    return (f"{p.name}, ИНН {p.inn}{kpp}, {p.address}, тел.: {p.phone}, р/с {p.account}, "
            f"в банке {p.bank.name}, БИК {p.bank.bik}, к/с {p.bank.corr}")


def _codes_box(sheet: Sheet, x: float, top: float, okpo: list[str], doc: Doc) -> float:
    s = max(sheet.size - 1, 6.0)
    w, rh = 62.0, s * 1.55
    sheet.rect(x, top, w, rh)
    sheet.text(x + w / 2, top + rh - 2.5, "Коды", s, align="c")
    values = ["0330212", okpo[0], "", "", okpo[1], okpo[2], okpo[3], doc.extra["contract_no"],
              doc.extra["contract_date"], "", "", ""]
    y = top + rh
    for label, value in zip(_CODES, values, strict=True):
        sheet.rect(x, y, w, rh, sheet.line_w * (1.8 if label == "Форма по ОКУД" else 1))
        sheet.text(x - 3, y + rh - 2.5, label, s, align="r")
        sheet.text(x + w / 2, y + rh - 2.5, value, s, align="c")
        y += rh
    return y


def _parties(sheet: Sheet, doc: Doc, x0: float, x1: float, top: float) -> float:
    s = sheet.size
    cap = max(s - 2.5, 4.5)
    rows = (("Грузоотправитель", _requisites(doc.seller),
             "(организация, адрес, телефон, факс, банковские реквизиты)"),
            ("", "", "(структурное подразделение)"),
            ("Грузополучатель", _requisites(doc.buyer), ""),
            ("Поставщик", _requisites(doc.seller), ""),
            ("Плательщик", _requisites(doc.buyer), ""),
            ("Основание", doc.contract, "(договор, заказ-наряд)"))
    y = top
    for label, value, caption in rows:
        sheet.text(x0, y, label, s)
        vx = x0 + sheet.width("Грузоотправитель", s) + 6
        sheet.hline(vx, x1, y + 1.5, 0.4)
        h = sheet.para(vx + 2, y, x1 - vx - 4, value, s - 0.5, leading=(s - 0.5) * 1.1)
        y += max(h, s * 1.1)
        if caption:
            sheet.text((vx + x1) / 2, y - s * 0.25, caption, cap, align="c")
        y += s * 0.3
    return y


def _title(sheet: Sheet, doc: Doc, x: float, top: float) -> float:
    s = sheet.size
    sheet.text(x, top + s * 2.2, "ТОВАРНАЯ НАКЛАДНАЯ", s + 3, bold=True)
    bx = x + sheet.width("ТОВАРНАЯ НАКЛАДНАЯ", s + 3, True) + 14
    xs = [bx, bx + 70, bx + 140]
    grid_header(sheet, xs, top, (s * 2.3,), [(0, 0, 0, 0, "Номер документа"),
                                             (1, 1, 0, 0, "Дата составления")], s - 1)
    sheet.rect(bx, top + s * 2.3, 70, s * 1.6, sheet.line_w * 2)
    sheet.rect(bx + 70, top + s * 2.3, 70, s * 1.6, sheet.line_w * 2)
    sheet.text(bx + 35, top + s * 3.5, doc.number, s, bold=True, align="c")
    sheet.text(bx + 105, top + s * 3.5, doc.date.strftime("%d.%m.%Y"), s, bold=True,
               align="c")
    return top + s * 4.6


def _sums(doc: Doc, idx: list[int]) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    items = [doc.items[i] for i in idx]
    return (sum((i.qty for i in items), Decimal(0)), sum((i.net for i in items), Decimal(0)),
            sum((i.vat for i in items), Decimal(0)), sum((i.gross for i in items), Decimal(0)))


def _total_row(sheet: Sheet, doc: Doc, xs: list[float], top: float, label: str,
               idx: list[int], sep: str) -> float:
    qty, net, vat, gross = _sums(doc, idx)
    vat_text = "без НДС" if doc.vat_rate_label == amounts.NO_VAT else parts.money(sep, vat)
    values = [label, "", amounts.fmt_qty(qty, 3), "X", parts.money(sep, net), "X", vat_text,
              parts.money(sep, gross)]
    merged = [xs[0], *xs[8:]]
    ruled = [False, True, True, True, True, True, True, True]
    return draw_row(sheet, merged, top, values, ["r", *_ALIGNS[8:]], max(sheet.size - 1, 6),
                    bold=label != "Итого", ruled=ruled)


def _rows(doc: Doc, sep: str) -> list[list[str]]:
    rows = []
    for n, it in enumerate(doc.items, 1):
        rate = "без НДС" if it.rate == amounts.NO_VAT else it.rate
        vat = "--" if it.rate == amounts.NO_VAT else parts.money(sep, it.vat)
        rows.append([str(n), it.name, it.code, it.unit, it.okei, "", "", "", "",
                     amounts.fmt_qty(it.qty, 3), parts.money(sep, it.price),
                     parts.money(sep, it.net), rate, vat, parts.money(sep, it.gross)])
    return rows


def _table(sheet: Sheet, doc: Doc, style: Style, x0: float, x1: float, top: float) -> float:
    xs = cumulative(x0, style.widths(_WIDTHS, x1 - x0))
    size = max(sheet.size - 1, 6.0)
    sep = style.money_sep

    def head(sh: Sheet, t: float) -> float:
        return grid_header(sh, xs, t, (size * 2.2, size * 4.2, size * 1.4), _CELLS, size - 0.5)

    def page_break(sh: Sheet, t: float, idx: list[int]) -> float:
        return _total_row(sh, doc, xs, t, "Итого", idx, sep)

    def cont(sh: Sheet) -> float:
        sh.text(x1, style.margin_t, f"Страница {sh.page}", size, align="r")
        return style.margin_t + 8

    flow = Flow(xs, _ALIGNS, size, head, sheet.h - style.margin_b - size * 3, page_break,
                cont)
    y, pages = flow_rows(sheet, flow, _rows(doc, sep), top, _footer_h(sheet.size))
    y += _total_row(sheet, doc, xs, y, "Итого", pages[-1], sep)
    y += _total_row(sheet, doc, xs, y, "Всего по накладной", list(range(len(doc.items))), sep)
    return y


def _footer_h(size: float) -> float:
    return size * 29


def render(doc: Doc, style: Style, overlays: list[Overlay] | None = None) -> Rendered:
    from ecm.corpus.layouts.torg12_footer import footer

    sheet = Sheet(landscape(A4), style.fonts, style.size, overlays, style.line_w)
    rng = random.Random(style.seed)
    x0, x1 = style.margin_l, sheet.w - style.margin_r
    top = style.margin_t * 0.8
    s = max(sheet.size - 2, 5.0)
    sheet.text(x1, top, "Унифицированная форма № ТОРГ-12", s, align="r")
    sheet.text(x1, top + s * 1.15, "Утверждена постановлением Госкомстата России от 25.12.98 "
               "№ 132", s, align="r")
    okpo = [f"{rng.randint(10000000, 99999999)}" if rng.random() < 0.6 else ""
            for _ in range(4)]
    box_x = x1 - 62
    box_bottom = _codes_box(sheet, box_x, top + s * 2.2, okpo, doc)
    y = _parties(sheet, doc, x0, box_x - 90, top + s * 2.2 + sheet.size * 2.2)
    sheet.text(box_x - 40, box_bottom - 14, "Транспортная накладная", max(sheet.size - 1, 6),
               align="r")
    y = _title(sheet, doc, x0 + (x1 - x0) * 0.22, max(y, box_bottom) + 2)
    y = _table(sheet, doc, style, x0, x1, y + 4)
    footer(sheet, doc, style, x0, x1, y + sheet.size)
    return sheet.finish()
