"""Classification on OCR-like text: status box frames, other-document titles, guessed status."""

from recognizers.classify import GUESSED_STATUS_CONF, classify
from recognizers.fields.confidence import REVIEW_THRESHOLD
from recognizers.fields.header import _number_before_sign
from tests import samples

UPD_TOP = (
    "Универсальный передаточный документ\n"
    "СЧЕТ-ФАКТУРА № 2745 от 16 июня 2026 г. (1)\n"
    "{status}\nПродавец: ИП Алексеев Михаил Игоревич (2)\n"
)


def test_status_read_through_box_frame() -> None:
    found = classify(UPD_TOP.format(status="Статус: [2] Продавец: ИП Алексеев (2)"))
    assert (found.doc_type, found.upd_status) == ("upd", 2)
    # On a scan whose box image gave no digit, the page OCR's digit alone goes to review;
    # the box image's digit confirms it.
    text = UPD_TOP.format(status="статуе [2] ИСПРАВЛЕНИЕ № —- от —-- (1а)")
    found = classify(text, scanned=True)
    assert (found.upd_status, found.confidence < REVIEW_THRESHOLD) == (2, True)
    assert classify(text, status_box=2, scanned=True).confidence >= REVIEW_THRESHOLD


def test_unreadable_status_is_a_low_confidence_guess() -> None:
    found = classify(UPD_TOP.format(status="Статус: ?"))
    assert found.doc_type == "upd"
    assert found.confidence <= GUESSED_STATUS_CONF < REVIEW_THRESHOLD
    assert found.upd_status == 1
    # Without VAT the seller issues no счёт-фактура: the likelier guess is status 2.
    rows = "1 Щебень гранитный шт 10 100,00 1000,00 без акциза 6e3 НДС 1000,00"
    found = classify(UPD_TOP.format(status="Статус: ?"), rows)
    assert (found.upd_status, found.confidence <= GUESSED_STATUS_CONF) == (2, True)


def test_framed_status_digit_without_its_caption_is_read_and_held() -> None:
    # A photo's head: the caption "Статус:" lost, its framed digit left alone on a line.
    text = UPD_TOP.format(status="[2]")
    found = classify(text, scanned=True)
    assert (found.doc_type, found.upd_status) == ("upd", 2)
    assert found.confidence < REVIEW_THRESHOLD
    assert classify(UPD_TOP.format(status="[1]"), scanned=True).upd_status == 1
    # The lower block's framed tags are no status.
    tail = "\n" * 20 + "[2]\n"
    assert classify(UPD_TOP.format(status="Статус: ?") + tail).upd_status == 1
    assert classify(UPD_TOP.format(status="[2]"), status_box=1).upd_status == 1


def test_contract_mentioning_torg12_stays_other() -> None:
    text = ("ДОГОВОР ПОСТАВКИ № 1489/25\nг. Пермь «17» апреля 2025 г.\n"
            "накладной ТОРГ-12\nПоставщик обязуется передать товар\n")
    assert classify(text).doc_type == "other"


def test_supply_contract_naming_the_delivery_note_is_surely_other() -> None:
    # Every supply contract speaks of the накладная it will be delivered with; its title says
    # what it is, so it needs no review for its class.
    text = ("ДОГОВОР ПОСТАВКИ № С-10/26\nг. Воронеж «02» мая 2026 г.\n"
            "Индивидуальный предприниматель Белов Дмитрий Михайлович, именуемый в дальнейшем "
            "«Поставщик», с одной стороны, и ООО «Вектор», именуемое «Покупатель»\n"
            "Товар передаётся по товарной накладной (ТОРГ-12) или УПД, подписанным сторонами.\n"
            "Поставщик обязуется передать в собственность Покупателя товар, а Покупатель "
            "обязуется принять и оплатить его в порядке и сроки настоящего договора.\n")
    found = classify(text)
    assert found.doc_type == "other" and found.confidence >= REVIEW_THRESHOLD


def test_payment_terms_warning_atop_an_invoice_is_no_title() -> None:
    warning = ("Внимание! Оплата данного счета означает согласие с условиями поставки товара.\n"
               "Уведомление об оплате обязательно, в противном случае не гарантируется наличие "
               "товара на складе.\n")
    found = classify(warning + "\n".join(samples.PAYMENT_INVOICE))
    assert found.doc_type == "payment_invoice" and found.confidence >= REVIEW_THRESHOLD


def test_number_left_of_sign() -> None:
    assert _number_before_sign("СЧЕТ-ФАКТУРА 3078 № ") == "3078"
    assert _number_before_sign("СЧЕТ-ФАКТУРА № ") is None


def test_legal_form_read_as_zeros() -> None:
    from recognizers.fields.parties import tidy_name

    assert tidy_name('000 "Норд Стар"') == 'ООО "Норд Стар"'
    assert tidy_name("1000 Мелочей") == "1000 Мелочей"


# A счёт-фактура photo whose title a sticker covered: OCR of the rest of the page as read.
VAT_BODY = (
    "Приложение № 1\n‹ постановлению Правительства Российской Федерации\n"
    "от 2011 г. № 1137\n(в pea, постановления Правительства РФ от 16.08.2024 № 1096)\n"
    "що... 14-02347 от 22.01.2026 (1)\nИСПРАВЛЕНИЕ № ---- от ---- (1а)\n"
    "Продавец: ООО \"Химпром\" (2)\nАдрес: 625044, Тюменская обл.. г. Тюмень (2а)\n"
    "ИННИКПП продавца: 7202625939/720201001 (26)\n"
    "Грузоотправитель и его адрес: ООО \"Химпром\", 625044, г. Тюмень (3)\n"
    "Грузополучатель и его адрес: АО «ТрансКарго», г. Екатеринбург (4)\n"
    "К платежно-расчетному документу № -- (5)\n"
    "Документ 06 отгрузке: наименование, №, дата: УПД № ТД-002347 от 22.01.2026 (5а)\n"
    "Покупатель: АО «ТрансКарго» (6)\nИННИКПП покупателя: 6671457999/667101002 (66)\n"
    "Идентификатор государственного контракта, договора (соглашения) (при наличии): (8)\n"
)
UPD_LOWER = (
    "Основание передачи (сдачи) / получения (приемки) Договор № П-141/24 от 04.05.2024 [8]\n"
    "Данные о транспортировке и грузе Транспортная накладная № 94 [9]\n"
    "Товар (груз) передал / услуги, результаты работ, права сдал [10] "
    "Товар (груз) получил / услуги, результаты работ, права принял [15]\n"
    "Дата отгрузки, передачи (сдачи) «06» января 2025 г. [11] Дата получения (приемки) [16]\n"
    "Ответственный за правильность оформления факта хозяйственной жизни [13] [18]\n"
    "Наименование экономического субъекта - составителя документа [14] [19]\n"
)


def test_vat_invoice_without_its_title_is_read_from_the_body() -> None:
    found = classify(VAT_BODY)
    assert found.doc_type == "vat_invoice"
    assert found.confidence <= 0.85  # no note seen: an УПД is not ruled out


def test_a_titled_vat_invoice_without_its_note_is_sure_only_with_no_trace_of_an_upd() -> None:
    titled = VAT_BODY.replace("що... 14-02347", "СЧЕТ-ФАКТУРА № 14-02347")
    found = classify(titled, scanned=True)
    assert found.doc_type == "vat_invoice" and found.confidence >= REVIEW_THRESHOLD
    # One of the УПД's own blocks read, though too little to make it one: to review.
    traced = classify(titled + "Товар (груз) передал\n", scanned=True)
    assert traced.doc_type == "vat_invoice" and traced.confidence < REVIEW_THRESHOLD


def test_upd_with_unread_status_column_is_read_from_its_lower_block() -> None:
    found = classify(VAT_BODY + UPD_LOWER)
    assert (found.doc_type, found.upd_status) == ("upd", 1)
    assert found.confidence <= GUESSED_STATUS_CONF


def test_misread_status_caption() -> None:
    text = "передаточный\nдокумент СЧЕТ-ФАКТУРА № 4694 от «06» января 2025 г. (1)\n" \
           "Статуе [2] ИСПРАВЛЕНИЕ № --- от --- (1а)\n" + VAT_BODY + UPD_LOWER
    found = classify(text)
    assert (found.doc_type, found.upd_status) == ("upd", 2)
    assert found.confidence >= REVIEW_THRESHOLD
    # A blurred "т" read as r: "Crarye: 1" is still the caption (a poor scan's, seed 4950).
    found = classify(text.replace("Статуе [2]", "Crarye: 1"), scanned=True)
    assert (found.doc_type, found.upd_status) == ("upd", 1)
    # Garbled a letter further, but with its frame read whole: "Crrye: [1]" (a photo's, seed
    # 7522); a bare digit after it is no status.
    text = ("Crrye: [1] СЧЕТ-ФАКТУРА № 454 от 29 апреля 2026 г. (1)\n"
            "ИСПРАВЛЕНИЕ № --- от --- (1а)\n" + VAT_BODY)
    found = classify(text, scanned=True)
    assert (found.doc_type, found.upd_status) == ("upd", 1)
    assert classify(text.replace("[1]", "1"), scanned=True).doc_type == "vat_invoice"


def test_act_without_its_title() -> None:
    text = ("Исполнитель: ООО «Сибирская Компания», ИНН 7825739652\nЗаказчик: ООО «Горизонт»\n"
            "Основание: Договор № ДП-106/23 от 06.08.2023\n"
            "Итого: 4 698 032,37\nВсего оказано услуг 10, на сумму 4 698 032,37 руб.\n"
            "Вышеперечисленные услуги выполнены полностью и в срок. Заказчик претензий по "
            "объему, качеству и срокам оказания\nуслуг не имеет.\nИСПОЛНИТЕЛЬ ЗАКАЗЧИК\n")
    assert classify(text).doc_type == "act"


def test_contract_without_its_title_stays_other() -> None:
    """A photo that lost the contract's title line: its prose names every form."""
    text = ("г. Москва «24» января 2024 г.\nОбщество с ограниченной ответственностью "
            "\"Инженерные Системы\", именуемое в дальнейшем «Поставщик», в лице\n"
            "Покупатель производит оплату в течение 10 банковских дней с даты подписания\n"
            "универсального передаточного документа (УПД) или товарной накладной. 2.3.\n"
            "Поставщик выставляет счет-фактуру в сроки, установленные Налоговым кодексом.\n"
            "поставки считается дата подписания Покупателем товарной накладной (ТОРГ-12) или\n"
            "истца с соблюдением претензионного порядка (срок ответа на претензию — 10 дней).\n")
    assert classify(text).doc_type == "other"


def test_letter_about_reconciliation_stays_other() -> None:
    text = ("ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ «ГРАНИТ»\nИсх. № 4643/24\n"
            "О предоставлении документов\nВ связи с проведением сверки взаиморасчетов просим "
            "предоставить оригиналы первичных документов за 2024 год, а также акт сверки\n"
            "взаимных расчетов по договору № 15. Просим направить счета-фактуры и акты.\n")
    assert classify(text).doc_type == "other"


def test_unread_page_is_an_unsure_other() -> None:
    found = classify("ee\n| |\n")
    assert found.doc_type == "other" and found.confidence < 0.5


def test_fuzzy_phrase_match() -> None:
    from recognizers.fuzzy import contains

    assert contains("xxдокумент06отгрузкеyy", "документоботгрузке", 2)
    assert not contains("xxдокумент06отгрузкеyy", "документоботгрузке", 1)
    assert not contains("выставляетсчетфактуру", "счетфактура", 0)


def test_boxed_status_tells_an_upd_whose_blocks_were_misread() -> None:
    """A photo where the УПД's title column and lower block came out as noise."""
    text = ("[\nopen\nдонумент СЧЕТ-ФАКТУРА № КА-001337 от 14.11.2025 (1)\n"
            "статуе [2] ИСПРАВЛЕНИЕ № —от— (1a)\n" + VAT_BODY +
            "Товар (уз) переда» | услуги резутьтаты работ Дм Товар (груз) получия / услуги\n")
    found = classify(text)
    assert (found.doc_type, found.upd_status) == ("upd", 2)


def test_ocr_noise_is_an_unsure_other() -> None:
    noise = "lil) sostetssost® - = | SA Oe Ee > el vf | < ~~ —— С > Га “ IL pene Asm | eS ee\n"
    found = classify(noise * 30)
    assert found.doc_type == "other" and found.confidence < 0.5


def test_a_title_behind_a_scan_speck_is_still_the_title() -> None:
    text = ("ПИ\nВИА ВАА И\n‚ Акт № 78 от 30 апреля 2024 г.\n"
            "Исполнитель: ООО «Дельта Групп», ИНН 5262919538, КПП 526201001, г. Нижний Новгород\n"
            "Заказчик: ООО \"Кристалл\", ИНН 1655626344, КПП 165543002, г. Казань\n"
            "Основание: Договор № 177 от 20.09.2023\n"
            "№ Наименование работ, услуг Кол-во Ед. Цена Сумма\n"
            "Итого: 4408007,85\nВ том числе НДС (20%): 734667,98\n"
            "Вышеперечисленные работы (услуги) выполнены полностью и в срок. Заказчик по объему, "
            "качеству и срокам оказания услуг претензий не имеет.\n")
    found = classify(text, scanned=True)
    assert found.doc_type == "act"
    assert found.confidence >= REVIEW_THRESHOLD


def test_the_invoice_goods_caption_is_no_act_title() -> None:
    head = ("Приложение № 1\nк постановлению Правительства Российской Федерации\n"
            "от 26 декабря 2011 г. № 1137\n"
            "(в ред. постановления Правительства РФ от 16.08.2024 № 1096)\n"
            "СЧЕТ-ФАКТУРА № 1101 от 28.11.2025 (1)\nИСПРАВЛЕНИЕ № ---- от ---- (1а)\n"
            "Продавец: ООО «Вектор» (2)\nАдрес: г. Москва (2а)\n"
            "ИНН/КПП продавца: 7728168971/772801001 (2б)\n"
            "Покупатель: ООО «Ромашка» (6)\nИНН/КПП покупателя: 7707083893/770701001 (6б)\n"
            "Валюта: наименование, код Российский рубль, 643 (7)\n"
            # The narrow column's caption wraps into short lines, read as header lines; OCR
            # lost "(описание", and "товара т выполненных работ" is an act's title 2 edits off.
            "Наименование\nтовара т\nвыполненных работ,\nоказанных услуг),\n"
            "имущественного права\n")
    found = classify(head, scanned=True)
    assert found.doc_type == "vat_invoice"
    assert found.confidence >= REVIEW_THRESHOLD
    # An act's own title still tells.
    act = classify("Акт выполненных работ № 12 от 05.03.2025\nИсполнитель: ООО «Вектор»\n"
                   "Заказчик: ООО «Ромашка»\n", scanned=True)
    assert act.doc_type == "act"


def test_an_acts_own_title_with_the_caption_words_and_a_list_of_acts_are_told_apart() -> None:
    # "Акт выполненных работ (оказанных услуг)" holds the goods caption's words: its title.
    title = classify("Акт выполненных работ, оказанных услуг\n"
                     "Исполнитель: ООО «Ромашка» ИНН 7701234567\nЗаказчик: ООО «Лютик»\n"
                     "Итого 1000,00\n" + "текст строка для длины документа и прочее\n" * 10,
                     scanned=True)
    assert title.doc_type == "act" and title.confidence >= REVIEW_THRESHOLD
    # A cover letter listing acts with dashes: items of a list, not a title behind a speck.
    letter = classify("ООО «Ромашка»\nг. Москва, ул. Ленина, д. 1\nСопроводительное письмо\n"
                      "Направляем в Ваш адрес следующие документы:\n"
                      "- Акт № 12 от 05.03.2024 г.\n- Акт № 13 от 06.03.2024 г.\n"
                      + "Просим подписать и вернуть один экземпляр документов в адрес нашей "
                        "организации в течение пяти рабочих дней с момента получения. " * 4,
                      scanned=True)
    assert letter.doc_type == "other"
