"""Document totals and their confirmations, and repairs of what OCR lost or misread in the
totals row (page words as in tests/test_fields_items.py)."""

from __future__ import annotations

from decimal import Decimal

from recognizers.fields import extract_fields
from recognizers.fields.confidence import CONFIRMED, REVIEW_THRESHOLD
from recognizers.fields.layout import document_lines
from recognizers.page import Page, Word
from tests.test_fields_items import _line, _onec_invoice, _page, _torg12_head, _upd_head


def test_zero_vat_rows_read_as_both_0_and_none_are_one_rate_never_confirmed() -> None:
    from recognizers.fields.items import _rates, _rates_disagree
    from recognizers.fields.table import Row
    from recognizers.fields.totals import Totals

    rows = [Row(i, rate=r) for i, r in enumerate(["0", "0", "none", "0"], start=1)]
    assert _rates(rows, Totals(), "vat_invoice") == {"0"}
    # The totals row's "без НДС" outweighs the rate cells.
    assert _rates(rows, Totals(no_vat=True), "vat_invoice") == {"none"}
    assert _rates_disagree(rows, {"0"})
    # Rows all "0%" under a totals row that says "без НДС": the document is без НДС, and its
    # rows disagree with it.
    zeros = [Row(1, rate="0"), Row(2, rate="0")]
    assert _rates(zeros, Totals(no_vat=True), "torg12") == {"none"}
    assert _rates_disagree(zeros, {"none"})
    # Real rates that differ stay a mixed document.
    rows = [Row(1, rate="20"), Row(2, rate="10")]
    assert _rates(rows, Totals(), "upd") == {"20", "10"}


def test_totals_row_confirms_itself_when_its_vat_is_the_net_at_a_rate() -> None:
    from decimal import Decimal as D

    from recognizers.fields.items import _rate_by_totals, _vat_at_a_rate
    from recognizers.fields.table import Row
    from recognizers.fields.totals import Totals

    totals = Totals(net=D("1000.00"), vat=D("200.00"), total=D("1200.00"))
    assert _vat_at_a_rate(totals, 1)
    # A misread VAT digit breaks it; "без НДС" (net and total the same digits) never counts.
    assert not _vat_at_a_rate(Totals(net=D("1000.00"), vat=D("280.00"), total=D("1280.00")), 1)
    assert not _vat_at_a_rate(Totals(net=D("5.00"), vat=D("0.00"), total=D("5.00"),
                                     no_vat=True), 1)
    rows = [Row(1, rate="20"), Row(2, rate="20")]
    assert _rate_by_totals({"20"}, rows, totals)
    assert not _rate_by_totals({"10"}, [Row(1, rate="10")], totals)
    assert not _rate_by_totals({"20"}, [Row(1, rate="20"), Row(2, rate="10")], totals)


def test_amount_in_words_is_a_second_reading_of_the_total() -> None:
    from decimal import Decimal as D

    from recognizers.fields.amount_words import amount_in_words

    assert amount_in_words("— Семьсот двадцать шесть тысяч пятьсот пятьдесят пять рублей 57 "
                           "выданной") == D("726555.57")
    assert amount_in_words("Один миллион сто сорок шесть тысяч двести два рубля 10 копеек"
                           ) == D("1146202.10")
    # One OCR slip in a long word is read through; a word that is no number word is no reading.
    assert amount_in_words("Двенадцать тысяч триста рублeй 05 копеек") == D("12300.05")
    assert amount_in_words("Двенадцать тыщ триста рублей 05 копеек") is None
    assert amount_in_words("Двенадцать тысяч триста рублей") is None  # kopecks lost
    # A damaged word before the amount may be its head: no reading rather than its tail.
    assert amount_in_words("Джсшн девяносто две тысячи шестьдесят четыре рубля 17 копеек") is None


def test_torg12_total_confirmed_by_its_amount_in_words() -> None:
    page = _page([*_torg12_head(),
                  _line(2000, [(100, "Всего по накладной 2,000 x 360050 x без НДС 3 699,50")]),
                  _line(2100, [(100, "Всего отпущено на сумму Три тысячи шестьсот девяносто "
                                     "девять рублей 50 копеек")])])
    result = extract_fields([page], "torg12", None)
    assert (result.fields.total, result.fields.vat) == ("3699.50", "0.00")
    assert result.field_confidence["total"] >= 0.99


def test_a_speck_before_a_row_number_and_a_totals_row_that_lost_its_total() -> None:
    """A poor scan's "- 2 Проведение …" is row 2; "Всего к оплате 15 989,22 x 3 197,84" with
    the total's cell unread is net and VAT (the rows' sums say so), and the total their sum."""
    def row(y: int, number: str, name: str, net: str, vat: str, gross: str) -> list[Word]:
        return _line(y, [(100, number), (300, name), (1200, "шт"), (1300, "1"),
                         (1400, net), (1600, net), (1750, "без акциза"), (1900, "20%"),
                         (2000, vat), (2150, gross)], conf=0.9)

    def doc(*totals: str) -> Page:
        cells = [(1600, totals[0]), (1750, "х"), *zip((2000, 2150), totals[1:], strict=False)]
        return _page([*_upd_head(), *rows, _line(360, [(100, "Всего к оплате (9)"), *cells],
                                                     conf=0.9)])

    rows = [row(260, "1", "Вывоз коммунальных отходов", "8 794,80", "1 758,96", "10 553,76"),
            row(300, "- 2", "Проведение специальной оценки", "7 194,42", "1 438,88",
                "8 633,30")]
    result = extract_fields([doc("15 989,22", "3 197,84")], "vat_invoice", None)
    assert [i.amount for i in result.line_items] == ["10553.76", "8633.30"]
    assert (result.fields.total, result.fields.vat) == ("19187.06", "3197.84")
    # A figure nobody read is not as sure as one read and confirmed.
    full = extract_fields([doc("15 989,22", "3 197,84", "19 187,06")], "vat_invoice", None)
    assert full.fields.total == "19187.06"
    assert result.field_confidence["total"] < full.field_confidence["total"]
    # Figures the rows do not add up to are not placed anywhere.
    off = extract_fields([doc("15 989,22", "3 917,84")], "vat_invoice", None)
    assert off.fields.total is None


def test_scraps_after_a_symbol_at_the_end_of_a_name_are_cut_but_a_unit_is_kept() -> None:
    from recognizers.fields.names import clean_name

    assert clean_name(["Разработка", "программного", "обеспечения", "<—", "иг"]) == (
        "Разработка программного обеспечения")
    assert clean_name(["Масло", "подсолнечное", "рафинированное,", "1", "л"]) == (
        "Масло подсолнечное рафинированное, 1 л")
    assert clean_name(["Бумага", "офисная", "(белая)", "А4"]) == "Бумага офисная (белая) А4"
    assert clean_name(["Услуги", "охраны", "объекта", "ss"]) == "Услуги охраны объекта"
    assert clean_name(["Услуги", "по", "перевозке", "груза."]) == "Услуги по перевозке груза"
    assert clean_name(["Бумага", "офисная", "А4,", "500", "л."]) == "Бумага офисная А4, 500 л."
    assert clean_name(["Ноутбук", "Lenovo", "IdeaPad", "3"]) == "Ноутбук Lenovo IdeaPad 3"
    assert clean_name(["Щебень", "гранитный", "фр.", "20-40."]) == "Щебень гранитный фр. 20-40"
    assert clean_name(["Коробка", "картонная", "600х400х400."]) == "Коробка картонная 600х400х400"


def test_a_row_total_and_the_document_total_with_one_digit_misread_are_net_plus_vat() -> None:
    """'1 695 913,57' for 1 695 943,57 in a row whose qty × price and VAT hold, and the
    document's '2 008 455,06' for 2 008 465,06 where its net + VAT and the rows agree."""
    rows = [_line(260, [(100, "1"), (300, "Услуги охраны объекта"), (1200, "мес"),
                        (1300, "12"), (1400, "115 843,14"), (1600, "1 390 117,68"),
                        (1750, "без акциза"), (1900, "22%"), (2000, "305 825,89"),
                        (2150, "1 695 913,57")], conf=0.9),
            _line(300, [(100, "2"), (300, "Услуги по перевозке груза"), (1200, "рейс"),
                        (1300, "4"), (1400, "64 041,29"), (1600, "256 165,16"),
                        (1750, "без акциза"), (1900, "22%"), (2000, "56 356,33"),
                        (2150, "312 521,49")], conf=0.9)]
    total = _line(360, [(100, "Всего к оплате (9)"), (1600, "1 646 282,84"), (1750, "х"),
                        (2000, "362 182,22"), (2150, "2 008 455,06")], conf=0.9)
    result = extract_fields([_page([*_upd_head(), *rows, total])], "vat_invoice", None)
    assert [i.amount for i in result.line_items] == ["1695943.57", "312521.49"]
    assert result.fields.total == "2008465.06"


def test_a_total_with_its_ruling_read_as_a_leading_1_is_the_rows_total() -> None:
    """'17225,09' for 7 225,09: total - VAT made the net '16 020,91' for the printed 6 020,91;
    the row's total and net, to the kopeck, say what both are."""
    row = _line(260, [(100, "1"), (300, "Погрузочно-разгрузочные работы"), (1200, "час"),
                      (1300, "3"), (1400, "2 006,97"), (1600, "6 020,91"), (1750, "без акциза"),
                      (1900, "20%"), (2000, "1 204,18"), (2150, "7225,09")], conf=0.9)
    total = _line(360, [(100, "Всего к оплате (9)"), (1600, "6 020,91"), (1750, "х"),
                        (2000, "1 204,18"), (2150, "17225,09")], conf=0.9)
    result = extract_fields([_page([*_upd_head(), row, total])], "upd", 1)
    assert (result.fields.total, result.fields.vat) == ("7225.09", "1204.18")
    # Rows that do not add up to it (a row lost) leave the total as read, and unsure.
    other = _line(260, [(100, "1"), (300, "Погрузочно-разгрузочные работы"), (1200, "час"),
                        (1300, "2"), (1400, "2 006,97"), (1600, "4 013,94"),
                        (1750, "без акциза"), (1900, "20%"), (2000, "802,79"),
                        (2150, "4 816,73")], conf=0.9)
    result = extract_fields([_page([*_upd_head(), other, total])], "upd", 1)
    assert result.fields.total == "17225.09"
    assert result.field_confidence["total"] < REVIEW_THRESHOLD


def test_a_total_a_kopeck_off_the_rows_sum_is_not_confirmed_by_it() -> None:
    """Printed line totals add up to the printed total exactly: '26 797,98' against rows of
    26 797,99 is a misread digit, however close."""
    def doc(total: str) -> Page:
        rows = [_line(300 + 40 * n, [(100, str(n)), (300, f"Товар {n}"), (800, "шт"),
                                     (870, "796"), (1050, "1,000"), (1250, price),
                                     (1450, price), (1650, "без НДС"), (1950, price)],
                      conf=0.9)
                for n, price in ((1, "10 000,00"), (2, "16 797,99"))]
        totals = _line(420, [(100, "Всего по накладной"), (1050, "2,000"), (1450, total),
                             (1650, "без НДС"), (1950, total)], conf=0.9)
        return _page([*_torg12_head(), *rows, totals])

    right = extract_fields([doc("26 797,99")], "torg12", None)
    off = extract_fields([doc("26 797,98")], "torg12", None)
    assert right.fields.total == "26797.99" and off.fields.total == "26797.98"
    assert off.field_confidence["total"] < right.field_confidence["total"]
    assert off.field_confidence["total"] < REVIEW_THRESHOLD


def test_a_net_a_kopeck_off_does_not_move_a_right_total_and_nakladnoy_read_with_m() -> None:
    rows = [_line(300 + 40 * n, [(100, str(n)), (300, f"Товар {n}"), (800, "шт"), (870, "796"),
                                 (1050, "1,000"), (1250, net), (1450, net), (1650, "20"),
                                 (1750, vat), (1950, gross)], conf=0.9)
            for n, net, vat, gross in ((1, "400,66", "80,13", "480,79"),
                                       (2, "21 930,99", "4 386,20", "26 317,19"))]

    def total(net: str, gross: str) -> str | None:
        line = _line(420, [(100, "Всего по макладной"), (1050, "2,000"), (1450, net),
                           (1750, "4 466,33"), (1950, gross)], conf=0.9)
        return extract_fields([_page([*_torg12_head(), *rows, line])], "torg12", None).fields.total

    # A digit of the total misread: net + VAT, which the rows add up to exactly.
    assert total("22 331,65", "26 797,88") == "26797.98"
    # The net read a kopeck off: net + VAT is one digit from the total as read, but the rows
    # add up to the total as read, which stays.
    assert total("22 331,66", "26 797,98") == "26797.98"


def test_a_rate_cell_misread_as_0_beside_a_vat_takes_the_rate_the_vat_gives() -> None:
    """'0' in the rate cell of a row whose VAT is 5% of its net: the document is all 5%, not
    'mixed'."""
    def row(y: int, n: int, rate: str) -> list[Word]:
        return _line(y, [(100, str(n)), (300, f"Товар {n}"), (800, "шт"), (870, "796"),
                         (1050, "1,000"), (1250, "23 837,04"), (1450, "23 837,04"),
                         (1650, rate), (1750, "1 191,85"), (1950, "25 028,89")], conf=0.9)

    totals = _line(420, [(100, "Всего по накладной"), (1050, "2,000"), (1450, "47 674,08"),
                         (1750, "2 383,70"), (1950, "50 057,78")], conf=0.9)
    rows = [row(300, 1, "5"), row(340, 2, "0")]
    result = extract_fields([_page([*_torg12_head(), *rows, totals])], "torg12", None)
    assert [i.vat_rate for i in result.line_items] == ["5", "5"]
    assert result.fields.vat_rate == "5"


def test_a_row_whose_vat_cells_were_lost_does_not_make_the_document_mixed() -> None:
    """A photo's row read as "0" and "0,00" (its VAT cells lost) beside 20% rows, under a
    totals row whose VAT is exactly 20% of its net: the document is 20%, and not sure."""
    rows = [_line(300, [(100, "1"), (300, "Кресло офисное"), (800, "шт"), (870, "796"),
                        (1050, "1,000"), (1250, "1 000,00"), (1450, "1 000,00"), (1650, "20"),
                        (1750, "200,00"), (1950, "1 200,00")], conf=0.9),
            _line(340, [(100, "2"), (300, "Вода питьевая, 19 л"), (800, "шт"), (870, "796"),
                        (1050, "1,000"), (1250, "398,47"), (1450, "398,47"), (1650, "0"),
                        (1750, "0,00"), (1950, "398,47")], conf=0.9)]
    totals = _line(420, [(100, "Всего по накладной"), (1050, "2,000"), (1450, "1 398,47"),
                         (1750, "279,69"), (1950, "1 678,16")], conf=0.9)
    result = extract_fields([_page([*_torg12_head(), *rows, totals])], "torg12", None)
    assert result.fields.vat_rate == "20"
    assert result.field_confidence["vat_rate"] < REVIEW_THRESHOLD


def _words(line: int, items: list[tuple[str, int, int]]) -> list[Word]:
    return [Word(text, x, 486 + 33 * (line - 19), w, 29, 1.0, line) for text, x, w in items]


def test_totals_wrapped_inside_their_cells_are_joined_back() -> None:
    # A счёт-фактура's text layer: VAT "4 106 254,44" and total "22 771 047,34" are too wide
    # for their columns, so their last group and kopecks sit on the line below.
    from decimal import Decimal as D

    from recognizers.fields.layout import Line
    from recognizers.fields.totals import read_totals

    row = _words(19, [("Всего", 164, 88), ("к", 262, 19), ("оплате", 290, 105), ("(9)", 404, 43),
                      ("18", 1666, 37), ("664", 1712, 55), ("792,90", 1775, 100),
                      ("Х", 2005, 20), ("4", 2241, 18), ("106", 2269, 55), ("22", 2442, 37),
                      ("771", 2488, 55)])
    tails = _words(20, [("254,44", 2223, 100), ("047,34", 2442, 100)])
    signer = _words(21, [("Руководитель", 157, 218), ("организации", 385, 204)])
    totals = read_totals([Line(1, row), Line(1, tails), Line(1, signer)], "vat_invoice")
    assert (totals.net, totals.vat, totals.total) == (
        D("18664792.90"), D("4106254.44"), D("22771047.34"))
    # Figures below that stand under no bare groups (the next row's sums) are not taken in.
    apart = _words(20, [("254,44", 900, 100), ("047,34", 1200, 100)])
    totals = read_totals([Line(1, row), Line(1, apart)], "vat_invoice")
    assert totals.vat is None and totals.total is None


def test_a_figure_whose_comma_was_lost_keeps_its_place_in_the_row() -> None:
    # Net + VAT = total holds with the two swapped too: the VAT run read without its comma
    # must stay the VAT, not become the net.
    from decimal import Decimal as D

    from recognizers.fields.layout import Line
    from recognizers.fields.totals import read_totals

    text = "Всего по накладной 20,000 x 1 270 094,80 x . 25401896 1524 113,76"
    words = [Word(t, 100 + 120 * i, 900, 100, 29, 0.9, 1) for i, t in enumerate(text.split())]
    totals = read_totals([Line(1, words, ocr=True)], "torg12")
    assert (totals.net, totals.vat, totals.total) == (
        D("1270094.80"), D("254018.96"), D("1524113.76"))


def test_a_vat_inside_invoice_whose_itogo_line_was_lost_confirms_its_total_by_the_rows() -> None:
    """"Итого" unread on a poor scan: with the VAT inside the total, that line prints the
    total's figure, so the rows that add up to the total to the kopeck still confirm it."""
    rows = [_line(260, [(100, "1"), (300, "Пюре яблочное, 90 г"), (1500, "5"), (1700, "шт"),
                        (1900, "50,48"), (2200, "252,40")], conf=0.9),
            _line(310, [(100, "2"), (300, "Масло подсолнечное, 1 л"), (1500, "4"),
                        (1700, "шт"), (1900, "128,88"), (2200, "515,52")], conf=0.9)]
    totals = [_line(460, [(1800, "В том числе НДС (10%):"), (2200, "69,82")], conf=0.9),
              _line(500, [(1800, "Всего к оплате:"), (2200, "767,92")], conf=0.9)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "payment_invoice", None)
    assert (result.fields.total, result.fields.vat) == ("767.92", "69.82")
    assert result.field_confidence["total"] >= 0.99
    # A total the rows do not add up to stays unconfirmed.
    totals[1] = _line(500, [(1800, "Всего к оплате:"), (2200, "797,92")], conf=0.9)
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "payment_invoice", None)
    assert result.field_confidence["total"] < REVIEW_THRESHOLD


def test_a_vat_inside_the_total_is_confirmed_by_its_own_check_not_by_the_totals() -> None:
    """"В том числе НДС" takes no part in net + VAT = total: rows adding up to the total
    confirm the total, but the VAT only when it is the total's share at a rate (or the rows'
    VAT to the kopeck). A misread VAT digit was once passed as confirmed with the total."""
    rows = [_line(260, [(100, "1"), (300, "Пюре яблочное, 90 г"), (1500, "5"), (1700, "шт"),
                        (1900, "50,48"), (2200, "252,40")], conf=0.9),
            _line(310, [(100, "2"), (300, "Масло подсолнечное, 1 л"), (1500, "4"),
                        (1700, "шт"), (1900, "128,88"), (2200, "515,52")], conf=0.9)]

    def read(vat: str) -> tuple[str | None, float, float]:
        totals = [_line(420, [(1800, "Итого:"), (2200, "767,92")], conf=0.9),
                  _line(460, [(1800, "В том числе НДС (10%):"), (2200, vat)], conf=0.9),
                  _line(500, [(1800, "Всего к оплате:"), (2200, "767,92")], conf=0.9)]
        result = extract_fields([_onec_invoice(rows, totals, "ocr")], "payment_invoice", None)
        conf = result.field_confidence
        return result.fields.vat, conf["total"], conf["vat"]

    vat, total_conf, vat_conf = read("69,82")
    assert vat == "69.82" and min(total_conf, vat_conf) >= CONFIRMED
    vat, total_conf, vat_conf = read("69,32")
    assert vat == "69.32" and total_conf >= CONFIRMED
    assert vat_conf < REVIEW_THRESHOLD


def test_a_scrap_of_the_totals_label_below_the_totals_row_does_not_hide_it() -> None:
    """A photo's signature block read "Всего по нак," under the real totals row."""
    rows = [_line(300, [(100, "1"), (300, "Кресло офисное"), (800, "шт"), (870, "796"),
                        (1050, "1,000"), (1250, "1 000,00"), (1450, "1 000,00"),
                        (1650, "без"), (1700, "НДС"), (1950, "1 000,00")], conf=0.9)]
    totals = _line(420, [(100, "Всего по накладной"), (1050, "1,000"), (1450, "1 000,00"),
                         (1650, "6e3"), (1700, "HAC"), (1950, "1 000,00")], conf=0.9)
    scrap = _line(900, [(100, "Всего по нак,")], conf=0.6)
    result = extract_fields([_page([*_torg12_head(), *rows, totals, scrap])], "torg12", None)
    assert (result.fields.total, result.fields.vat) == ("1000.00", "0.00")


def test_a_totals_row_that_lost_a_figure_takes_its_total_from_the_amount_in_words() -> None:
    """"Всего по накладной … 231 6290 … 33 567,53 | 265 197,43" (the net's comma lost) and
    "Всего стпущено на сумму Двести шестьдесят пять тысяч …": the words confirm the total;
    the VAT is the smaller figure, the net follows, and the VAT, read once, stays unsure."""
    from recognizers.fields.totals import read_totals

    rows = [_line(300, [(100, "1"), (300, "Кресло офисное"), (800, "шт"), (870, "796"),
                        (1050, "1,000"), (1250, "1 000,00"), (1450, "1 000,00"),
                        (1650, "20"), (1700, "200,00"), (1950, "1 200,00")], conf=0.9)]
    totals = _line(420, [(100, "Всего по накладной"), (1050, "1,000"), (1450, "231 6290"),
                         (1700, "33 567,53"), (1950, "265 197,43")], conf=0.9)
    words = _line(600, [(100, "Всего стпущено на сумму Двести шестьдесят пять тысяч сто "
                              "девяносто семь рублей 43 копейки")], conf=0.9)
    page = _page([*_torg12_head(), *rows, totals, words])
    assert read_totals(document_lines([page]), "torg12").words_total == Decimal("265197.43")
    result = extract_fields([page], "torg12", None)
    assert (result.fields.total, result.fields.vat) == ("265197.43", "33567.53")
    assert result.field_confidence["total"] >= REVIEW_THRESHOLD
    assert result.field_confidence["vat"] < REVIEW_THRESHOLD


def test_a_no_vat_totals_row_that_lost_its_net_is_confirmed_by_the_rows_sum() -> None:
    """"Всего к оплате … без НДС 1 398,47" whose net figure OCR lost: without VAT the net is
    the total's figure, so rows adding up to the total to the kopeck confirm it."""
    def read(total: str) -> tuple[str | None, float]:
        rows = [_line(300, [(100, "1"), (300, "Кресло офисное"), (800, "шт"), (870, "796"),
                            (1050, "1,000"), (1250, "1 000,00"), (1450, "1 000,00"),
                            (1650, "без"), (1700, "НДС"), (1950, "1 000,00")], conf=0.9),
                _line(340, [(100, "2"), (300, "Вода питьевая, 19 л"), (800, "шт"), (870, "796"),
                            (1050, "1,000"), (1250, "398,47"), (1450, "398,47"), (1650, "без"),
                            (1700, "НДС"), (1950, "398,47")], conf=0.9)]
        totals = _line(420, [(100, "Всего по накладной"), (1050, "2,000"), (1650, "без"),
                             (1700, "НДС"), (1950, total)], conf=0.9)
        result = extract_fields([_page([*_torg12_head(), *rows, totals])], "torg12", None)
        return result.fields.total, result.field_confidence["total"]

    total, conf = read("1 398,47")
    assert total == "1398.47" and conf >= REVIEW_THRESHOLD
    total, conf = read("1 393,47")  # a misread digit: the rows do not add up to it
    assert total == "1393.47" and conf < REVIEW_THRESHOLD


def test_a_net_that_lost_its_leading_groups_is_total_minus_vat_when_it_is_its_tail() -> None:
    from decimal import Decimal as D

    from recognizers.fields.totals import Totals, _net_lost_leading_groups

    out = Totals(net=D("761.85"), vat=D("596587.62"), total=D("3308349.47"))
    _net_lost_leading_groups(out)
    assert out.net == D("2711761.85")
    # Not its tail: a misread, left for the checks to dispute.
    out = Totals(net=D("761.86"), vat=D("596587.62"), total=D("3308349.47"))
    _net_lost_leading_groups(out)
    assert out.net == D("761.86")


def test_a_rate_whose_vat_is_inside_the_total_is_confirmed_by_the_totals_share() -> None:
    """"В том числе НДС (20%): 585 630,78" of "Всего 3 513 784,65": the VAT is the total's share
    at the rate, which confirms the rate even when a row was lost (the rows' VAT falls short)."""
    from decimal import Decimal as D

    from recognizers.fields.items import _rate_by_totals
    from recognizers.fields.table import Row
    from recognizers.fields.totals import Totals

    rows = [Row(i, rate="20") for i in range(1, 6)]
    inside = Totals(net=D("3513784.65"), vat=D("585630.78"), total=D("3513784.65"),
                    vat_included=True, rates={"20": D("585630.78")})
    assert _rate_by_totals({"20"}, rows, inside)
    # The same VAT is no 10% share, and a misread VAT digit is no share at all.
    assert not _rate_by_totals({"10"}, [Row(1, rate="10")], inside)
    misread = Totals(net=D("3513784.65"), vat=D("585680.78"), total=D("3513784.65"),
                     vat_included=True, rates={"20": D("585680.78")})
    assert not _rate_by_totals({"20"}, rows, misread)


def test_totals_row_labels_as_ocr_misreads_them_are_found() -> None:
    from recognizers.fields.layout import page_lines
    from recognizers.fields.totals import read_totals

    for label in ("Всего коплате (9)", "Всего к оплат'е (9)", "Всего к плате (9)",
                  "Всего к (9)", "Всего « оплате (9)", "Всего оплате (9)"):
        page = _page([_line(400, [(100, label), (1600, "524 316,96"), (1800, "х"),
                                  (1900, "52 431,70"), (2100, "576 748,66")], conf=0.8)])
        totals = read_totals(page_lines(page), "vat_invoice")
        assert (totals.net, totals.vat, totals.total) == (
            Decimal("524316.96"), Decimal("52431.70"), Decimal("576748.66")), label
    for label in ("Bcero no накладной", "Beero по накладной", "Всего во накладной",
                  "Всего no нений"):
        page = _page([_line(400, [(100, label), (1300, "21,785"), (1500, "x"),
                                  (1600, "8 723,02"), (1800, "X"), (1900, "1 744,61"),
                                  (2100, "10 467,63")], conf=0.8)])
        assert read_totals(page_lines(page), "torg12").total == Decimal("10467.63"), label


def test_a_1c_net_that_lost_its_thousands_group_is_total_minus_vat_and_is_confirmed() -> None:
    rows = [_line(260, [(100, "1"), (300, "Коробка картонная 600х400х400"), (1500, "5"),
                        (1700, "шт"), (1900, "139,84"), (2200, "699,20")], conf=0.9),
            _line(310, [(100, "2"), (300, "Туалетная бумага Zewa, 8 рулонов"), (1500, "10"),
                        (1700, "уп"), (1900, "407,71"), (2200, "4 077,10")], conf=0.9)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "776,30")], conf=0.9),  # "4 " lost
              _line(460, [(1700, "Сумма НДС (20%):"), (2200, "955,26")], conf=0.9),
              _line(500, [(1800, "Всего к оплате:"), (2200, "5 731,56")], conf=0.9),
              _line(540, [(100, "Пять тысяч семьсот тридцать один рубль 56 копеек")], conf=0.9)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "payment_invoice", None)
    assert (result.fields.total, result.fields.vat) == ("5731.56", "955.26")
    assert result.field_confidence["total"] >= REVIEW_THRESHOLD


def test_a_decimal_comma_read_as_a_semicolon_is_a_comma() -> None:
    # "Итого: 13 783;13" on a poor scan: read as digits without a comma it was 7,83, the
    # totals disagreed and the whole invoice went to review.
    rows = [_line(260, [(100, "1"), (300, "Цемент М500 Д0, 50 кг"), (1500, "24"), (1700, "меш"),
                        (1900, "513,58"), (2200, "12 325,92")], conf=0.9),
            _line(300, [(100, "2"), (300, "Масло моторное, 4 л"), (1500, "1"), (1700, "шт"),
                        (1900, "1457,21"), (2200, "1457,21")], conf=0.9)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "13 783;13")], conf=0.9),
              _line(460, [(1700, "В том числе НДС (20%):"), (2200, "2 297,19")], conf=0.9),
              _line(500, [(1800, "Всего к оплате:"), (2200, "13 783,13")], conf=0.9)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "payment_invoice", None)
    assert (result.fields.total, result.fields.vat) == ("13783.13", "2297.19")
    assert "total" not in result.disputed
    assert result.field_confidence["total"] >= REVIEW_THRESHOLD


def test_a_table_ocr_lost_whole_still_gives_the_rate_its_totals_vat_is_at() -> None:
    # A photo whose rows were not read: 67,01 is 335,08 at 20% to the kopeck, and at no other
    # rate; the rate is given, but held (no row confirms it).
    total = _line(360, [(100, "Всего к оплате (9)"), (1600, "335,08"), (1750, "х"),
                        (2000, "67,01"), (2150, "402,09")], conf=0.9)
    result = extract_fields([_page([*_upd_head(), total])], "vat_invoice", None)
    assert (result.fields.total, result.fields.vat_rate) == ("402.09", "20")
    assert result.field_confidence["vat_rate"] < REVIEW_THRESHOLD
    # A VAT that is the net at no rate (a mixture, or a misread) gives none.
    total = _line(360, [(100, "Всего к оплате (9)"), (1600, "335,08"), (1750, "х"),
                        (2000, "50,00"), (2150, "385,08")], conf=0.9)
    assert extract_fields([_page([*_upd_head(), total])], "vat_invoice", None).fields.vat_rate \
        is None
    # Rows read without their rate cells are no table lost whole: their rates are unknown.
    row = _line(260, [(100, "1"), (300, "Поддон деревянный"), (1200, "шт"), (1300, "1"),
                      (1400, "335,08"), (1600, "335,08")], conf=0.9)
    total = _line(360, [(100, "Всего к оплате (9)"), (1600, "335,08"), (1750, "х"),
                        (2000, "67,01"), (2150, "402,09")], conf=0.9)
    assert extract_fields([_page([*_upd_head(), row, total])], "vat_invoice", None).fields \
        .vat_rate is None


def test_a_zero_rate_vat_line_whose_figure_was_lost_says_the_vat_is_nil() -> None:
    rows = [_line(260, [(100, "1"), (300, "Аренда оборудования"), (1500, "1"), (1700, "мес"),
                        (1900, "23 588,94"), (2200, "23 588,94")], conf=0.9)]
    totals = [_line(420, [(1900, "Итого:"), (2200, "23 588,94")], conf=0.9),
              _line(460, [(1700, "В том числе НДС (0%):"), (2200, "0,0c—")], conf=0.9),
              _line(500, [(1800, "Всего к оплате:"), (2200, "23 588,94")], conf=0.9)]
    result = extract_fields([_onec_invoice(rows, totals, "ocr")], "act", None)
    assert (result.fields.vat, result.fields.vat_rate) == ("0.00", "0")
    # Held: "(20%)" with its 2 lost reads the same, and the rows' VAT follows from the rate.
    assert result.field_confidence["vat"] < REVIEW_THRESHOLD
    # At a rate above 0 % a lost figure stays lost.
    totals[1] = _line(460, [(1700, "В том числе НДС (20%):"), (2200, "0,0c—")], conf=0.9)
    assert extract_fields([_onec_invoice(rows, totals, "ocr")], "act", None).fields.vat != "0.00"


def test_a_totals_row_with_only_its_total_read_is_confirmed_by_the_rows_sums() -> None:
    def row(y: int, n: int, net: str, vat: str, gross: str) -> list[Word]:
        return _line(y, [(100, str(n)), (300, f"Поддон деревянный {n}"), (1200, "шт"),
                         (1300, "1"), (1400, net), (1600, net), (1750, "без акциза"),
                         (1900, "22%"), (2000, vat), (2150, gross)], conf=0.9)
    rows = [row(260, 1, "1 000,00", "220,00", "1 220,00"),
            row(300, 2, "2 000,00", "440,00", "2 440,00")]
    total = _line(360, [(100, "Всего к оплате (9)"), (1600, "| 300 21488"), (2000, "Е"),
                        (2150, "3 660,00")], conf=0.9)
    result = extract_fields([_page([*_upd_head(), *rows, total])], "upd", 1)
    assert (result.fields.total, result.fields.vat) == ("3660.00", "660.00")
    # A figure the rows do not add up to may be any column's: none is taken.
    total = _line(360, [(100, "Всего к оплате (9)"), (1600, "| 300 21488"), (2000, "Е"),
                        (2150, "3 000,00")], conf=0.9)
    result = extract_fields([_page([*_upd_head(), *rows, total])], "upd", 1)
    assert (result.fields.total, result.fields.vat) == (None, None)


def test_a_no_vat_row_whose_cells_after_the_price_were_garbled_counts_its_net() -> None:
    """"24 7303,00 .175272,0( без без НДС …": OCR garbled a row's cells after its price on a
    document without VAT. Its amount is its quantity times its price, and the rows' sum then
    confirms the printed total, which a misread price would not."""
    def read(price: str) -> tuple[str | None, float, str | None]:
        rows = [_line(300, [(100, "1"), (300, "Кресло офисное"), (800, "шт"), (870, "796"),
                            (1050, "1,000"), (1250, "1 000,00"), (1450, "1 000,00"),
                            (1650, "без"), (1700, "НДС"), (1950, "1 000,00")], conf=0.9),
                _line(340, [(100, "2"), (300, "Вода питьевая, 19 л"), (800, "шт"), (870, "796"),
                            (1050, "2,000"), (1250, price)], conf=0.9)]
        totals = _line(420, [(100, "Всего по накладной"), (1050, "3,000"), (1450, "1 796,94"),
                             (1650, "без"), (1700, "НДС"), (1950, "1 796,94")], conf=0.9)
        result = extract_fields([_page([*_torg12_head(), *rows, totals])], "torg12", None)
        amounts = [item.amount for item in result.line_items]
        return result.fields.total, result.field_confidence["total"], amounts[-1]

    total, conf, amount = read("398,47")
    assert (total, amount) == ("1796.94", "796.94") and conf >= REVIEW_THRESHOLD
    total, conf, _amount = read("393,47")
    assert total == "1796.94" and conf < REVIEW_THRESHOLD


def test_vat_lines_of_two_rates_inside_the_total_confirm_the_vat_and_the_rates() -> None:
    """A 1С invoice whose rows print no rates, its VAT "в том числе" on a line a rate, and a
    row whose figures OCR lost, so no split of the rows between the rates can be checked:
    each line's VAT is the share of a part of the total at its rate, and the parts add up to
    the total. A misread VAT figure does not fit."""
    from tests.test_fields_items import _onec_invoice

    def read(vat20: str) -> tuple[str | None, float, str | None, float]:
        rows = [_line(260, [(100, "1"), (300, "Мука пшеничная в/с, 2 кг"), (1500, "10"),
                            (1700, "шт"), (1900, "55,00"), (2200, "550,00")], conf=0.9),
                _line(310, [(100, "2"), (300, "Краска белая, 14 кг"), (1500, "2"),
                            (1700, "шт"), (1900, "300,00"), (2200, "600,00")], conf=0.9),
                _line(360, [(100, "3"), (300, "Краска серая, 14 кг"), (1500, "1"),
                            (1700, "шт")], conf=0.9)]
        totals = [_line(420, [(1900, "Итого:"), (2200, "1 450,00")], conf=0.9),
                  _line(460, [(1600, "В том числе НДС (10%):"), (2200, "50,00")], conf=0.9),
                  _line(500, [(1600, "В том числе НДС (20%):"), (2200, vat20)], conf=0.9),
                  _line(540, [(1800, "Всего к оплате:"), (2200, "1 450,00")], conf=0.9),
                  _line(600, [(100, "Всего наименований 3, на сумму 1 450,00 руб.")], conf=0.9),
                  _line(640, [(100, "Одна тысяча четыреста пятьдесят рублей 00 копеек")],
                        conf=0.9)]
        result = extract_fields([_onec_invoice(rows, totals, "ocr")], "payment_invoice", None)
        conf = result.field_confidence
        return result.fields.vat, conf["vat"], result.fields.vat_rate, conf["vat_rate"]

    vat, vat_conf, rate, rate_conf = read("150,00")
    assert (vat, rate) == ("200.00", "mixed")
    assert vat_conf >= REVIEW_THRESHOLD and rate_conf >= REVIEW_THRESHOLD
    vat, vat_conf, rate, rate_conf = read("160,00")
    assert (vat, rate) == ("210.00", "mixed")
    assert vat_conf < REVIEW_THRESHOLD and rate_conf < REVIEW_THRESHOLD
