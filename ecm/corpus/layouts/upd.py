"""Универсальный передаточный документ (письмо ФНС ММВ-20-3/96@), statuses 1 and 2."""

from __future__ import annotations

import random

from reportlab.lib.pagesizes import A4, landscape

from ecm.corpus.layouts import parts
from ecm.corpus.layouts.invoice_common import sf_header, sf_table
from ecm.corpus.layouts.sheet import Overlay, Rendered, Sheet
from ecm.corpus.model import Doc
from ecm.corpus.style import Style

LEGEND = ("1 – счет-фактура и передаточный документ (акт)",
          "2 – передаточный документ (акт)")
SIGN_CAPS = ("(подпись)", "(ф.и.о.)")
TRIPLE_CAPS = ("(должность)", "(подпись)", "(ф.и.о.)")


def _status_block(sheet: Sheet, doc: Doc, x: float, top: float, w: float) -> None:
    s = sheet.size
    h = sheet.para(x, top + s, w - 4, "Универсальный передаточный документ", s + 0.5,
                   bold=True)
    y = top + s + h + s * 0.8
    sheet.text(x, y, "Статус:", s)
    bx = x + sheet.width("Статус:", s) + 4
    sheet.rect(bx, y - s - 1, s * 2, s * 1.6, 0.8)
    sheet.text(bx + s, y, str(doc.upd_status), s + 1, bold=True, align="c")
    y += s * 2.2
    for line in LEGEND:
        y += sheet.para(x, y, w - 4, line, max(s - 2, 5.0))


def _sign_row(sheet: Sheet, x: float, top: float, w: float, label: str, who: str,
              role: str) -> None:
    s = max(sheet.size - 1, 6.0)
    sheet.para(x, top - s * 1.2, w * 0.36, label, s)
    parts.signature_triple(sheet, x + w * 0.38, top, (w * 0.22, w * 0.34), ("", who),
                           SIGN_CAPS, role, s)


def _signatures(sheet: Sheet, doc: Doc, x: float, x1: float, top: float) -> float:
    s = doc.seller
    half = (x1 - x) / 2
    if s.kind == "ul":
        _sign_row(sheet, x, top, half - 8, "Руководитель организации или иное уполномоченное "
                  "лицо", s.head.short, "руководитель")
        _sign_row(sheet, x + half, top, half, "Главный бухгалтер или иное уполномоченное лицо",
                  s.accountant.short, "главный бухгалтер")
        _sign_row(sheet, x, top + 24, half - 8, "Индивидуальный предприниматель или иное "
                  "уполномоченное лицо", "", "")
    else:
        _sign_row(sheet, x, top, half - 8, "Руководитель организации или иное уполномоченное "
                  "лицо", "", "")
        _sign_row(sheet, x + half, top, half, "Главный бухгалтер или иное уполномоченное лицо",
                  "", "")
        _sign_row(sheet, x, top + 24, half - 8, "Индивидуальный предприниматель или иное "
                  "уполномоченное лицо", s.head.short, "индивидуальный предприниматель")
    sheet.text(x + half + 4, top + 24, f"ОГРНИП {s.ogrn}" if s.kind == "ip" else "", sheet.size)
    sheet.hline(x + half, x1, top + 25.5, 0.4)
    sheet.text((x + half + x1) / 2, top + 24 + sheet.size, "(реквизиты свидетельства о "
               "государственной регистрации индивидуального предпринимателя)",
               max(sheet.size - 2.5, 4.5), align="c")
    return 24 + sheet.size * 2.5


def _side(sheet: Sheet, doc: Doc, x: float, w: float, top: float, seller_side: bool,
          tags: tuple[str, ...]) -> None:
    s = max(sheet.size - 1, 6.0)
    small = max(s - 2, 4.5)
    p = doc.seller if seller_side else doc.buyer
    title = ("Товар (груз) передал / услуги, результаты работ, права сдал" if seller_side
             else "Товар (груз) получил / услуги, результаты работ, права принял")
    sheet.text(x, top, title, s)
    y = top + s * 2.2
    widths = (w * 0.3, w * 0.22, w * 0.34)
    parts.signature_triple(sheet, x, y, widths, (p.head_title if p.kind == "ul" else "ИП",
                                                 "", p.head.short), TRIPLE_CAPS,
                           "товар передал" if seller_side else "товар получил", s)
    sheet.text(x + w, y, tags[0], s, align="r")
    y += s * 2.6
    date = doc.date_text("words0") if seller_side else "«___» ____________ 20___ г."
    sheet.text(x, y, ("Дата отгрузки, передачи (сдачи)" if seller_side
                      else "Дата получения (приемки)") + f"   {date}", s)
    sheet.text(x + w, y, tags[1], s, align="r")
    y += s * 1.8
    sheet.text(x, y, "Иные сведения об отгрузке, передаче" if seller_side
               else "Иные сведения о получении, приемке", s)
    sheet.hline(x, x + w - 14, y + s * 1.3, 0.4)
    sheet.text(x + w, y + s * 1.2, tags[2], s, align="r")
    sheet.text(x + w / 2, y + s * 2.1, "(ссылки на неотъемлемые приложения, сопутствующие "
               "документы, иные документы и т.п.)", small, align="c")
    y += s * 3.6
    sheet.text(x, y, "Ответственный за правильность оформления факта хозяйственной жизни", s)
    y += s * 2.0
    parts.signature_triple(sheet, x, y, widths, (p.head_title if p.kind == "ul" else "ИП", "",
                                                 p.head.short), TRIPLE_CAPS,
                           "ответственный", s)
    sheet.text(x + w, y, tags[3], s, align="r")
    y += s * 2.6
    sheet.text(x, y, "Наименование экономического субъекта – составителя документа "
               "(в т.ч. комиссионера / агента)", s)
    y += s * 1.5
    sheet.text(x, y, f"{p.name}, ИНН/КПП {p.inn_kpp}", s)
    sheet.hline(x, x + w - 14, y + 1.5, 0.4)
    sheet.text(x + w, y, tags[4], s, align="r")
    sheet.text(x + w / 2, y + s, "(может не заполняться при проставлении печати в М.П., может "
               "быть указан ИНН / КПП)", small, align="c")
    y += s * 2.6
    sheet.text(x + 10, y, "М.П.", s)
    sheet.stamp_slot(x + 30, y - 6)


def _lower_block(sheet: Sheet, doc: Doc, x0: float, x1: float, top: float) -> None:
    s = max(sheet.size - 1, 6.0)
    y = top
    parts.field_line(sheet, x0, y, x1, "Основание передачи (сдачи) / получения (приемки)",
                     doc.contract, "[8]", s)
    sheet.text((x0 + x1) / 2, y + s, "(договор; доверенность и др.)", max(s - 2, 4.5),
               align="c")
    y += s * 2.4
    parts.field_line(sheet, x0, y, x1, "Данные о транспортировке и грузе",
                     doc.extra.get("transport", ""), "[9]", s)
    sheet.text((x0 + x1) / 2, y + s, "(транспортная накладная, поручение экспедитору, "
               "экспедиторская / складская расписка и др. / масса нетто/ брутто груза, если "
               "не приведены ссылки на транспортные документы, содержащие эти сведения)",
               max(s - 2, 4.5), align="c")
    y += s * 2.6
    half = (x1 - x0) / 2
    sheet.vline(x0 + half, y - s, y + s * 19)
    _side(sheet, doc, x0, half - 8, y, True, ("[10]", "[11]", "[12]", "[13]", "[14]"))
    _side(sheet, doc, x0 + half + 8, half - 8, y, False, ("[15]", "[16]", "[17]", "[18]",
                                                          "[19]"))


def lower_height(size: float) -> float:
    s = max(size - 1, 6.0)
    return 24 + size * 2.5 + s * 26 + 14


def render(doc: Doc, style: Style, overlays: list[Overlay] | None = None) -> Rendered:
    sheet = Sheet(landscape(A4), style.fonts, style.size, overlays, style.line_w)
    rng = random.Random(style.seed)
    x0, x1 = style.margin_l * 0.7, sheet.w - style.margin_r
    left_w = rng.uniform(70, 90)
    top = style.margin_t * 0.7
    _status_block(sheet, doc, x0, top, left_w)
    y = sf_header(sheet, doc, x0 + left_w + 6, x1, top, True)
    sheet.vline(x0 + left_w, top, y - sheet.size, 1.2)
    y = sf_table(sheet, doc, style, x0, x1, y, lower_height(style.size), True)
    y += sheet.size * 1.2
    pages = "1 листе" if sheet.page == 1 else f"{sheet.page} листах"
    sheet.text(x0, y + sheet.size, "Документ", max(sheet.size - 1, 6))
    sheet.text(x0, y + sheet.size * 2.1, f"составлен на {pages}", max(sheet.size - 1, 6))
    y += _signatures(sheet, doc, x0 + left_w, x1, y + sheet.size * 2) + sheet.size
    sheet.hline(x0, x1, y, 1.2)
    _lower_block(sheet, doc, x0, x1, y + sheet.size * 1.6)
    return sheet.finish()
