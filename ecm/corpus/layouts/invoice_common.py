"""The счёт-фактура part shared by the УПД and the stand-alone счёт-фактура (ПП № 1137)."""

from __future__ import annotations

import datetime as dt
import random

from ecm.corpus import amounts
from ecm.corpus.layouts import parts
from ecm.corpus.layouts.sheet import Sheet
from ecm.corpus.layouts.tables import Flow, HeaderCell, cumulative, draw_row, flow_rows, grid_header
from ecm.corpus.model import Doc
from ecm.corpus.style import Style

APPENDIX = ("Приложение № 1", "к постановлению Правительства Российской Федерации",
            "от 26 декабря 2011 г. № 1137")
AMENDED = "(в ред. постановления Правительства РФ от 16.08.2024 № 1096)"
FORM_2024 = dt.date(2024, 10, 1)

# (header text, column number, nominal width, alignment)
_COLS_UPD = [
    ("№ п/п", "", 14, "c"),
    ("Код товара/ работ, услуг", "А", 30, "c"),
    ("Наименование товара (описание выполненных работ, оказанных услуг), "
     "имущественного права", "1", 150, "l"),
    ("Код вида товара", "1а", 24, "c"),
    ("код", "2", 22, "c"),
    ("условное обозначение (национальное)", "2а", 32, "c"),
    ("Количество (объем)", "3", 36, "r"),
    ("Цена (тариф) за единицу измерения", "4", 46, "r"),
    ("Стоимость товаров (работ, услуг), имущественных прав без налога - всего", "5", 56,
     "r"),
    ("В том числе сумма акциза", "6", 30, "c"),
    ("Налоговая ставка", "7", 30, "c"),
    ("Сумма налога, предъявляемая покупателю", "8", 46, "r"),
    ("Стоимость товаров (работ, услуг), имущественных прав с налогом - всего", "9", 56, "r"),
    ("цифровой код", "10", 24, "c"),
    ("краткое наименование", "10а", 34, "c"),
    ("Регистрационный номер таможенной декларации", "11", 52, "c"),
]
_TRACE = [
    ("код", "12", 20, "c"),
    ("условное обозначение", "12а", 26, "c"),
    ("Количество товара, подлежащего прослеживаемости", "13", 34, "r"),
]


def columns(doc: Doc, is_upd: bool) -> list[tuple[str, str, int, str]]:
    cols = list(_COLS_UPD)
    if not is_upd:
        # The stand-alone form numbers № п/п as 1 and the name as 1а (2021+ editions).
        renumber = {"": "1", "А": "", "1": "1а", "1а": "1б"}
        cols = [(t, renumber.get(n, n), w, a) for t, n, w, a in cols if n != "А"]
        cols += _TRACE
    return cols


def header_cells(cols: list[tuple[str, str, int, str]]) -> list[HeaderCell]:
    cells: list[HeaderCell] = []
    for i, (text, _num, _w, _a) in enumerate(cols):
        if text == "код" and cols[i + 1][0].startswith("условное"):
            label = ("Единица измерения" if cols[i + 1][1] == "2а" else
                     "Единица измерения товара, используемая для прослеживаемости")
            cells.append((i, i + 1, 0, 0, label))
            cells.append((i, i, 1, 1, text))
        elif text.startswith("условное"):
            cells.append((i, i, 1, 1, text))
        elif text == "цифровой код":
            cells.append((i, i + 1, 0, 0, "Страна происхождения товара"))
            cells.append((i, i, 1, 1, text))
        elif text == "краткое наименование":
            cells.append((i, i, 1, 1, text))
        else:
            cells.append((i, i, 0, 1, text))
        cells.append((i, i, 2, 2, cols[i][1]))
    return cells


def row_values(doc: Doc, style: Style, is_upd: bool, rng: random.Random) -> list[list[str]]:
    rows = []
    sep = style.money_sep
    rng_excise = rng.choice(("без акциза", "--", "без акциза"))
    for n, item in enumerate(doc.items, 1):
        rate = parts.rate_text(item.rate)
        vat = "без НДС" if item.rate == amounts.NO_VAT else parts.money(sep, item.vat)
        imported = rng.random() < 0.15 and item.okei in ("796", "778", "006", "168")
        country = rng.choice([c for c in (("156", "Китай"), ("276", "Германия"))])
        values = [str(n)]
        if is_upd:
            values.append(item.code or "--")
        values += [item.name, "--", item.okei or "--", item.unit, parts.qty_text(item),
                   parts.money(sep, item.price), parts.money(sep, item.net), rng_excise,
                   rate, vat, parts.money(sep, item.gross),
                   country[0] if imported else "--", country[1] if imported else "--",
                   f"10702070/{doc.date.strftime('%d%m%y')}/30{rng.randint(10000, 99999)}/1"
                   if imported else "--"]
        if not is_upd:
            values += ["--", "--", "--"]
        rows.append(values)
    return rows


def sf_header(sheet: Sheet, doc: Doc, x0: float, x1: float, top: float,
              is_upd: bool) -> float:
    """Rows (1)…(8); returns the top below them."""
    s = sheet.size
    small = max(s - 2.5, 5.0)
    for i, line in enumerate((*APPENDIX, AMENDED)):
        sheet.text(x1, top + i * small * 1.1, line, small, align="r")
    y = top + 4 * small * 1.1 + s * 0.8
    title = f"СЧЕТ-ФАКТУРА № {doc.number} от {doc.date_text()}"
    tsize = s + (2 if not is_upd else 1.5)
    sheet.text(x0, y, title, tsize, bold=True)
    sheet.text(x0 + sheet.width(title, tsize, True) + 8, y, "(1)", s)
    y += tsize * 1.3
    sheet.text(x0, y, "ИСПРАВЛЕНИЕ № ---- от ----", tsize - 1, bold=not is_upd)
    sheet.text(x0 + sheet.width("ИСПРАВЛЕНИЕ № ---- от ----", tsize - 1, True) + 8, y, "(1а)",
               s)
    y += s * 1.6
    seller, buyer = doc.seller, doc.buyer
    consignor = "он же" if doc.extra.get("consignor_same") else f"{seller.name}, {seller.address}"
    shipping = doc.extra.get("shipping", "")
    ship_label = ("Документ об отгрузке: наименование, №, дата" if doc.date >= FORM_2024
                  else "Документ об отгрузке")
    rows = [
        ("Продавец:", seller.name, "(2)"), ("Адрес:", seller.address, "(2а)"),
        ("ИНН/КПП продавца:", seller.inn_kpp, "(2б)"),
        ("Грузоотправитель и его адрес:", consignor if doc.items else "--", "(3)"),
        ("Грузополучатель и его адрес:", f"{buyer.name}, {buyer.address}", "(4)"),
        ("К платежно-расчетному документу №", doc.extra.get("payment_doc", "--"), "(5)"),
        (ship_label + ":", shipping, "(5а)"),
        ("Покупатель:", buyer.name, "(6)"), ("Адрес:", buyer.address, "(6а)"),
        ("ИНН/КПП покупателя:", buyer.inn_kpp, "(6б)"),
        ("Валюта: наименование, код", "Российский рубль, 643", "(7)"),
        ("Идентификатор государственного контракта, договора (соглашения) (при наличии):",
         doc.extra.get("gov_id", ""), "(8)"),
    ]
    for label, value, tag in rows:
        parts.field_line(sheet, x0, y, x1, label, value, tag, s)
        y += s * 1.3
    return y + s * 0.4


def sf_table(sheet: Sheet, doc: Doc, style: Style, x0: float, x1: float, top: float,
             footer: float, is_upd: bool) -> float:
    """The goods table with its 'Всего к оплате (9)' row; returns the top below it."""
    rng = random.Random(style.seed + 11)
    cols = columns(doc, is_upd)
    widths = style.widths([c[2] for c in cols], x1 - x0)
    xs = cumulative(x0, widths)
    size = max(sheet.size - 1, 6.0)
    cells = header_cells(cols)
    heights = (size * 3.0, size * 4.0, size * 1.4)

    def head(sh: Sheet, t: float) -> float:
        return grid_header(sh, xs, t, heights, cells, size - 0.5)

    def cont(sh: Sheet) -> float:
        sh.text(x1, style.margin_t + 4, f"Лист {sh.page}", size, align="r")
        return style.margin_t + 10

    flow = Flow(xs, [c[3] for c in cols], size, head, sheet.h - style.margin_b,
                continuation=cont)
    rows = row_values(doc, style, is_upd, rng)
    y, _pages = flow_rows(sheet, flow, rows, top, footer + size * 2)
    return y + totals_row(sheet, doc, style, xs, y, size, is_upd)


def totals_row(sheet: Sheet, doc: Doc, style: Style, xs: list[float], top: float,
               size: float, is_upd: bool) -> float:
    sep = style.money_sep
    k = 1 if is_upd else 0  # the УПД has the extra column А
    label_end = 7 + k
    vat_total = ("без НДС" if doc.vat_rate_label == amounts.NO_VAT
                 else parts.money(sep, doc.total_vat))
    merged = [xs[0], xs[label_end], xs[label_end + 1], xs[label_end + 3], xs[label_end + 4],
              xs[label_end + 5], xs[-1]]
    values = ["Всего к оплате (9)", parts.money(sep, doc.total_net), "Х", vat_total,
              parts.money(sep, doc.total), ""]
    return draw_row(sheet, merged, top, values, ["l", "r", "c", "r", "r", "l"], size,
                    bold=True, ruled=[True, True, True, True, True, False])
