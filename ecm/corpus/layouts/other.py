"""Hard negatives: a letter on a letterhead, a contract page, a доверенность, a справка."""

from __future__ import annotations

import random

from reportlab.lib.pagesizes import A4

from ecm.corpus import amounts
from ecm.corpus.layouts import parts
from ecm.corpus.layouts.sheet import Overlay, Rendered, Sheet
from ecm.corpus.model import Doc, fmt_date
from ecm.corpus.style import Style

KINDS = ("letter", "contract", "proxy", "certificate")

LETTER_TOPICS = (
    ("О предоставлении документов",
     "В связи с проведением сверки взаиморасчетов просим в срок до {due} предоставить "
     "оригиналы первичных документов за {period}, а также акт сверки взаимных расчетов по "
     "{contract}. Документы просим направить по адресу: {addr}."),
    ("О смене банковских реквизитов",
     "Настоящим уведомляем, что с {due} изменились банковские реквизиты нашей организации. "
     "Просим все платежи по {contract} производить на расчетный счет {acc} в {bank}, "
     "БИК {bik}. Платежи, направленные по прежним реквизитам, будут возвращены."),
    ("О переносе сроков поставки",
     "Сообщаем, что в связи с задержкой поступления товара на склад поставка по заявке от "
     "{d} будет осуществлена не позднее {due}. Приносим извинения за доставленные "
     "неудобства и гарантируем выполнение обязательств по {contract} в полном объеме."),
)
CONTRACT_CLAUSES = (
    ("1. ПРЕДМЕТ ДОГОВОРА",
     "1.1. Поставщик обязуется передать в собственность Покупателя товар, а Покупатель "
     "обязуется принять и оплатить товар в порядке и на условиях настоящего Договора. "
     "1.2. Наименование, количество, ассортимент и цена товара согласовываются Сторонами в "
     "спецификациях, являющихся неотъемлемой частью Договора."),
    ("2. ЦЕНА И ПОРЯДОК РАСЧЕТОВ",
     "2.1. Цена товара указывается в спецификации и включает НДС по ставке, установленной "
     "законодательством Российской Федерации, стоимость тары, упаковки и маркировки. "
     "2.2. Покупатель производит оплату в течение {days} банковских дней с даты подписания "
     "универсального передаточного документа (УПД) или товарной накладной. "
     "2.3. Поставщик выставляет счет-фактуру в сроки, установленные Налоговым кодексом РФ."),
    ("3. ПОРЯДОК ПОСТАВКИ",
     "3.1. Поставка осуществляется партиями на основании заявок Покупателя. 3.2. Датой "
     "поставки считается дата подписания Покупателем товарной накладной (ТОРГ-12) или УПД. "
     "3.3. Право собственности на товар переходит к Покупателю в момент передачи товара."),
    ("4. ОТВЕТСТВЕННОСТЬ СТОРОН",
     "4.1. За просрочку оплаты Поставщик вправе потребовать уплаты неустойки в размере "
     "0,1% от неоплаченной суммы за каждый день просрочки, но не более 10% от суммы "
     "задолженности. 4.2. Споры рассматриваются в Арбитражном суде по месту нахождения "
     "истца с соблюдением претензионного порядка (срок ответа на претензию — 10 дней)."),
)


def _letterhead(sheet: Sheet, doc: Doc, x0: float, x1: float, top: float) -> float:
    p = doc.seller
    s = sheet.size
    sheet.text((x0 + x1) / 2, top, p.full_name.upper(), s + 3, bold=True, align="c")
    line = f"{p.address}, тел. {p.phone}"
    sheet.text((x0 + x1) / 2, top + s * 1.6, line, s - 0.5, align="c")
    kpp = f" / КПП {p.kpp}" if p.kpp else ""
    sheet.text((x0 + x1) / 2, top + s * 2.8, f"ОГРН {p.ogrn}, ИНН {p.inn}{kpp}", s - 0.5,
               align="c")
    sheet.hline(x0, x1, top + s * 3.6, 1.5)
    sheet.hline(x0, x1, top + s * 3.9, 0.4)
    return top + s * 6


def _letter(sheet: Sheet, doc: Doc, rng: random.Random, x0: float, x1: float,
            y: float) -> None:
    s = sheet.size
    y = _letterhead(sheet, doc, x0, x1, y)
    sheet.text(x0, y, f"Исх. № {doc.number}", s)
    sheet.text(x0, y + s * 1.4, f"от {doc.date.strftime('%d.%m.%Y')}", s)
    b = doc.buyer
    to = f"{b.head_title}у {b.name}\n{b.head.short}" if b.kind == "ul" else f"{b.name}"
    sheet.para(x0 + (x1 - x0) * 0.55, y, (x1 - x0) * 0.45, to, s + 1)
    y += s * 8
    topic, body = rng.choice(LETTER_TOPICS)
    sheet.text(x0, y, topic, s + 1, bold=True)
    y += s * 3
    sheet.text((x0 + x1) / 2, y, f"Уважаемый(ая) {b.head.name} {b.head.patronymic}!", s + 1,
               align="c")
    y += s * 2.5
    due = fmt_date(doc.date.replace(day=min(doc.date.day, 28)), "words")
    text = body.format(due=due, period=f"{doc.date.year} год",
                       contract=doc.contract.replace("Договор", "договору"),
                       addr=doc.seller.address, acc=doc.seller.account,
                       bank=doc.seller.bank.name, bik=doc.seller.bank.bik,
                       d=doc.date.strftime("%d.%m.%Y"))
    y += sheet.para(x0, y, x1 - x0, "      " + text, s + 1, leading=(s + 1) * 1.5)
    y += sheet.para(x0, y + s, x1 - x0, "      Заранее благодарим за сотрудничество.", s + 1)
    _sign(sheet, doc, x0, x1, y + s * 5)


def _sign(sheet: Sheet, doc: Doc, x0: float, x1: float, top: float) -> None:
    p = doc.seller
    s = sheet.size
    sheet.text(x0, top, p.head_title if p.kind == "ul" else "ИП", s + 1)
    parts.signature_triple(sheet, x0 + (x1 - x0) * 0.45, top, ((x1 - x0) * 0.2,), ("",),
                           ("",), "руководитель", s)
    sheet.text(x1, top, p.head.short_first, s + 1, align="r")
    sheet.stamp_slot(x0 + (x1 - x0) * 0.45, top)


def _contract(sheet: Sheet, doc: Doc, rng: random.Random, x0: float, x1: float,
              y: float) -> None:
    s = sheet.size + 1
    sheet.text((x0 + x1) / 2, y, f"ДОГОВОР ПОСТАВКИ № {doc.number}", s + 2, bold=True,
               align="c")
    y += s * 2.2
    sheet.text(x0, y, doc.seller.city, s)
    sheet.text(x1, y, fmt_date(doc.date, "words0"), s, align="r")
    y += s * 2.2
    sel, buy = doc.seller, doc.buyer
    pre = (f"{sel.full_name}, именуемое в дальнейшем «Поставщик», в лице {sel.head_title.lower()}"
           f"а {sel.head.full}, действующего на основании Устава, с одной стороны, и "
           f"{buy.full_name}, именуемое в дальнейшем «Покупатель», в лице "
           f"{buy.head_title.lower()}а {buy.head.full}, действующего на основании Устава, с "
           "другой стороны, заключили настоящий Договор о нижеследующем:")
    y += sheet.para(x0, y, x1 - x0, "      " + pre, s, leading=s * 1.35) + s
    for head, body in CONTRACT_CLAUSES[: rng.randint(3, 4)]:
        sheet.text((x0 + x1) / 2, y, head, s, bold=True, align="c")
        y += s * 1.6
        y += sheet.para(x0, y, x1 - x0, body.format(days=rng.choice((5, 10, 14, 30))), s,
                        leading=s * 1.35) + s * 0.6
    sheet.text(x1, sheet.h - 30, "Поставщик ________________   Покупатель ________________",
               s - 1, align="r")
    sheet.sign_slot(x1 - 170, x1 - 110, sheet.h - 30, "поставщик")


def _proxy(sheet: Sheet, doc: Doc, rng: random.Random, x0: float, x1: float,
           y: float) -> None:
    s = sheet.size + 1
    y = _letterhead(sheet, doc, x0, x1, y)
    sheet.text((x0 + x1) / 2, y + s, f"ДОВЕРЕННОСТЬ № {doc.number}", s + 3, bold=True,
               align="c")
    y += s * 3.5
    sheet.text(x0, y, doc.seller.city, s)
    sheet.text(x1, y, fmt_date(doc.date, "words"), s, align="r")
    y += s * 2.5
    agent = doc.extra.get("storekeeper", "Иванов И.И.")
    body = (f"{doc.seller.full_name} в лице {doc.seller.head_title.lower()}а "
            f"{doc.seller.head.full}, действующего на основании Устава, настоящей доверенностью "
            f"уполномочивает {agent} (паспорт {rng.randint(10, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(100000, 999999)}) получать товарно-материальные ценности от "
            f"{doc.buyer.name}, подписывать товарные накладные и иные документы, связанные с "
            "исполнением данного поручения. Доверенность выдана без права передоверия сроком "
            "до 31 декабря текущего года.")
    y += sheet.para(x0, y, x1 - x0, "      " + body, s, leading=s * 1.5)
    sheet.text(x0, y + s * 2, "Подпись лица, получившего доверенность ______________ "
               "удостоверяем.", s)
    sheet.sign_slot(x0 + 190, x0 + 260, y + s * 2, "доверенное лицо")
    _sign(sheet, doc, x0, x1, y + s * 6)


def _certificate(sheet: Sheet, doc: Doc, rng: random.Random, x0: float, x1: float,
                 y: float) -> None:
    s = sheet.size + 1
    y = _letterhead(sheet, doc, x0, x1, y)
    sheet.text(x0, y, f"№ {doc.number} от {doc.date.strftime('%d.%m.%Y')}", s)
    sheet.text((x0 + x1) / 2, y + s * 3, "СПРАВКА", s + 4, bold=True, align="c")
    y += s * 6
    body = (f"Дана {doc.buyer.name} в том, что по состоянию на {fmt_date(doc.date, 'words')} "
            f"задолженность по {doc.contract.replace('Договор', 'договору')} отсутствует. "
            "Расчеты произведены в "
            f"полном объеме на сумму {amounts.fmt_money(doc.total)} руб. Справка выдана для "
            "представления по месту требования.")
    y += sheet.para(x0, y, x1 - x0, "      " + body, s, leading=s * 1.5)
    _sign(sheet, doc, x0, x1, y + s * 5)


def kind_of(style: Style) -> str:
    return random.Random(style.seed + 5).choice(KINDS)


def render(doc: Doc, style: Style, overlays: list[Overlay] | None = None) -> Rendered:
    sheet = Sheet(A4, style.fonts, style.size + 1.5, overlays, style.line_w)
    rng = random.Random(style.seed)
    x0, x1 = style.margin_l + 20, sheet.w - style.margin_r - 10
    draw = {"letter": _letter, "contract": _contract, "proxy": _proxy,
            "certificate": _certificate}[kind_of(style)]
    draw(sheet, doc, rng, x0, x1, style.margin_t + 20)
    return sheet.finish()
