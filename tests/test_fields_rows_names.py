"""Goods rows on clean scans: one-character slips in names, and cells OCR garbled or lost,
mended by the name's own shape and the row's arithmetic."""

from __future__ import annotations

from recognizers.fields import extract_fields
from recognizers.fields.items_dict import mend_by_dictionary
from recognizers.fields.items_names import mend_name, mend_unit
from recognizers.fields.items_vocab import document_words, mend_by_document
from recognizers.page import Word
from tests.test_fields_items import _line as _item_line
from tests.test_fields_items import _page


def _line(y: float, cells: list[tuple[float, str]], conf: float = 0.9) -> list[Word]:
    return _item_line(y, cells, conf)


def _onec(rows: list[list[Word]]) -> list[list[Word]]:
    return [_line(100, [(100, "Счет на оплату № 12 от 05.03.2025")]),
            _line(200, [(100, "№"), (300, "Товары (работы, услуги)"), (1500, "Кол-во"),
                        (1700, "Ед."), (1900, "Цена"), (2200, "Сумма")]), *rows]


def _torg12(rows: list[list[Word]]) -> list[list[Word]]:
    return [_line(100, [(100, "ТОВАРНАЯ НАКЛАДНАЯ № 5 от 05.03.2025")]),
            _line(200, [(100, "Номер по порядку"), (300, "Товар наименование"),
                        (900, "Количество"), (1300, "Цена"), (1500, "Сумма")]),
            _line(240, [(x, str(n)) for n, x in enumerate(range(100, 2000, 120), start=1)]),
            *rows]


def test_a_unit_after_a_number_is_the_one_unit_its_ocr_look_alikes_give() -> None:
    assert mend_name("Лампа настольная 40 Вг") == "Лампа настольная 40 Вт"
    assert mend_name("Бумага для заметок, 500 а.") == "Бумага для заметок, 500 л."
    assert mend_name("Сок яблочный, 1 1") == "Сок яблочный, 1 л"
    assert mend_name("Вода питьевая, 19 п") == "Вода питьевая, 19 л"
    assert mend_name("Грунтовка глубокая, 10 Кр") == "Грунтовка глубокая, 10 кг"
    # "кг" with its "г" lost where the quantity ends; a "к" inside a name is a word.
    assert mend_name("Краска белая, 14 к") == "Краска белая, 14 кг"
    assert mend_name("Сахар-песок, 1 к") == "Сахар-песок, 1 кг"
    assert mend_name("Подарок 1 к 8 марта") == "Подарок 1 к 8 марта"
    # Units as printed, numbers that are no unit, and a "1" inside the name stay.
    for name in ("Сок яблочный, 1 л", "Гвозди 100 мм", "Болт М8 2 шт", "Набор 3 1 в 1",
                 "Ноутбук 15 дюймов", "Провод 2 а 3", "Картридж 12А"):
        assert mend_name(name) == name


def test_codes_side_by_side_take_the_script_one_of_their_letters_proves() -> None:
    # "ДО" after a grade is a grade with a zero; "Д" is Cyrillic only, so "M500" is too.
    assert mend_name("Цемент M500 ДО, 50 кг") == "Цемент М500 Д0, 50 кг"
    assert mend_name("Бетон В25 F150 W6") == "Бетон B25 F150 W6"
    # A lone code keeps its script: either reads the same ("E27", "М500").
    assert mend_name("Лампа E27") == "Лампа E27"
    assert mend_name("Цемент М500") == "Цемент М500"
    # "до" in words is a word.
    assert mend_name("Кабель до 1 кВ") == "Кабель до 1 кВ"
    assert mend_name("Арматура А500С а12") == "Арматура А500С d12"
    # The d read as 4 or 9 after a steel class; a size no bar has, or no class before it, stays.
    assert mend_name("Арматура А500С 412") == "Арматура А500С d12"
    assert mend_name("Арматура A500C 916") == "Арматура A500C d16"
    for name in ("Арматура А500С 450", "Болт М12 412", "Кабель 412", "Профиль A100 412"):
        assert mend_name(name) == name


def test_names_of_a_text_layer_are_kept_as_printed() -> None:
    rows = [_line(260, [(100, "1"), (300, "Лампа 12 Вг"), (1500, "1"), (1700, "шт"),
                        (1900, "10,00"), (2200, "10,00")])]
    result = extract_fields([_page(_onec(rows), "text_layer")], "payment_invoice", None)
    assert result.line_items[0].name == "Лампа 12 Вг"
    result = extract_fields([_page(_onec(rows))], "payment_invoice", None)
    assert result.line_items[0].name == "Лампа 12 Вт"


def test_a_1c_price_cell_ocr_garbled_leaves_the_one_amount_read_as_the_sum() -> None:
    rows = [_line(260, [(100, "1"), (300, "Клавиатура проводная"), (1500, "3"), (1600, "шт"),
                        (1900, "УЗ"), (2200, "2199,51")]),
            _line(310, [(100, "2"), (300, "Оценка условий труда"), (1500, "1"), (1600, "шт"),
                        (1900, "2 ЗЭ25"), (2200, "2 739,25")])]
    result = extract_fields([_page(_onec(rows))], "payment_invoice", None)
    got = [(i.qty, i.unit, i.price) for i in result.line_items]
    assert got == [("3", "шт", "733.17"), ("1", "шт", "2739.25")]


def test_a_price_with_one_digit_misread_and_a_total_that_lost_its_leading_groups() -> None:
    rows = [_line(300, [(100, "1"), (300, "Вода питьевая, 19 л"), (800, "шт"), (870, "796"),
                        (1050, "4,000"), (1250, "857.65"), (1450, "1 430,60"), (1650, "20"),
                        (1750, "286,12"), (1950, "1 716,72")]),
            _line(350, [(100, "2"), (300, "Арматура А500С"), (800, "т"), (870, "168"),
                        (1050, "127,957"), (1250, "64 424,94"), (1450, "8 243 622,05"),
                        (1650, "22"), (1750, "1 813 596,85"), (1950, "218,90")])]
    result = extract_fields([_page(_torg12(rows))], "torg12", None)
    got = [(i.qty, i.price, i.amount) for i in result.line_items]
    assert got == [("4", "357.65", "1716.72"), ("127.957", "64424.94", "10057218.90")]


def test_a_rating_in_amperes_makes_the_codes_beside_it_cyrillic_and_1_before_capitals_is_i(
) -> None:
    # OCR reads the "ВА" series Latin after a Latin brand; "16А" (amperes) is a Russian unit.
    assert mend_name("Выключатель IEK BA47-29 1Р 16A") == "Выключатель IEK ВА47-29 1Р 16А"
    assert mend_name("Выключатель 1ЕК ВА47-29 1Р 16А") == "Выключатель IEK ВА47-29 1Р 16А"
    # No rating, no proof: a model after a Latin brand stays as read.
    assert mend_name("Клавиатура Logitech K120 USB") == "Клавиатура Logitech K120 USB"
    # A name without Russian words has no Russian units.
    assert mend_name("IEK BA47-29 16A") == "IEK BA47-29 16A"


def test_a_lost_quantity_of_one_beside_a_price_read_a_digit_or_two_off_its_net() -> None:
    rows = [_line(300, [(100, "2"), (300, "Аудит отчетности"), (800, "--"), (900, "усл"),
                        (1050, 'Ш"'), (1250, "3387527.30"), (1450, "337527,37"), (1650, "без"),
                        (1700, "НДС"), (1800, "без НДС"), (1950, "337527,37")])]
    head = [_line(100, [(100, "Счет-фактура № 7 от 05.03.2025")]),
            _line(200, [(100, "№"), (300, "Наименование товара"), (1300, "Количество"),
                        (1500, "Цена"), (1700, "Стоимость")])]
    result = extract_fields([_page([*head, *rows])], "vat_invoice", None)
    (item,) = result.line_items
    assert (item.qty, item.price, item.amount) == ("1", "337527.37", "337527.37")


def test_a_paper_size_is_no_diameter() -> None:
    assert mend_name("Бумага офисная a4, 500 л.") == "Бумага офисная a4, 500 л."


def test_a_brand_abbreviation_before_its_model_is_latin_unless_a_unit_says_otherwise() -> None:
    assert mend_name("Источник питания АРС ВХ1000") == "Источник питания APC BX1000"
    assert mend_name("Картридж лазерный НР СЕ259Х") == "Картридж лазерный HP CE259X"
    assert mend_name("Источник питания APC вх1000") == "Источник питания APC BX1000"
    # A Russian rating beside the code, or a Cyrillic-only letter, keeps it Cyrillic.
    assert mend_name("Контактор КМ 220В") == "Контактор КМ 220В"
    assert mend_name("Цемент ПЦ 500 Д0") == "Цемент ПЦ 500 Д0"


def test_a_word_misread_by_a_look_alike_letter_takes_the_spelling_printed_elsewhere() -> None:
    seen = document_words(["Бумага", "для", "принтера", "Бумага", "Вода", "питьевая"])
    assert mend_by_document("Вумага для принтера", seen) == "Бумага для принтера"
    assert mend_by_document("Boga питьевая", seen) == "Вода питьевая"
    # A word printed as often as its look-alike, or not at all, is left as read.
    seen = document_words(["Вал", "Бумага", "Вумага"])
    assert mend_by_document("Вумага", seen) == "Вумага"
    assert mend_by_document("Бумага", seen) == "Бумага"
    assert mend_by_document("Ваза", document_words(["База", "Ваза"])) == "Ваза"


def test_a_row_name_read_with_b_for_be_is_set_right_by_another_row() -> None:
    rows = [_line(260, [(100, "1"), (300, "Bymara офисная"), (1500, "1"), (1700, "шт"),
                        (1900, "10,00"), (2200, "10,00")]),
            _line(310, [(100, "2"), (300, "Бумага цветная"), (1500, "1"), (1700, "шт"),
                        (1900, "10,00"), (2200, "10,00")])]
    result = extract_fields([_page(_onec(rows))], "payment_invoice", None)
    assert [i.name for i in result.line_items] == ["Бумага офисная", "Бумага цветная"]


def test_a_word_no_dictionary_knows_is_the_one_russian_word_its_ocr_look_alikes_give() -> None:
    # Read in Cyrillic with a letter or two misread, or in Latin letters throughout.
    assert mend_by_dictionary("Маспо моторное Лукойл Люжс 10W-40") == \
        "Масло моторное Лукойл Люкс 10W-40"
    assert mend_by_dictionary("Говядина оклажденная, ловатка") == "Говядина охлажденная, лопатка"
    assert mend_by_dictionary("Boga питьевая") == "Вода питьевая"
    assert mend_by_dictionary("Папка-peructpatop") == "Папка-регистратор"
    # Words the dictionary knows, brand names, model codes and readings that are one
    # change from two words ("Сгоп": стоп or сгон) are left as read.
    for name in ("Стол письменный 1200х600, дуб сонома", "Ноутбук Lenovo IdeaPad 3",
                 "Фотоаппарат Canon EOS", "Кабель ВВГнг-LS 3х2,5", "Сгоп письменный",
                 "Масло Лукойл Люкс", "Хлеб «Дарницкий» 700 г", "Картридж HP CF259X",
                 "Туалетная бумага Zewa"):
        assert mend_by_dictionary(name) == name


def test_goods_names_read_by_ocr_are_mended_by_the_dictionary_but_a_text_layer_is_not() -> None:
    row = _line(300, [(100, "1"), (300, "Boga питьевая"), (1500, "2"), (1700, "шт"),
                      (1900, "100,00"), (2200, "200,00")])
    total = _line(400, [(1800, "Итого:"), (2200, "200,00")])
    ocr = extract_fields([_page([*_onec([row]), total])], "payment_invoice", None)
    assert [i.name for i in ocr.line_items] == ["Вода питьевая"]
    # A text layer's name is printed text: kept as printed.
    printed = extract_fields([_page([*_onec([row]), total], "text_layer")], "payment_invoice", None)
    assert [i.name for i in printed.line_items] == ["Boga питьевая"]


def test_a_comma_read_as_a_full_stop_in_a_name_is_a_comma_but_abbreviations_keep_it() -> None:
    from recognizers.fields.names import clean_name

    def read(name: str) -> str:
        return clean_name(name.split(" "))

    assert read("Масло подсолнечное рафинированное. 1 л") == \
        "Масло подсолнечное рафинированное, 1 л"
    assert read("Саморез по дереву 3,5х35. уп. 200 шт") == "Саморез по дереву 3,5х35, уп. 200 шт"
    for name in ("Бумага офисная SvetoCopy A4 80 г/м2, 500 л.", "Саморез 3,5х35, уп. 200 шт",
                 "Труба диам. 20 мм", "Лист толщ. 2 мм"):
        assert read(name) == name


def test_a_unit_cell_read_in_latin_look_alikes_is_the_one_unit_they_spell() -> None:
    assert [mend_unit(u) for u in ("wr", "wT", "nap", "mec", "yn", "yen")] == [
        "шт", "шт", "пар", "мес", "уп", "усл"]
    # Units as printed, and cells that spell no unit, stay as read.
    for unit in ("шт", "кг", "or", "NA", "лопатка", None):
        assert mend_unit(unit) == unit
    rows = [_line(260, [(100, "1"), (300, "Заправка картриджа"), (1500, "2"), (1700, "wr"),
                        (1900, "1109,52"), (2200, "2219,04")])]
    (item,) = extract_fields([_page(_onec(rows), "ocr")], "payment_invoice", None).line_items
    assert item.unit == "шт"

