"""Line items and totals read from page words (a text layer or OCR words, same code)."""

from __future__ import annotations

from recognizers.fields import extract_fields
from recognizers.page import Page, Word

H = 24  # word height in pixels, as on a 300 dpi page


def _line(y: float, cells: list[tuple[float, str]], conf: float = 1.0) -> list[Word]:
    """Words of one printed line: each cell's text split at spaces, words 12 px per char."""
    words = []
    for x, text in cells:
        for part in text.split(" "):
            words.append(Word(part, x, y, 12 * len(part), H, conf))
            x += 12 * len(part) + 8
    return words


def _page(lines: list[list[Word]], source: str = "ocr") -> Page:
    words = [w for line in lines for w in line]
    return Page(1, 2480, 3508, words=words, text_source=source)  # type: ignore[arg-type]


def _onec_invoice(rows: list[list[Word]], totals: list[list[Word]], source: str) -> Page:
    head = [_line(100, [(100, "Счет на оплату № 12 от 05.03.2025")]),
            _line(200, [(100, "№"), (300, "Товары (работы, услуги)"), (1500, "Кол-во"),
                        (1700, "Ед."), (1900, "Цена"), (2200, "Сумма")])]
    return _page(head + rows + totals, source)


def test_mixed_rate_invoice_lines_get_the_rates_their_vat_totals_confirm() -> None:
    rows = [_line(260, [(100, "1"), (300, "Краска белая, 14 кг"), (1500, "6"), (1700, "шт"),
                        (1900, "2 043,54"), (2200, "12 261,24")]),
            _line(310, [(100, "2"), (300, "Сахар-песок, 1 кг"), (1500, "117,317"),
                        (1700, "кг"), (1900, "84,32"), (2200, "9 892,17")]),
            _line(360, [(100, "3"), (300, "Кабель ВВГнг-LS 3х2,5"), (1500, "50"), (1700, "м"),
                        (1900, "123,41"), (2200, "6 170,50")])]
    totals = [_line(420, [(1900, "Итого:"), (2200, "28 323,91")]),
              _line(460, [(1800, "Сумма НДС (10%):"), (2200, "989,22")]),
              _line(500, [(1800, "Сумма НДС (20%):"), (2200, "3 686,35")]),
              _line(540, [(1800, "Всего к оплате:"), (2200, "32 999,48")])]
    result = extract_fields([_onec_invoice(rows, totals, "text_layer")], "payment_invoice", None)
    got = [(i.vat_rate, i.vat, i.amount) for i in result.line_items]
    assert got == [("20", "2452.25", "14713.49"), ("10", "989.22", "10881.39"),
                   ("20", "1234.10", "7404.60")]
    assert result.fields.vat_rate == "mixed"
    assert result.fields.total == "32999.48"


def _upd_head() -> list[list[Word]]:
    return [_line(100, [(100, "Счет-фактура № 7 от 05.03.2025")]),
            _line(200, [(100, "№"), (300, "Наименование товара"), (1300, "Количество"),
                        (1500, "Цена"), (1700, "Стоимость")])]


def test_a_money_cell_wrapped_onto_a_second_line_is_read_whole() -> None:
    row = _line(260, [(100, "1"), (300, "Кресло офисное"), (1200, "шт"), (1300, "100"),
                      (1400, "9 629,99"), (1600, "962 999,00"), (1800, "20%"),
                      (1900, "192 599,8"), (2100, "1 155 598,80")])
    wrapped = [Word("0", 1900 + 12 * 3 + 8 + 12 * 4, 260 + H + 4, 12, H, 1.0)]
    total = _line(360, [(100, "Всего к оплате (9)"), (1600, "962 999,00"), (1800, "Х"),
                        (1900, "192 599,"), (2100, "1 155 598,80")])
    total_wrap = [Word("80", 1900 + 12 * 3 + 8 + 12 * 2, 360 + H + 4, 24, H, 1.0)]
    page = _page([*_upd_head(), row, wrapped, total, total_wrap], "text_layer")
    result = extract_fields([page], "vat_invoice", None)
    (item,) = result.line_items
    assert (item.amount, item.vat) == ("1155598.80", "192599.80")
    assert (result.fields.total, result.fields.vat) == ("1155598.80", "192599.80")


def test_the_next_pages_table_head_is_not_read_as_the_last_rows_name() -> None:
    row = _line(260, [(100, "1"), (300, "Цемент М500 Д0, 50 кг"), (1200, "меш"), (1300, "2"),
                      (1400, "525,72"), (1600, "1 051,44"), (1800, "22%"), (1900, "231,32"),
                      (2100, "1 282,76")])
    first = _page([*_upd_head(), row])
    second_words = [w for line in _upd_head()[1:] for w in line]
    second_words += _line(160, [(300, "работ, оказанных услуг), имущественного права")])
    second = Page(2, 2480, 3508, words=second_words, text_source="ocr")
    result = extract_fields([first, second], "upd", 1)
    assert [i.name for i in result.line_items] == ["Цемент М500 Д0, 50 кг"]


def _torg12_head() -> list[list[Word]]:
    return [_line(100, [(100, "ТОВАРНАЯ НАКЛАДНАЯ № 5 от 05.03.2025")]),
            _line(200, [(100, "Номер по порядку"), (300, "Товар наименование"),
                        (900, "Количество"), (1300, "Цена"), (1500, "Сумма")]),
            _line(240, [(x, str(n)) for n, x in enumerate(range(100, 2000, 120), start=1)])]


def test_scan_rows_with_a_garbled_row_number_and_a_lost_quantity_are_read() -> None:
    rows = [_line(300, [(100, "т"), (300, "Масло моторное, 4 л"), (800, "шт"), (870, "796"),
                        (1050, "50,000"), (1250, "1670,19"), (1450, "83 509,50"), (1650, "22"),
                        (1750, "18 372,09"), (1950, "101 881,59")], conf=0.9),
            # OCR dropped the quantity "2,000" of the second row.
            _line(350, [(100, "2"), (300, "Перчатки х/б с ПВХ"), (800, "пар"), (870, "715"),
                        (1250, "34,21"), (1450, "68,42"), (1650, "22"), (1750, "15,05"),
                        (1950, "83,47")], conf=0.9)]
    total = _line(420, [(100, "Всего по накладной"), (1050, "52,000"), (1450, "83 577,92"),
                        (1750, "18 387,14"), (1950, "101 965,06")], conf=0.9)
    result = extract_fields([_page([*_torg12_head(), *rows, total])], "torg12", None)
    got = [(i.name, i.qty, i.price, i.amount) for i in result.line_items]
    assert got == [("Масло моторное, 4 л", "50", "1670.19", "101881.59"),
                   ("Перчатки х/б с ПВХ", "2", "34.21", "83.47")]
    assert result.fields.total == "101965.06"


def test_a_quantity_glued_to_its_unit_is_split() -> None:
    rows = [_line(260, [(100, "1"), (300, "Монтаж электропроводки"), (1500, "4м"),
                        (1900, "224,10"), (2200, "896,40")], conf=0.9)]
    totals = [_line(320, [(1900, "Итого:"), (2200, "896,40")], conf=0.9),
              _line(360, [(1800, "Без налога (НДС)"), (2200, "-")], conf=0.9),
              _line(400, [(1800, "Всего к оплате:"), (2200, "896,40")], conf=0.9)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "act", None)
    (item,) = result.line_items
    assert (item.qty, item.unit, item.amount) == ("4", "м", "896.40")


def test_a_cyrillic_name_read_with_latin_twins_is_mended_but_brands_are_kept() -> None:
    rows = [_line(260, [(100, "1"), (300, "Kpacka белая, 14 кг"), (1500, "2"), (1700, "шт"),
                        (1900, "100,00"), (2200, "200,00")], conf=0.9),
            _line(310, [(100, "2"), (300, "Коробка картонная 600x400x400"), (1500, "1"),
                        (1700, "шт"), (1900, "50,00"), (2200, "50,00")], conf=0.9),
            _line(360, [(100, "3"), (300, "Маршрутизатор Keenetic Giga"), (1500, "1"),
                        (1700, "шт"), (1900, "10,00"), (2200, "10,00")], conf=0.9)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "260,00")], conf=0.9),
              _line(460, [(1800, "Всего к оплате:"), (2200, "260,00")], conf=0.9)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "payment_invoice", None)
    assert [i.name for i in result.line_items] == [
        "Краска белая, 14 кг", "Коробка картонная 600х400х400", "Маршрутизатор Keenetic Giga"]


def test_scan_totals_read_through_ocr_misreadings() -> None:
    """"без НДС" read as "6e3 HAC"; a total whose comma OCR dropped is taken back only where
    net + VAT = total says where the comma was."""
    row = _line(260, [(100, "1"), (300, "Кресло офисное"), (1200, "шт"), (1300, "2"),
                      (1400, "5 000,00"), (1600, "10 000,00"), (1800, "6e3 HAC"),
                      (2100, "10 000,00")], conf=0.9)
    total = _line(320, [(100, "Всего к ‚оплате (9)"), (1600, "10 000,00"), (1800, "Х"),
                        (1900, "6e3 HAC"), (2100, "10 000,00")], conf=0.9)
    result = extract_fields([_page([*_upd_head(), row, total])], "upd", 1)
    assert (result.fields.total, result.fields.vat, result.fields.vat_rate) == (
        "10000.00", "0.00", "none")
    row = _line(260, [(100, "1"), (300, "Кресло офисное"), (1200, "шт"), (1300, "2"),
                      (1400, "5 000,00"), (1600, "10 000,00"), (1800, "20%"),
                      (1900, "2 000,00"), (2100, "12 000,00")], conf=0.9)
    total = _line(320, [(100, "Всего к оплате (9)"), (1600, "1000000"), (1800, "Х"),
                        (1900, "2 000,00"), (2100, "12 000,00")], conf=0.9)
    result = extract_fields([_page([*_upd_head(), row, total])], "upd", 1)
    assert (result.fields.total, result.fields.vat) == ("12000.00", "2000.00")


def test_photo_rows_under_an_unreadable_head_with_amounts_that_lost_their_comma() -> None:
    head = [_line(100, [(100, "Счет-фактура № 7 от 05.03.2025")]),
            _line(200, [(100, "Ч — alt a am oer мой ra")], conf=0.4)]
    row = _line(260, [(100, "1"), (150, "="), (300, "Услуги по хранению"), (900, "м2"),
                      (1300, "50"), (1400, "991,36"), (1600, "4956800"), (1800, "безндс"),
                      (2100, "4956800")], conf=0.6)
    result = extract_fields([_page([*head, row])], "upd", 1)
    (item,) = result.line_items
    assert (item.name, item.qty, item.price, item.amount) == (
        "Услуги по хранению", "50", "991.36", "49568.00")


def test_an_amount_missing_its_leading_group_or_a_price_with_a_space_read_as_1() -> None:
    rows = [_line(260, [(100, "1"), (300, "Аудит отчетности"), (1500, "4"), (1700, "усл"),
                        (1900, "412 121,73"), (2200, "486,92")], conf=0.9),
            _line(310, [(100, "2"), (300, "Консультационные услуги"), (1500, "1"),
                        (1700, "час"), (1900, "51577,21"), (2200, "5 577,21")], conf=0.9)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "1 654 064,13")], conf=0.9),
              _line(440, [(1800, "Без налога (НДС)"), (2200, "-")], conf=0.9),
              _line(480, [(1800, "Всего к оплате:"), (2200, "1 654 064,13")], conf=0.9)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "act", None)
    got = [(i.price, i.amount) for i in result.line_items]
    assert got == [("412121.73", "1648486.92"), ("5577.21", "5577.21")]


def test_a_misread_first_row_number_and_a_lost_total_label_on_a_one_page_torg12() -> None:
    rows = [_line(300, [(100, "4"), (150, "—"), (300, "Поддон деревянный 1200x800 :"),
                        (800, "шт"), (870, "796"), (1050, "24,000"), (1250, "280,02"),
                        (1450, "6 720,48"), (1650, "22"), (1750, "1 478,51"),
                        (1950, "8 198,99")], conf=0.8)]
    totals = [_line(360, [(100, "Итого,"), (1050, "24,000"), (1300, "x"), (1450, "6 720,48"),
                          (1650, "x"), (1750, "1 478,51"), (1950, "8 198,99")], conf=0.8),
              _line(400, [(100, "yaaa __Beero no накладной"), (1050, "24,000"),
                          (1450, "6 72048"), (1750, "1 478,51"), (1950, "8.198,99")], conf=0.5)]
    result = extract_fields([_page([*_torg12_head(), *rows, *totals])], "torg12", None)
    (item,) = result.line_items
    assert (item.name, item.qty, item.amount) == ("Поддон деревянный 1200х800", "24", "8198.99")
    assert (result.fields.total, result.fields.vat) == ("8198.99", "1478.51")


def test_cell_rulings_read_as_brackets_on_a_photo_do_not_hide_rows() -> None:
    rows = [_line(260, [(90, "|"), (100, "1"), (300, "[Заправка картриджа"), (1500, "2]шт"),
                        (1900, "1109,52]"), (2200, "2219,04]")], conf=0.7),
            _line(310, [(90, "|"), (100, "2"), (300, "[Услуги по перевозке груза"),
                        (1500, "1|рейс"), (1900, "37 311,78]"), (2200, "37 311,78,")],
                  conf=0.7)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "39 530,82")], conf=0.9),
              _line(440, [(1800, "Без налога (НДС)"), (2200, "-")], conf=0.9),
              _line(480, [(1800, "Всего к оплате:"), (2200, "39 530,82")], conf=0.9)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "act", None)
    got = [(i.name, i.qty, i.unit, i.price, i.amount) for i in result.line_items]
    assert got == [("Заправка картриджа", "2", "шт", "1109.52", "2219.04"),
                   ("Услуги по перевозке груза", "1", "рейс", "37311.78", "37311.78")]


def test_a_short_first_word_with_a_full_stop_or_colon_stays_in_the_name() -> None:
    # Junk without its specks ("al," for 1) is junk only when it is no Cyrillic word.
    for name in ("Эл. энергия за октябрь", "ТО: замена масла", "Ст. 3 лист"):
        rows = [_line(260, [(100, "1"), (300, name), (1500, "1"), (1700, "усл"),
                            (1900, "1 000,00"), (2200, "1 000,00")], conf=0.9)]
        for source in ("ocr", "text_layer"):
            page = _onec_invoice(rows, [], source)
            (item,) = extract_fields([page], "act", None).line_items
            assert item.name == name, (name, source)


def test_a_price_read_as_one_long_digit_run_is_the_amount_over_the_quantity() -> None:
    # "230 313,53" read with its space and comma as 7s: no quantity is larger than the sum.
    rows = [_line(260, [(100, "1"), (300, "Аренда нежилого помещения"), (1500, "20"),
                        (1600, "мес"), (1750, "2307313753"), (2100, "4 606 270,60")],
                  conf=0.9)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "4 606 270,60")], conf=0.9),
              _line(460, [(1700, "НДС (20%):"), (2200, "921 254,12")], conf=0.9),
              _line(500, [(1800, "Всего к оплате:"), (2200, "5 527 524,72")], conf=0.9)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "act", None)
    (item,) = result.line_items
    assert (item.qty, item.unit, item.price) == ("20", "мес", "230313.53")


def test_a_garbled_price_ending_in_its_kopecks_is_no_quantity() -> None:
    # "3 121,12" read "ЗАЛ. 12": the 12 after the garble is the price's kopecks, not a quantity.
    rows = [_line(260, [(100, "1"), (300, "Обучение персонала по охране труда"), (1300, "100"),
                        (1450, "чел"), (1750, "ЗАЛ. 12"), (2100, "312 112,00")], conf=0.9)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "312 112,00")], conf=0.9),
              _line(500, [(1800, "Всего к оплате:"), (2200, "312 112,00")], conf=0.9)]
    (item,) = extract_fields([_onec_invoice(rows, totals, "ocr")], "act", None).line_items
    assert (item.qty, item.unit, item.price) == ("100", "чел", "3121.12")


def test_a_zero_rate_vat_line_read_without_its_comma_still_gives_the_rows_their_amounts() -> None:
    rows = [_line(260, [(100, "1"), (300, "Хлеб «Дарницкий» 700 г"), (1500, "100"),
                        (1700, "шт"), (1900, "65,21"), (2200, "6 521,00")], conf=0.7)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "6 521,00")], conf=0.7),
              _line(460, [(1700, "В том числе НДС (0%):"), (2200, "000")], conf=0.7),
              _line(500, [(1800, "Всего к оплате:"), (2200, "6 521,00")], conf=0.7)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "payment_invoice", None)
    (item,) = result.line_items
    assert (item.amount, item.vat_rate, item.vat) == ("6521.00", "0", "0.00")
    assert (result.fields.vat, result.fields.vat_rate) == ("0.00", "0")


def test_1c_totals_whose_figures_ocr_lost_still_give_the_rate_and_the_total_in_words() -> None:
    rows = [_line(260, [(100, "1"), (300, "Кресло офисное, черное"), (1500, "4"),
                        (1700, "шт"), (1900, "9 295,26"), (2200, "37 181,04")], conf=0.7)]
    totals = [_line(420, [(1900, "Итого:")], conf=0.7),
              _line(460, [(1700, "В том числе НДС (20%):")], conf=0.7),
              _line(500, [(1800, "Всего к оплате:")], conf=0.7),
              _line(560, [(100, "Всего наименований 1, на сумму 37 181.04 руб.")], conf=0.7)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "payment_invoice", None)
    (item,) = result.line_items
    assert (item.amount, item.vat_rate, item.vat) == ("37181.04", "20", "6196.84")
    assert (result.fields.total, result.fields.vat_rate) == ("37181.04", "20")


def test_a_total_with_vat_whose_thousands_space_was_read_as_1_is_corrected_by_net_plus_vat(
) -> None:
    # The rate cell "20%" was lost too: the VAT/net ratio gives it back first.
    row = _line(260, [(100, "3"), (300, "Краска белая, 14 кг"), (1200, "шт"), (1300, "1"),
                      (1400, "1501,00"), (1600, "1 501,00"), (1800, "без"), (1900, "300,20"),
                      (2100, "11801.20")], conf=0.8)
    row[0] = Word("1", row[0].x, row[0].y, row[0].w, row[0].h, row[0].conf)
    result = extract_fields([_page([*_upd_head(), row])], "vat_invoice", None)
    (item,) = result.line_items
    assert (item.amount, item.vat_rate, item.vat) == ("1801.20", "20", "300.20")


def test_text_far_below_the_last_row_is_not_its_name_when_the_total_line_was_lost() -> None:
    row = _line(260, [(100, "1"), (300, "Услуги по перевозке груза"), (1200, "рейс"),
                      (1300, "10"), (1400, "5 464,07"), (1600, "54 640,70"), (1800, "без НДС"),
                      (2100, "54 640,70")], conf=0.7)
    wrapped = _line(260 + H + 6, [(300, "по маршруту")], conf=0.7)
    footer = _line(700, [(300, "Руководитель организации или иное уполномоченное лицо")])
    result = extract_fields([_page([*_upd_head(), row, wrapped, footer])], "upd", 1)
    (item,) = result.line_items
    assert item.name == "Услуги по перевозке груза по маршруту"


def test_a_second_reading_of_a_row_line_does_not_count_the_row_twice() -> None:
    rows = [_line(260, [(100, "1"), (300, "Кабель ВВГнг-LS 3х2,5"), (1500, "50"), (1700, "м"),
                        (1900, "123,41"), (2200, "6 170,50")])]
    totals = [_line(420, [(1800, "Всего к оплате:"), (2200, "6 170,50")])]
    page = _onec_invoice(rows, totals, "ocr")
    page.rereads = [list(rows[0])]
    result = extract_fields([page], "payment_invoice", None)
    assert [(i.qty, i.price) for i in result.line_items] == [("50", "123.41")]


def test_a_torg12_price_ocr_garbled_or_lost_is_net_over_the_three_decimal_quantity() -> None:
    """The amounts right of a garbled price keep their columns: net + VAT = total at 22%."""
    rows = [_line(300, [(100, "1"), (300, "Источник питания APC BX1000"), (800, "шт"),
                        (870, "796"), (1050, "50,000"), (1250, "3 55252"),
                        (1450, "577 631,00"), (1650, "Ze"), (1750, "127 078,82"),
                        (1950, "704 709,82")], conf=0.8),
            _line(350, [(100, "2"), (300, "Лампа светодиодная E27 12 Вт"), (800, "шт"),
                        (870, "796"), (1050, "50,000"), (1250, "ПЕ"), (1450, "7 655,50"),
                        (1650, "ew |"), (1750, "1 684,21"), (1950, "9 339,71")], conf=0.8)]
    result = extract_fields([_page([*_torg12_head(), *rows])], "torg12", None)
    got = [(i.qty, i.price, i.amount, i.vat_rate, i.vat) for i in result.line_items]
    assert got == [("50", "11552.62", "704709.82", "22", "127078.82"),
                   ("50", "153.11", "9339.71", "22", "1684.21")]


def test_a_lost_net_amount_is_qty_times_price_when_vat_and_total_confirm_it() -> None:
    row = _line(260, [(100, "1"), (300, "Кабель ВВГнг-LS 3х2,5"), (1200, "м"), (1300, "3"),
                      (1400, "117,91"), (1600, "3537/3"), (1800, "без"), (1850, "20%"),
                      (1900, "70,75"), (2100, "424,48")], conf=0.8)
    result = extract_fields([_page([*_upd_head(), row])], "vat_invoice", None)
    (item,) = result.line_items
    assert (item.price, item.amount, item.vat_rate, item.vat) == (
        "117.91", "424.48", "20", "70.75")


def test_a_stamp_over_the_row_numbers_is_not_read_into_a_name() -> None:
    """OCR reads ink over the number column as tall "words" ("чого"): they are no text."""
    rows = [_line(260, [(100, "1"), (300, "Заправка картриджа"), (1500, "1"), (1700, "шт"),
                        (1900, "974,90"), (2200, "974,90")], conf=0.9),
            [Word("чого", 100, 310 + H / 2 - 4 * H, 48, 8 * H, 0.0),
             *_line(310, [(300, "Аудит отчетности"), (1500, "1"), (1700, "усл"),
                          (1900, "369 709,83"), (2200, "369 709,83")], conf=0.9)]]
    totals = [_line(420, [(1900, "Итого:"), (2200, "370 684,73")], conf=0.9),
              _line(460, [(1800, "Всего к оплате:"), (2200, "370 684,73")], conf=0.9)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "act", None)
    assert [i.name for i in result.line_items] == ["Заправка картриджа", "Аудит отчетности"]


def test_a_name_spaced_widely_by_ocr_runs_to_the_next_column_and_keeps_its_spaces() -> None:
    """"500 ммх   20 мкм": OCR glued "х" to "мм" and left a wide gap; the other rows show
    where the name column ends. A unit glued to its number ("1л") is spaced as printed."""
    def row(y: int, number: str, name: list[tuple[float, str]], qty: str, price: str,
            amount: str) -> list[Word]:
        return _line(y, [(100, number), *name, (1200, "шт"), (1300, qty), (1400, price),
                         (1600, amount), (1800, "без НДС"), (2100, amount)], conf=0.9)
    rows = [row(260, "1", [(300, "Молоко питьевое 3,2%, 1л")], "2", "100,00", "200,00"),
            row(310, "2", [(300, "Стрейч-пленка 500 ммх"), (580, "20 мкм")], "1", "50,00",
                "50,00")]
    result = extract_fields([_page([*_upd_head(), *rows])], "upd", 1)
    assert [i.name for i in result.line_items] == [
        "Молоко питьевое 3,2%, 1 л", "Стрейч-пленка 500 мм х 20 мкм"]


def test_ocr_names_get_the_script_of_the_brand_beside_them_and_a_misread_dollar_sign() -> None:
    def row(y: int, number: str, name: str) -> list[Word]:
        return _line(y, [(100, number), (300, name), (1500, "1"), (1700, "шт"),
                         (1900, "10,00"), (2200, "10,00")], conf=0.9)
    names = ["Картридж лазерный НР CF259X", "Источник питания АРС BX1000",
             "Клавиатура Logitech К120 USB", "Мука пшеничная B/C, 2 кг", "Кабель ВВГнг-[$ 3х2,5",
             "Арматура А500С d12", "Цемент М500 Д0, 50 кг"]
    rows = [row(260 + 50 * i, str(i + 1), name) for i, name in enumerate(names)]
    totals = [_line(700, [(1800, "Всего к оплате:"), (2200, "70,00")], conf=0.9)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "payment_invoice", None)
    assert [i.name for i in result.line_items] == [
        "Картридж лазерный HP CF259X", "Источник питания APC BX1000",
        "Клавиатура Logitech K120 USB", "Мука пшеничная в/с, 2 кг", "Кабель ВВГнг-LS 3х2,5",
        "Арматура А500С d12", "Цемент М500 Д0, 50 кг"]
    # A text layer's name is the printed text: even "IEK BA47" is kept as it is.
    rows = [row(260, "1", "Автоматический выключатель IEK ВА47-29 1Р 16А")]
    result = extract_fields([_onec_invoice(rows, totals, "text_layer")], "payment_invoice", None)
    assert result.line_items[0].name == "Автоматический выключатель IEK ВА47-29 1Р 16А"


def test_torg12_totals_read_through_no_for_po_and_a_net_that_kept_only_a_trailing_comma(
) -> None:
    total = _line(420, [(100, "Всего no накладной"), (1050, "34,000"), (1300, "х"),
                        (1450, "9663,57"), (1650, "х без HAC"), (1950, "9 663,57")], conf=0.7)
    result = extract_fields([_page([*_torg12_head(), total])], "torg12", None)
    assert (result.fields.total, result.fields.vat) == ("9663.57", "0.00")
    total = _line(420, [(100, "Всего по накладной —"), (1050, "37,000"), (1300, "X"),
                        (1450, "11941929,"), (1650, "x"), (1750, "26 272,25"),
                        (1950, "145 691,54")], conf=0.7)
    result = extract_fields([_page([*_torg12_head(), total])], "torg12", None)
    assert (result.fields.total, result.fields.vat) == ("145691.54", "26272.25")


def test_row_amounts_ocr_shifted_are_put_back_where_the_rows_arithmetic_holds() -> None:
    rows = [  # the VAT lost its comma ("1157" for 11,57)
        _line(300, [(100, "1"), (300, "Перчатки х/б с ПВХ"), (800, "пар"), (870, "715"),
                    (1050, "1,000"), (1250, "57,84"), (1450, "57,84"), (1650, "20"),
                    (1750, "1157"), (1950, "69,41")], conf=0.9),
        # the VAT read as digit soup: total - net at the printed 20%
        _line(350, [(100, "2"), (300, "Труба профильная 40х20х2 мм"), (800, "м"), (870, "006"),
                    (1050, "37,653"), (1250, "230,46"), (1450, "8 677,51"), (1650, "20"),
                    (1750, "15735350"), (1950, "10 413,01")], conf=0.9)]
    result = extract_fields([_page([*_torg12_head(), *rows])], "torg12", None)
    got = [(i.price, i.amount, i.vat_rate, i.vat) for i in result.line_items]
    assert got == [("57.84", "69.41", "20", "11.57"), ("230.46", "10413.01", "20", "1735.50")]
    # "без акциза | без НДС" read as "6e3 6e3 6e3 HOC": the total equal to the net is no VAT.
    row = _line(260, [(100, "1"), (300, "Вывоз твердых коммунальных отходов"), (1100, "113"),
                      (1200, "м3"), (1300, "1"), (1400, "1 146,66"), (1600, "1 146,66"),
                      (1800, "6e3 6e3 6e3 HOC"), (2100, "1 146,66")], conf=0.9)
    (item,) = extract_fields([_page([*_upd_head(), row])], "upd", 1).line_items
    assert (item.amount, item.vat_rate, item.vat) == ("1146.66", "none", "0.00")


def test_a_1c_amount_whose_thousands_space_was_read_as_1_and_a_speck_before_a_name() -> None:
    rows = [_line(260, [(100, "1"), (300, "'Монтаж электропроводки"), (1500, "12"),
                        (1700, "м"), (1900, "435,11"), (2200, "51221.32")], conf=0.9)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "5 221,32")], conf=0.9),
              _line(460, [(1800, "Без налога (НДС)"), (2200, "-")], conf=0.9),
              _line(500, [(1800, "Всего к оплате:"), (2200, "5 221,32")], conf=0.9)]
    (item,) = extract_fields([_onec_invoice(rows, totals, "ocr")], "act", None).line_items
    assert (item.name, item.amount) == ("Монтаж электропроводки", "5221.32")


def test_a_misread_vat_total_is_total_minus_net_when_the_rows_vat_says_so() -> None:
    row = _line(300, [(100, "1"), (300, "Хлеб «Дарницкий» 700 г"), (800, "шт"), (870, "796"),
                      (1050, "5,000"), (1250, "9 235,99"), (1450, "46 179,95"),
                      (1650, "без НДС"), (1950, "46 179,95")], conf=0.9)
    total = _line(420, [(100, "Всего по накладной"), (1050, "5.000"), (1450, "46 179,95"),
                        (1750, "6,00"), (1950, "46 179,95")], conf=0.9)
    result = extract_fields([_page([*_torg12_head(), row, total])], "torg12", None)
    assert (result.fields.total, result.fields.vat) == ("46179.95", "0.00")


def test_the_upd_total_line_with_k_read_as_x() -> None:
    total = _line(320, [(100, "всего x оплате (9)"), (1600, "23 159,37"), (1800, "х 6ез нас"),
                        (2100, "23 159.37")], conf=0.8)
    result = extract_fields([_page([*_upd_head(), total])], "vat_invoice", None)
    assert (result.fields.total, result.fields.vat) == ("23159.37", "0.00")


def test_a_row_number_with_a_speck_beside_it_still_starts_its_row() -> None:
    def row(y: int, number: str, name: str) -> list[Word]:
        return _line(y, [(100, number), (300, name), (800, "шт"), (870, "796"), (1050, "2,000"),
                         (1250, "300,00"), (1450, "600,00"), (1650, "20"), (1750, "120,00"),
                         (1950, "720,00")], conf=0.9)
    rows = [row(300 + 40 * n, str(n), f"Поддон деревянный {n}") for n in range(1, 10)]
    rows.append(row(700, "`10", "Щебень гранитный фр. 20-40"))
    rows.append(row(740, "*11", "Обслуживание оргтехники"))
    result = extract_fields([_page([*_torg12_head(), *rows])], "torg12", None)
    assert [i.name for i in result.line_items][-3:] == ["Поддон деревянный 9",
                                                        "Щебень гранитный фр. 20-40",
                                                        "Обслуживание оргтехники"]


def test_a_first_row_number_read_as_letters_with_a_comma_still_starts_its_row() -> None:
    # "1" read "al," on a clean УПД scan, the code column empty ("--"): the row was lost.
    rows = [_line(260, [(100, "al,"), (200, "--"), (300, "Услуги связи за период"),
                        (1100, "yen"), (1300, "100"), (1400, "6 508,99"), (1600, "650 899,00"),
                        (1800, "без НДС"), (1900, "без НДС"), (2100, "650 899,00")], conf=0.9),
            _line(300, [(100, "2"), (200, "--"), (300, "Погрузочно-разгрузочные работы"),
                        (1100, "час"), (1300, "1"), (1400, "1 481,27"), (1600, "1 481,27"),
                        (1800, "без НДС"), (1900, "без НДС"), (2100, "1 481,27")], conf=0.9)]
    total = _line(380, [(100, "Всего к оплате (9)"), (1600, "652 380,27"), (1900, "без НДС"),
                        (2100, "652 380,27")], conf=0.9)
    items = extract_fields([_page([*_upd_head(), *rows, total])], "upd", 1).line_items
    assert [(i.name, i.qty, i.amount) for i in items] == [
        ("Услуги связи за период", "100", "650899.00"),
        ("Погрузочно-разгрузочные работы", "1", "1481.27")]


def test_upd_rows_with_a_dash_read_as_a_flat_word_and_a_number_run_into_its_code() -> None:
    def row(y: int, number: str, name: str) -> list[Word]:
        return _line(y, [(100, number), (300, name), (1100, "шт"), (1300, "2"),
                         (1400, "100,00"), (1600, "200,00"), (1800, "20%"), (1900, "40,00"),
                         (2100, "240,00")], conf=0.9)
    rows = [row(260 + 40 * n, str(n), f"Поддон деревянный {n}") for n in range(1, 11)]
    # The code column's dash read as "poe", two pixels tall, right of row 4's number.
    rows[3].insert(1, Word("poe", 200, 260 + 40 * 4 + 10, 30, 2, 0.3))
    # Row 11's number run into its code: "1116231".
    rows.append(row(260 + 40 * 11, "1116231", "Саморез по дереву"))
    rows.append(row(260 + 40 * 12, "12", "Масло моторное"))
    items = extract_fields([_page([*_upd_head(), *rows])], "upd", 1).line_items
    names = [i.name for i in items]
    assert names[3] == "Поддон деревянный 4"
    assert names[10:] == ["Саморез по дереву", "Масло моторное"]


def test_the_rate_is_read_from_its_own_cell_and_a_misread_article_code_is_no_name() -> None:
    # A "5" right of the VAT amount (another column's) is not the rate; VAT / net says 10%.
    row = _line(260, [(100, "1"), (200, "APT-S13"), (300, "Сахар-песок, 1 кг"), (1100, "166"),
                      (1200, "кг"), (1300, "10"), (1400, "86,23"), (1600, "862,30"),
                      (1800, "без $"), (1900, "86,23"), (2000, "34853"), (2100, "- ма 5")],
                 conf=0.8)
    (item,) = extract_fields([_page([*_upd_head(), row])], "upd", 1).line_items
    assert (item.name, item.amount, item.vat_rate) == ("Сахар-песок, 1 кг", "948.53", "10")
    for code in ("АрРТ-6724", "APT-5S653", "АРТ.3019"):
        row = _line(260, [(100, "1"), (200, code), (300, "Заправка картриджа"), (1100, "796"),
                          (1200, "шт"), (1300, "2"), (1400, "500,00"), (1600, "1 000,00"),
                          (1800, "без акциза"), (1900, "20%"), (2000, "200,00"),
                          (2100, "1 200,00")], conf=0.8)
        (item,) = extract_fields([_page([*_upd_head(), row])], "upd", 1).line_items
        assert item.name == "Заправка картриджа"


def test_the_one_1c_row_off_its_arithmetic_takes_qty_times_price_where_the_total_agrees() -> None:
    rows = [_line(260, [(100, "1"), (300, "Детское пюре яблочное, 90 г"), (1500, "2"),
                        (1700, "шт"), (1900, "47,68"), (2200, "35,36")], conf=0.7),
            _line(310, [(100, "2"), (300, "Поддон деревянный 1200х800"), (1500, "50"),
                        (1700, "шт"), (1900, "423,57"), (2200, "21 178,50")], conf=0.7)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "21 273,86")], conf=0.7),
              _line(460, [(1800, "Без налога (НДС)"), (2200, "-")], conf=0.7),
              _line(500, [(1800, "Всего к оплате:"), (2200, "21 273,86")], conf=0.7)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "payment_invoice", None)
    assert [i.amount for i in result.line_items] == ["95.36", "21178.50"]


def test_two_1c_amounts_a_kopeck_figure_off_and_a_cut_net_total_are_mended_by_the_total() -> None:
    """A poor scan's act: two rows' amounts misread in a kopeck figure ("1 975 709,62" for
    10 × 197 570,96) and "Итого" cut to "3033 271,3". The total and VAT, with the rows at
    qty × price, add up to the kopeck, so each of the three readings confirms the others."""
    rows = [_line(260, [(100, "1"), (300, "Услуги связи за период"), (1500, "100"),
                        (1700, "усл"), (1900, "10 398,70"), (2200, "1039 870,09")], conf=0.7),
            _line(310, [(100, "2"), (300, "Абонентское обслуживание"), (1500, "1"),
                        (1700, "мес"), (1900, "9 513,06"), (2200, "9 513,06")], conf=0.7),
            _line(360, [(100, "3"), (300, "Услуги охраны объекта"), (1500, "10"),
                        (1700, "мес"), (1900, "197 570,96"), (2200, "1975 709,62")], conf=0.7)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "3025 092,6")], conf=0.7),
              _line(460, [(1800, "Сумма НДС (10%):"), (2200, "302 509,27")], conf=0.7),
              _line(500, [(1800, "Всего (с учетом НДС):"), (2200, "3 327 601,93")], conf=0.7)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "act", None)
    assert [i.amount for i in result.line_items] == ["1143857.00", "10464.37", "2173280.56"]
    assert (result.fields.total, result.fields.vat) == ("3327601.93", "302509.27")
    assert result.field_confidence["total"] >= 0.99 and "total" not in result.disputed
    # A total the rows at qty × price do not give stays disputed, the rows as read.
    totals[2] = _line(500, [(1800, "Всего (с учетом НДС):"), (2200, "3 327 601,99")], conf=0.7)
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "act", None)
    assert result.line_items[0].amount == "1143857.10"
    assert result.field_confidence["total"] < 0.85


def test_a_lost_net_total_is_total_minus_vat_when_the_rows_nets_give_it_exactly() -> None:
    """A photo's payment invoice whose "Итого" line OCR lost: the VAT and the total, read once
    each, are confirmed by the rows' nets adding up to total - VAT to the kopeck."""
    rows = [_line(260, [(100, "1"), (300, "Стрейч-пленка 500 мм"), (1500, "2"), (1700, "рул"),
                        (1900, "806,99"), (2200, "1 613,98")], conf=0.9),
            _line(310, [(100, "2"), (300, "Подшипник 6205-2RS"), (1500, "1"), (1700, "шт"),
                        (1900, "283,79"), (2200, "283,79")], conf=0.9)]
    totals = [_line(460, [(1800, "Сумма НДС (20%):"), (2200, "379,55")], conf=0.9),
              _line(500, [(1800, "Всего к оплате:"), (2200, "2 277,32")], conf=0.9)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "payment_invoice", None)
    conf = result.field_confidence
    assert (result.fields.total, result.fields.vat, result.fields.vat_rate) == \
        ("2277.32", "379.55", "20")
    assert min(conf["total"], conf["vat"], conf["vat_rate"]) >= 0.99
    # A kopeck off, the rows do not vouch for the total.
    totals[1] = _line(500, [(1800, "Всего к оплате:"), (2200, "2 277,33")], conf=0.9)
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "payment_invoice", None)
    assert result.field_confidence["total"] < 0.85


def test_an_act_of_eighteen_lines_at_two_rates_gets_each_lines_rate() -> None:
    """A 1С act prints only the net of each line and a VAT total per rate: the one split of
    its 18 lines between 10% and 20% that makes both totals gives each line its rate."""
    import random
    from decimal import Decimal

    from recognizers.checks.vat import vat_on_top

    # Amounts from 500 to 300 000 roubles; with this seed only one split makes both totals
    # (with others a second split may happen to, and the rates are then left unsaid).
    rng = random.Random(0)
    nets = [Decimal(rng.randint(50000, 30000000)) / 100 for _ in range(18)]
    rates = [rng.choice(["10", "20"]) for _ in range(18)]
    vats = [vat_on_top(n, r) for n, r in zip(nets, rates, strict=True)]

    def money(value: Decimal) -> str:
        whole, kopecks = f"{value:.2f}".split(".")
        return f"{int(whole):,}".replace(",", " ") + "," + kopecks

    rows = [_line(260 + 50 * i, [(100, str(i + 1)), (300, f"Услуга {i + 1}"), (1500, "1"),
                                 (1700, "усл"), (1900, money(n)), (2200, money(n))])
            for i, n in enumerate(nets)]
    by_rate = {r: sum((v for v, rr in zip(vats, rates, strict=True) if rr == r), Decimal(0))
               for r in ("10", "20")}
    y = 260 + 50 * 18
    totals = [_line(y, [(1900, "Итого:"), (2200, money(sum(nets, Decimal(0))))]),
              _line(y + 40, [(1800, "Сумма НДС (10%):"), (2200, money(by_rate["10"]))]),
              _line(y + 80, [(1800, "Сумма НДС (20%):"), (2200, money(by_rate["20"]))]),
              _line(y + 120, [(1800, "Всего (с учетом НДС):"),
                              (2200, money(sum(nets, Decimal(0)) + sum(vats, Decimal(0))))])]
    page = _page([_line(100, [(100, "Акт № 12 от 05.03.2025")]),
                  _line(200, [(100, "№"), (300, "Наименование"), (1500, "Кол-во"),
                              (1700, "Ед."), (1900, "Цена"), (2200, "Сумма")]),
                  *rows, *totals], "text_layer")
    result = extract_fields([page], "act", None)
    assert [i.vat_rate for i in result.line_items] == rates
    assert [i.vat for i in result.line_items] == [f"{v:.2f}" for v in vats]


def test_a_no_vat_rate_cell_ocr_garbled_still_says_no_vat_and_the_rate_holds() -> None:
    """"без НДС" read as "бе HAC" in one row: that row is без НДС too, not a 0 % row
    contradicting the others (which had kept the document's rate from being confirmed)."""
    rows = [_line(260, [(100, "1"), (300, "Поддон деревянный 1200x800"), (1200, "шт"),
                        (1300, "2"), (1400, "156,20"), (1600, "312,40"), (1800, "без НДС"),
                        (1950, "--"), (2100, "312,40")], conf=0.8),
            _line(310, [(100, "2"), (300, "Детское пюре яблочное, 90 г"), (1200, "шт"),
                        (1300, "50"), (1400, "39,85"), (1600, "1 992,50"), (1800, "бе HAC"),
                        (1950, "--"), (2100, "1 992,50")], conf=0.8)]
    total = _line(400, [(100, "Всего к оплате (9)"), (1600, "2 304,90"), (1800, "без НДС"),
                        (2100, "2 304,90")], conf=0.8)
    result = extract_fields([_page([*_upd_head(), *rows, total])], "vat_invoice", None)
    assert [i.vat_rate for i in result.line_items] == ["none", "none"]
    assert result.fields.vat_rate == "none"


def test_the_excise_columns_bez_beside_a_printed_zero_rate_is_no_without_vat() -> None:
    """"без" (акциза) before the rate cell "0%" whose VAT cell OCR lost: the row is 0 %."""
    row = _line(260, [(100, "1"), (300, "Кресло офисное, черное"), (1200, "шт"), (1300, "100"),
                      (1400, "13 766,70"), (1600, "1 376 670,00"), (1750, "без"), (1850, "0%"),
                      (1950, "*"), (2100, "1 376 670,00")], conf=0.8)
    total = _line(400, [(100, "Всего к оплате (9)"), (1600, "1 376 670,00"), (1900, "0,00"),
                        (2100, "1 376 670,00")], conf=0.8)
    result = extract_fields([_page([*_upd_head(), row, total])], "vat_invoice", None)
    (item,) = result.line_items
    assert (item.vat_rate, item.vat, item.amount) == ("0", "0.00", "1376670.00")


def test_a_row_whose_number_and_amount_ocr_lost_is_no_part_of_the_row_above() -> None:
    """A ruling read over the row number and the amount garbled ("З5З. 12"): the line's price
    still stands in the figure columns, so it is a row of its own, not the name above running
    on; and a price that lost a digit ("27.32") is net / qty where that gives the reading."""
    rows = [_line(260, [(100, "1"), (300, "Автоматический выключатель IEK"), (1500, "2"),
                        (1700, "шт"), (1900, "193,61"), (2200, "387,22")], conf=0.9),
            _line(300, [(300, "Клавиатура Logitech K120 USB"), (1500, "3"), (1700, "шт"),
                        (1900, "1 179,04"), (2200, "З5З. 12")], conf=0.9),
            _line(340, [(100, "3"), (300, "Поддон деревянный"), (1500, "3"), (1700, "шт"),
                        (1900, "27.32"), (2200, "651,96")], conf=0.9)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "4 576,30")], conf=0.9),
              _line(460, [(1800, "Всего к оплате:"), (2200, "4 576,30")], conf=0.9)]
    items = extract_fields([_onec_invoice(rows, totals, "ocr")], "act", None).line_items
    assert [(i.name, i.qty, i.price) for i in items] == [
        ("Автоматический выключатель IEK", "2", "193.61"),
        ("Клавиатура Logitech K120 USB", "3", "1179.04"),
        ("Поддон деревянный", "3", "217.32")]


def test_an_amount_that_gained_a_digit_is_mended_before_the_price_is_doubted() -> None:
    rows = [_line(260, [(100, "1"), (300, "Монтаж электропроводки"), (1500, "1"),
                        (1700, "шт"), (1900, "5 577,21"), (2200, "51577,21")], conf=0.9)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "5 577,21")], conf=0.9),
              _line(460, [(1800, "Без налога (НДС)"), (2200, "-")], conf=0.9),
              _line(500, [(1800, "Всего к оплате:"), (2200, "5 577,21")], conf=0.9)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "act", None)
    (item,) = result.line_items
    assert (item.price, item.amount) == ("5577.21", "5577.21")
    assert not any(i.code == "totals_mismatch" for i in result.issues)



def test_totals_lines_under_the_last_row_are_no_rows_whose_number_was_lost() -> None:
    from recognizers.fields.layout import Line
    from recognizers.fields.table import _lost_start
    from recognizers.textnorm import fold_keep

    def lost(cells: list[tuple[float, str]]) -> int | None:
        line = Line(page=1, words=_line(300, cells, conf=0.9))
        return _lost_start(line, fold_keep(line.text), name_left=300, tail_left=1500)

    assert lost([(300, "Клавиатура Logitech K120 USB"), (1500, "3"), (1700, "шт"),
                 (1900, "1 179,04"), (2200, "З5З. 12")]) == 0
    assert lost([(300, "в т.ч. НДС 20%"), (1900, "108,66"), (2200, "108,66")]) is None
    assert lost([(300, "Итоrо:"), (1900, "651,96"), (2200, "651,96")]) is None
    assert lost([(300, "синяя"), (2200, "108,66")]) is None  # a name's second line, a VAT
