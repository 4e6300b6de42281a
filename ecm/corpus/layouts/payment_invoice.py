"""Счёт на оплату in the 1С layout: bank box, optional ГОСТ Р 56042 QR, items, totals."""

from __future__ import annotations

import random

from reportlab.lib.pagesizes import A4

from ecm.corpus import codes
from ecm.corpus.layouts import onec, parts
from ecm.corpus.layouts.sheet import MM, Overlay, Rendered, Sheet
from ecm.corpus.model import Doc
from ecm.corpus.style import Style

WARNING = ("Внимание! Оплата данного счета означает согласие с условиями поставки товара. "
           "Уведомление об оплате обязательно, в противном случае не гарантируется наличие "
           "товара на складе. Товар отпускается по факту прихода денег на р/с Поставщика, "
           "самовывозом, при наличии доверенности и паспорта.")
TERMS = ("Оплата данного счета означает согласие с условиями поставки товара.",
         "Счет действителен к оплате в течение 5 банковских дней.",
         "В назначении платежа обязательно указывайте номер счета.")


def _bank_box(sheet: Sheet, doc: Doc, x0: float, x1: float, top: float) -> float:
    s = sheet.size
    p = doc.seller
    w = x1 - x0
    c1, c2 = x0 + w * 0.56, x0 + w * 0.65
    rh = s * 1.5
    rows = [top, top + rh, top + 2 * rh, top + 3 * rh, top + 5 * rh]
    sheet.rect(x0, top, w, rows[-1] - top)
    sheet.vline(c1, top, rows[-1])
    sheet.vline(c2, top, rows[-1])
    sheet.hline(x0, x1, rows[2])
    sheet.hline(c1, x1, rows[1])
    sheet.hline(x0, c1, rows[3])
    sheet.vline(x0 + w * 0.28, rows[2], rows[3])
    bank_size = s
    while sheet.width(p.bank.printed, bank_size) > c1 - x0 - 4 and bank_size > 5:
        bank_size -= 0.25
    sheet.text(x0 + 2, rows[0] + s, p.bank.printed, bank_size)
    sheet.text(x0 + 2, rows[2] - 2, "Банк получателя", s - 1.5)
    for label, value, t in (("БИК", p.bank.bik, rows[0]), ("Сч. №", p.bank.corr, rows[1]),
                            ("Сч. №", p.account, rows[2])):
        sheet.text(c1 + 2, t + s, label, s)
        sheet.text(c2 + 3, t + s, value, s)
    sheet.text(x0 + 2, rows[2] + s, f"ИНН {p.inn}", s)
    sheet.text(x0 + w * 0.28 + 2, rows[2] + s, f"КПП {p.kpp}" if p.kpp else "КПП", s)
    sheet.text(x0 + 2, rows[3] + s, p.name, s)
    sheet.text(x0 + 2, rows[4] - 2, "Получатель", s - 1.5)
    return rows[-1] - top


def _signs(sheet: Sheet, doc: Doc, x0: float, x1: float, top: float) -> None:
    s = sheet.size
    p = doc.seller
    half = (x1 - x0) / 2
    ul = p.kind == "ul"
    roles = (("Руководитель", p.head.short, "руководитель"),
             ("Бухгалтер", p.accountant.short, "бухгалтер")) if ul else \
        (("Предприниматель", p.head.short, "индивидуальный предприниматель"),)
    for i, (label, who, role) in enumerate(roles):
        x = x0 + i * half
        sheet.text(x, top, label, s, bold=True)
        lx = x + sheet.width(label, s, True) + 6
        parts.signature_triple(sheet, lx, top, (half * 0.32, half * 0.36), ("", who),
                               ("", ""), role, s)
    sheet.stamp_slot(x0 + half * 0.45, top + 10)


def _qr(sheet: Sheet, doc: Doc, rng: random.Random, x: float, top: float, size: float) -> None:
    data = codes.payment_payload(doc, rng)
    sheet.code(codes.qr_image(data), "QRCODE", data, x, top, size, size)


def render(doc: Doc, style: Style, overlays: list[Overlay] | None = None) -> Rendered:
    sheet = Sheet(A4, style.fonts, style.size + 0.5, overlays, style.line_w)
    rng = random.Random(style.seed)
    x0, x1 = style.margin_l, sheet.w - style.margin_r
    y = style.margin_t
    has_qr = rng.random() < 0.65
    qr_size = rng.uniform(28, 36) * MM
    box_x1 = x1 - qr_size - 8 if has_qr else x1
    if rng.random() < 0.5:
        y += sheet.para(x0 + 20, y, box_x1 - x0 - 40, WARNING, sheet.size - 1.5,
                        align="c") + 6
    if rng.random() < 0.5:
        sheet.text((x0 + box_x1) / 2, y, "Образец заполнения платежного поручения",
                   sheet.size, bold=True, align="c")
        y += sheet.size * 0.8
    box_h = _bank_box(sheet, doc, x0, box_x1, y)
    if has_qr:
        _qr(sheet, doc, rng, x1 - qr_size, y + box_h / 2 - qr_size / 2, qr_size)
    y += max(box_h, qr_size / 2 + box_h / 2) + sheet.size * 3
    y = onec.title(sheet, f"Счет на оплату № {doc.number} от {doc.date_text()}", x0, x1, y)
    lw = rng.uniform(70, 95)
    y += onec.party_line(sheet, "Поставщик (Исполнитель):", onec.requisites(doc.seller, False),
                         x0, x1, y, lw)
    y += onec.party_line(sheet, "Покупатель (Заказчик):", onec.requisites(doc.buyer, False),
                         x0, x1, y, lw)
    if rng.random() < 0.7:
        y += onec.party_line(sheet, "Основание:", doc.contract, x0, x1, y, lw)
    y += 4
    y = onec.items_table(sheet, doc, style, x0, x1, y, sheet.size * 22,
                         rng.choice(("Товары (работы, услуги)", "Наименование товара")))
    y += sheet.size * 1.5
    y += parts.totals_block(sheet, doc, x1, y, style.money_sep, sheet.size) + sheet.size
    y += onec.sum_words(sheet, doc, style, x0, x1, y, "Всего наименований") + sheet.size
    for term in rng.sample(TERMS, rng.randint(1, 3)):
        y += sheet.para(x0, y, x1 - x0, term, sheet.size - 1)
    y += sheet.size * 0.3
    sheet.hline(x0, x1, y, 2.0)
    _signs(sheet, doc, x0, x1, y + sheet.size * 3.5)
    return sheet.finish()
