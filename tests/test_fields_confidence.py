"""OCR field confidences come from the shipped calibration: sure, checked readings pass the
review threshold, debris and unsure readings do not, and a broken table trusts nothing."""

from __future__ import annotations

from recognizers.checks.checksums import inn_valid
from recognizers.classify import Classification
from recognizers.fields import extract_fields
from recognizers.fields.calibration import confidence, model, wilson_lower
from recognizers.fields.confidence import REVIEW_THRESHOLD
from recognizers.fields.evidence import DocSignals, Reading, name_shape
from recognizers.page import Page, Word

THRESHOLD = REVIEW_THRESHOLD
SELLER_INN = "7707083893"  # checksum-valid
BUYER_INN = "7728168971"


def _page(lines: list[str], conf: dict[str, float] | None = None, sure: float = 0.96) -> Page:
    """OCR words of a page, one text line per entry; ``conf`` overrides some words' scores."""
    words: list[Word] = []
    for row, text in enumerate(lines):
        x = 100.0
        for token in text.split():
            width = 18.0 * len(token)
            words.append(Word(token, x, 100 + 60 * row, width, 30, (conf or {}).get(token, sure),
                              row))
            x += width + 14
    return Page(1, 2480, 3508, words=words, text_source="ocr")


INVOICE = [
    "ООО «Ромашка»",
    f"ИНН {SELLER_INN} КПП 770701001",
    "Счет на оплату № 1287 от 05.03.2025",
    f"Поставщик (Исполнитель): ООО «Ромашка», ИНН {SELLER_INN}, КПП 770701001, Москва",
    f"Покупатель (Заказчик): АО «Вектор», ИНН {BUYER_INN}, КПП 772801001, Москва",
    "Итого: 1 000,00",
    "В том числе НДС (20%): 166,67",
    "Всего к оплате: 1 000,00",
    "Всего наименований 1, на сумму 1 000,00 руб.",
]


def test_sure_checked_requisites_pass_and_unsure_readings_do_not() -> None:
    sure = extract_fields([_page(INVOICE)], "payment_invoice", None)
    assert sure.fields.seller_inn == SELLER_INN
    assert sure.field_confidence["seller_inn"] >= THRESHOLD
    assert sure.field_confidence["seller_kpp"] >= THRESHOLD
    # The same page with the number smudged: read the same, but no longer trusted.
    smudged = extract_fields([_page(INVOICE, {"1287": 0.1})], "payment_invoice", None)
    assert smudged.fields.number == "1287"
    assert smudged.field_confidence["number"] < THRESHOLD <= sure.field_confidence["number"]
    assert any(i.code == "low_confidence" and i.field == "number" for i in smudged.issues)


def test_a_poor_page_is_never_trusted_more() -> None:
    sure = extract_fields([_page(INVOICE)], "payment_invoice", None)
    poor = extract_fields([_page(INVOICE, sure=0.55)], "payment_invoice", None)
    assert poor.fields == sure.fields
    for name, value in sure.field_confidence.items():
        assert poor.field_confidence[name] <= value, name


def test_a_field_not_read_is_not_confident() -> None:
    page = _page(INVOICE[:3])  # no parties, no totals
    result = extract_fields([page], "payment_invoice", None)
    assert result.fields.buyer_inn is None and result.fields.total is None
    assert result.field_confidence["buyer_inn"] < THRESHOLD
    assert result.field_confidence["total"] < THRESHOLD


def _person_inn() -> str:
    """A 12-digit ИНН (an ИП's) that passes its checksum."""
    return next(inn for n in range(10**9) if inn_valid(inn := f"5003{n:08d}"))


def test_an_ip_without_kpp_is_a_rightly_empty_field_with_a_confidence() -> None:
    inn = _person_inn()
    page = _page([line.replace(f"АО «Вектор», ИНН {BUYER_INN}, КПП 772801001",
                               f"ИП Орлов Иван Петрович, ИНН {inn}") for line in INVOICE])
    result = extract_fields([page], "payment_invoice", None)
    assert result.fields.buyer_inn == inn and result.fields.buyer_kpp is None
    assert result.field_confidence["buyer_kpp"] > 0.0
    # An organisation whose КПП was not read has no such excuse.
    org = extract_fields([_page([line.replace(", КПП 772801001", "") for line in INVOICE])],
                         "payment_invoice", None)
    assert org.fields.buyer_kpp is None
    assert org.field_confidence["buyer_kpp"] < result.field_confidence["buyer_kpp"]


def test_names_of_real_words_have_the_shape_of_a_name() -> None:
    assert name_shape("ООО «Ромашка»")
    assert name_shape('ПАО "Волга-Логистик"')
    assert name_shape("ИП Андреев Виктор Александрович")
    assert not name_shape("ООО score Lowe")
    assert not name_shape("WN Кудрявцев Роман Сергеевич")
    assert not name_shape("ООО «Оптима» ©")


def test_the_shipped_table_covers_every_kind_of_reading() -> None:
    kinds = model()["kinds"]
    for kind in ("number", "date", "name", "inn", "kpp", "money", "rate", "kpp_absent",
                 "other_number", "other_date", "other_absent"):
        assert kind in kinds, kind
        values = [conf for _edge, conf in kinds[kind]["bins"]]
        assert values == sorted(values), kind  # a better score is never trusted less
        assert all(0.0 <= v <= 1.0 for v in values)


def test_unknown_kinds_and_empty_tables_trust_nothing() -> None:
    doc = DocSignals.of([_page(INVOICE)], 1.0, {"payment_invoice": 8.0})
    reading = Reading("inn", {"wmin": 1.0, "shape": 1.0, "page": doc.page_conf})
    assert confidence(reading, {"kinds": {}}) == 0.0
    table = {"kinds": {"inn": {"bias": 0.0, "coef": {"shape": 2.0},
                               "bins": [[-1e9, 0.2], [1.0, 0.95]]}}}
    assert confidence(reading, table) == 0.95
    assert confidence(Reading("inn", {"shape": 0.0}), table) == 0.2


def test_the_lower_bound_grows_with_evidence() -> None:
    assert wilson_lower(0, 0, 1.645) == 0.0
    assert wilson_lower(20, 20, 1.645) < wilson_lower(200, 200, 1.645) < 1.0
    assert wilson_lower(190, 200, 1.645) < wilson_lower(200, 200, 1.645)


def test_readings_another_reading_contradicts_are_not_trusted() -> None:
    # The "Итого" figure lost its comma and a digit; the amount in words is a proper amount.
    lines = [*INVOICE[:4], "Итого: 3331451 60", "Без налога (НДС): -", "Всего к оплате: завела ва",
             "Всего .—--=. ваний 2. на сумму 3331453,60 руб."]
    result = extract_fields([_page(lines)], "payment_invoice", None)
    assert result.fields.total == "3331453.60"
    assert result.field_confidence["total"] < THRESHOLD
    # A prefix letter read as a digit ("5П-" for БП-) is no sure number.
    lines = ["Счет на оплату № 5П-002270 от 05.03.2025", *INVOICE[3:]]
    result = extract_fields([_page(lines)], "payment_invoice", None)
    assert result.field_confidence["number"] < THRESHOLD
    # "П" read as "11": "11Р2583-25" for ПР2583-25.
    lines = ["Счет на оплату № 11Р2583-25 от 05.03.2025", *INVOICE[3:]]
    result = extract_fields([_page(lines)], "payment_invoice", None)
    assert result.field_confidence["number"] < THRESHOLD


def test_a_contract_whose_party_names_ocr_garbled_does_not_pass_them_as_absent() -> None:
    lines = ["ДОГОВОР ПОСТАВКИ № 12", "г. Москва «19» июня 2024 г.",
             "ой ответственностью «ТрансКарго», яззнуеяое в даль::=Ашем «Поставщик», в лице",
             "директора Алексеев Андрей Игоревич, действующего на оснс==-= Устава, с одной"]
    # Classified "other" with no doubt: an absent name would pass as rightly absent.
    sure = Classification("other", None, 1.0, {"other": 1.0})
    result = extract_fields([_page(lines)], "other", None, sure)
    assert result.fields.seller_name is None
    assert result.field_confidence["seller_name"] < THRESHOLD


def test_legal_form_printed_as_zeros_counts_as_read() -> None:
    from recognizers.fields.evidence import word_signals

    words = [Word("000", 0, 0, 36, 20, 0.9), Word("«Гранит»,", 50, 0, 96, 20, 0.84)]
    doc = DocSignals.of([Page(1, 2480, 3508, words=words, text_source="ocr")], 1.0,
                        {"upd": 8.0})
    signals = word_signals(["ООО", "«Гранит»"], doc)
    assert signals["verbatim"] == 1.0 and signals["wmin"] == 0.84
    # Zeros stand for the letter only in a legal form: a number word stays unread.
    assert word_signals(["ТОО"], doc)["verbatim"] == 0.0


def test_a_name_whose_quotes_do_not_pair_is_no_name_shape() -> None:
    from recognizers.fields.evidence import name_shape

    assert name_shape("ООО «Транзит»") and name_shape('ООО "Транзит"')
    assert not name_shape('АО «Сибирская "')  # cut short, a quote of another kind after it
    assert not name_shape("ООО «Транзит »")


def test_totals_the_arithmetic_confirms_are_trusted_however_tesseract_scored_them() -> None:
    """net + VAT = total and the VAT is the net at the row's rate: a misread digit would break
    both, so a VAT whose words tesseract scored 0.17 is as sure as the sums that hold."""
    from tests.test_fields_items import _line, _upd_head

    row = _line(260, [(100, "1"), (300, "Цемент М500, 50 кг"), (1200, "меш"), (1300, "2"),
                      (1400, "525,72"), (1600, "1 051,44"), (1800, "22%"), (1900, "231,32"),
                      (2100, "1 282,76")], conf=0.95)
    total = _line(360, [(100, "Всего к оплате (9)"), (1600, "1 051,44"), (1800, "Х"),
                        (1900, "231,32"), (2100, "1 282,76")], conf=0.95)

    def vat_confidence(vat_words: float, printed_total: str) -> float:
        words = [Word(printed_total if w.text == "282,76" and w.y == 360 else w.text, w.x, w.y,
                      w.w, w.h, vat_words if w.text == "231,32" else w.conf)
                 for w in [*row, *total]]
        page = Page(1, 2480, 3508, words=[*(w for ln in _upd_head() for w in ln), *words],
                    text_source="ocr")
        return extract_fields([page], "upd", 1).field_confidence["vat"]

    assert vat_confidence(0.17, "282,76") >= THRESHOLD
    # The same unsure VAT under a total that does not add up stays unsure.
    assert vat_confidence(0.17, "299,99") < THRESHOLD


def test_the_unsure_field_issues_follow_the_review_threshold_in_use() -> None:
    smudged = _page(INVOICE, {"1287": 0.1})

    def flagged(threshold: float) -> set[str | None]:
        result = extract_fields([smudged], "payment_invoice", None, review_threshold=threshold)
        return {i.field for i in result.issues if i.code == "low_confidence"}

    assert "number" in flagged(THRESHOLD) and "seller_inn" not in flagged(THRESHOLD)
    # A stricter office sends more to review, and the card says which fields.
    assert {"number", "seller_inn"} <= flagged(0.999)


def test_an_ip_whose_given_name_or_patronymic_does_not_exist_is_not_trusted() -> None:
    from recognizers.fields.evidence import name_shape

    # One letter misread makes no real name: such a reading is gated out of the trusted ones.
    assert not name_shape("ИП Захаров Миханл Николаевич")
    assert not name_shape("Индивидуальный предприниматель Гусев Павел Владимиоович")
    for real in ("ИП Захаров Михаил Николаевич", "ИП Петрова Анна Александровна",
                 "ИП Ильин Пётр Ильич", "ИП Ильина Ольга Петровна", "ИП Котов Лев Юрьевич",
                 "Индивидуальный предприниматель Гусев Павел Владимирович",
                 "ИП Михайлов С.Ю.", "ИП Сидоров Семен Аркадьевич"):
        assert name_shape(real), real


def test_a_common_name_word_one_letter_off_is_no_name_shape() -> None:
    """OCR turns Групп into "Гоупп" and Логистик into "Погистик": the name still looks like a
    name, so its confidence must not rest on the shape (blind run, seed 10101)."""
    from recognizers.fields.evidence import name_shape

    assert name_shape("ООО «Дельта Групп»") and name_shape('ПАО "Волга-Логистик"')
    assert not name_shape("ООО «Дельта Гоупп»")
    assert not name_shape('ПАО "Волга-Погистик"')
    assert not name_shape("АО «ТехноСеовис»")  # a part of a compound
    # Words nobody listed are an open vocabulary: left alone.
    assert name_shape("ООО «Кварцит»") and name_shape("ООО «Ивушка»")


def test_a_date_printed_twice_alike_is_as_sure_as_its_surer_reading() -> None:
    from tests.test_fields_items import _line, _page

    def date_conf(*extra: list) -> float:
        lines = [_line(100, [(100, "СЧЕТ-ФАКТУРА № 12 от 17.01.2024 (1)")], conf=0.69),
                 _line(160, [(100, "Продавец: ООО «Кристалл» (2)")], conf=0.95), *extra]
        return extract_fields([_page(lines)], "vat_invoice", None).field_confidence["date"]

    assert date_conf() < REVIEW_THRESHOLD  # one unsure reading
    assert date_conf(_line(900, [(100, "Дата отгрузки «17» января 2024 г.")],
                           conf=0.96)) >= REVIEW_THRESHOLD
    # The day and year printed elsewhere, of another date, speak for nothing.
    assert date_conf(_line(900, [(100, "Дата отгрузки «17» февраля 2024 г.")],
                           conf=0.96)) < REVIEW_THRESHOLD


def test_an_unsure_field_is_named_in_the_issue_as_an_accountant_names_it() -> None:
    from tests.test_fields_items import _line, _page

    lines = [_line(100, [(100, "СЧЕТ-ФАКТУРА № 12 от 17.01.2024 (1)")], conf=0.69)]
    result = extract_fields([_page(lines)], "vat_invoice", None)
    issue = next(i for i in result.issues if i.code == "low_confidence" and i.field == "date")
    assert issue.message.startswith("Поле «дата» прочитано неуверенно")


def test_a_second_inn_reading_that_fails_its_checksum_does_not_dispute_a_valid_one() -> None:
    # The bank box's ИНН read with a digit wrong, which no single look-alike swap mends: a
    # misread, not another ИНН.
    misread = "7007083893"
    assert not inn_valid(misread)
    lines = [INVOICE[0], f"ИНН {misread} КПП 770701001", *INVOICE[2:]]
    result = extract_fields([_page(lines)], "payment_invoice", None)
    assert result.fields.seller_inn == SELLER_INN
    assert result.field_confidence["seller_inn"] >= THRESHOLD
    # A value one misread figure off the truth may pass the checksum ("7203077650" for
    # 7203077690): a failing reading two figures off it ("0203077690") still disputes it.
    lines = [INVOICE[0], "ИНН 0203077690 КПП 720301001",
             "Счет на оплату № 1287 от 05.03.2025",
             "Поставщик (Исполнитель): ООО «Ромашка», ИНН 7203077650, КПП 720301001, Москва",
             *INVOICE[4:]]
    result = extract_fields([_page(lines)], "payment_invoice", None)
    assert result.fields.seller_inn == "7203077650"
    assert result.field_confidence["seller_inn"] < THRESHOLD
    # Two ИНН that both pass the checksum are two readings that disagree: neither is trusted.
    other = "7736050003"
    assert inn_valid(other)
    lines = [INVOICE[0], f"ИНН {other} КПП 770701001", *INVOICE[2:]]
    result = extract_fields([_page(lines)], "payment_invoice", None)
    assert result.field_confidence["seller_inn"] < THRESHOLD


def test_a_kpp_read_from_a_misread_row_does_not_dispute_one_of_the_inns_office() -> None:
    # The bank box's row misread whole: its КПП names another tax office than the valid ИНН.
    lines = [INVOICE[0], "ИНН 7007083893 КПП 700701001", *INVOICE[2:]]
    result = extract_fields([_page(lines)], "payment_invoice", None)
    assert result.fields.seller_kpp == "770701001"
    assert result.field_confidence["seller_kpp"] >= THRESHOLD
    # A КПП of the same office that differs is another reading: neither is trusted.
    lines = [INVOICE[0], f"ИНН {SELLER_INN} КПП 770702001", *INVOICE[2:]]
    result = extract_fields([_page(lines)], "payment_invoice", None)
    assert result.field_confidence["seller_kpp"] < THRESHOLD


def test_a_speck_line_between_a_contract_party_and_its_role_is_no_role() -> None:
    lines = ["ДОГОВОР ПОСТАВКИ № 02065", "г. Нижний Новгород «18» июля 2025 г.",
             "Общество с ограниченной ответственностью \"Русское Поле\", именуемое в дальнейшем",
             "у",
             "«Поставщик», в лице исполнительного директора Киселевой Елены Сергеевны,",
             "действующего на основании Устава, с одной стороны, и Общество с ограниченной",
             "ответственностью «Балтийская Бумага», именуемое в дальнейшем «Покупатель», в лице"]
    sure = Classification("other", None, 1.0, {"other": 1.0})
    result = extract_fields([_page(lines)], "other", None, sure)
    assert result.fields.seller_name == "Общество с ограниченной ответственностью \"Русское Поле\""
    assert result.fields.buyer_name == ("Общество с ограниченной ответственностью "
                                        "«Балтийская Бумага»")


def test_a_value_read_whole_only_in_a_lines_second_reading_counts_as_printed() -> None:
    from recognizers.fields.evidence import word_signals

    garbled = [Word("ИНН", 100, 450, 54, 30, 0.9, 1), Word("0790859,", 170, 450, 140, 30, 0.5, 1)]
    page = Page(1, 2480, 3508, words=garbled, text_source="ocr")
    assert word_signals(["5410790859"], DocSignals.of([page], 1.0, {}))["verbatim"] == 0.0
    page.rereads = [[Word("ИНН", 100, 450, 54, 30, 0.95, 0),
                     Word("5410790859,", 170, 450, 190, 30, 0.93, 0)]]
    seen = word_signals(["5410790859"], DocSignals.of([page], 1.0, {}))
    assert seen["verbatim"] == 1.0 and seen["wmin"] == 0.93


def test_a_kpp_glued_to_the_figures_after_it_is_no_reading_of_it() -> None:
    from recognizers.fields.requisites import best_kpp

    assert best_kpp("525701002") == "525701002"
    assert best_kpp("231043003 | (66)") == "231043003"  # a ruling and a row number after it
    assert best_kpp("5257016066335") is None  # "525701002, 603258" run together
    # Figures further on (an ИНН/КПП pair, an account) leave the КПП that starts the value.
    assert best_kpp("773601001 7707083893/770701001") == "773601001"
    assert best_kpp("773601001 р/с 40702810900000012345") == "773601001"
    # Nine figures only pieced together across a gap, more following: no reading.
    assert best_kpp("59026 963726") is None
    assert best_kpp("5902 01003") == "590201003"  # a gap inside the nine figures alone
    # Whole runs that make nine are the КПП, whatever follows (a postcode, a row tag).
    assert best_kpp("7736 01001 1") == best_kpp("7736 01001 2б") == "773601001"
    assert best_kpp("773 601 001 1") == best_kpp("l 773601001") == "773601001"
    # Such a run beside the party's other row disputes nothing.
    lines = [INVOICE[0], "ИНН 7707083893 КПП 7707016066335", *INVOICE[2:]]
    result = extract_fields([_page(lines)], "payment_invoice", None)
    assert result.fields.seller_kpp == "770701001"
    assert result.field_confidence["seller_kpp"] >= THRESHOLD
