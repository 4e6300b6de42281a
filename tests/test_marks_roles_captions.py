"""Captions read badly on photos and poor scans still give the signature's role: Latin
lookalikes, a cut "доверенность", a party heading over a title, a label in the other half."""

from __future__ import annotations

from recognizers.marks.roles import signature_role
from recognizers.marks.roles_layout import Blank, _row_pitch, page_middle
from recognizers.marks.roles_text import fix_word, text_lines
from recognizers.page import Word

PPM = 10.0  # page pixels per mm


def _line(text: str, x: float, y: float, line: int, h: float = 30.0) -> list[Word]:
    out = []
    for word in text.split():
        w = 18.0 * len(word)
        out.append(Word(word, x, y, w, h, 0.95, line))
        x += w + 12
    return out


def test_caption_word_read_in_latin_lookalikes_is_the_keyword() -> None:
    assert fix_word("byxrantep") == "бухгалтер"
    assert fix_word("bore") == "bore"
    assert fix_word("hello") == "hello"


def _payment_invoice(footer: str) -> list[Word]:
    words = _line("Счет на оплату № 679 от 2 октября 2024 г.", 230, 440, 0)
    for i in range(5):
        words += _line("Товар поставлен по договору № 5 от 01.01.2025 полностью", 200,
                       600 + 40 * i, 1 + i)
    words += _line("Всего к оплате: 35 915,04", 1350, 1180, 6)
    return words + _line(footer, 210, 1450, 7)


def test_accountants_caption_in_latin_lookalikes_gives_the_accountant() -> None:
    # 'Руководитель ____ Иванов В.С.  Бухгалтер ____ Новиков О.П.' on a photo.
    words = _payment_invoice("Руководитель loh, ha. Иванов b.c. byxrantep cn Новиков о.п.")
    assert signature_role((1172.0, 1440.0, 250.0, 50.0), words, PPM) == "бухгалтер"


def test_right_blank_of_an_invoice_takes_no_role_from_the_left_label() -> None:
    # The bookkeeper's label lost: 'Руководитель' far left was the nearest caption read.
    words = _payment_invoice("Руководитель")
    assert signature_role((1172.0, 1440.0, 250.0, 50.0), words, PPM) == "бухгалтер"
    assert signature_role((420.0, 1440.0, 120.0, 40.0), words, PPM) == "руководитель"


def test_attorneys_caption_with_the_word_cut_still_gives_the_attorney() -> None:
    words = _line("Подпись лица, получившего довереннос®-^4»._ удостоверяем.", 280, 680, 0)
    assert signature_role((700.0, 660.0, 130.0, 40.0), words, PPM) == "доверенное лицо"
    words = _line("Подпись лица, получившего nosependocts", 180, 1020, 0)
    assert signature_role((830.0, 1000.0, 190.0, 50.0), words, PPM) == "доверенное лицо"


def test_party_word_in_the_title_under_the_other_partys_heading_is_not_its_caption() -> None:
    # Act's footer: 'ЗАКАЗЧИК' over 'Исполнительный директор' read as 'Исполнител ме &'.
    words = _line("Акт № 12 об оказании услуг", 400, 200, 0)
    words += _line("ИСПОЛНИТЕЛЬ", 395, 1395, 1) + _line("ЗАКАЗЧИК", 1079, 1419, 2)
    words += _line("Индивидуальный предприниматель", 396, 1434, 3)
    words += _line("Исполнител ме", 1077, 1455, 4)
    assert signature_role((1188.0, 1510.0, 190.0, 50.0), words, PPM) == "заказчик"
    assert signature_role((513.0, 1470.0, 160.0, 70.0), words, PPM) == "исполнитель"


def _upd_page() -> list[Word]:
    """An УПД page down to its transfer block, both columns' labels at the form's heights."""
    words = _line("Универсальный передаточный документ Счет-фактура № 656 от 03.03.2026", 150,
                  100, 0)
    for i in range(5):
        words += _line("1 Источник питания АРС 1000 шт 796 8 959,05 без акциза 22% 10 930,04",
                       100, 300 + 40 * i, 1 + i)
        words += _line(f"({i + 1})", 2000, 100 + 40 * i, 20 + i)  # the rows' numbers
    words += _line("Всего к оплате (9) 8 959,05 1 970,99 10 930,04", 120, 520, 6)
    words += _line("Основание передачи (сдачи) / получения (приемки) договор № 219", 100, 750, 7)
    return words + _line("Товар (груз) передал / услуги, результаты работ, права сдал", 100,
                         820, 8)


def test_upd_buyers_blank_placed_by_the_sellers_rows_when_its_own_are_unread() -> None:
    # Photo: the buyer's column read as junk; the seller's rows stand level with its own.
    words = _upd_page()
    words += _line("Дата отгрузки, передачи (сдачи) «03» марта 2026 г.", 100, 900, 9)
    words += _line("Иные сведения об отгрузке, передаче", 100, 980, 10)
    words += _line("Ответственный за правильность оформления факта", 100, 1100, 11)
    assert signature_role((1300.0, 820.0, 150.0, 60.0), words, PPM) == "товар получил"
    assert signature_role((1300.0, 1120.0, 150.0, 60.0), words, PPM) == "ответственный"


def test_upd_buyers_label_starting_left_of_the_middle_is_the_buyers() -> None:
    # 'tu) Дата получения (приемки)': the buyer's column starts about the page's middle.
    words = _upd_page()
    middle = page_middle(text_lines(words))
    assert middle is not None and middle > 1050
    words += _line("Иные сведения об отгрузке, передаче", 100, 900, 9)
    words += _line("Товар (груз) получил / услуги, результаты работ", 1120, 830, 10)
    words += _line("Дата получения (приемки) «03» марта 2026 г.", 1020, 940, 11)
    assert signature_role((1300.0, 870.0, 150.0, 60.0), words, PPM) == "товар получил"


def test_upd_heads_blank_beside_the_first_line_of_the_entrepreneurs_label_is_the_heads() -> None:
    """The ИП label 'Индивидуальный / предприниматель или иное / уполномоченное лицо' starts
    level with the head's '(подпись)': its first line, just below the head's blank line,
    does not make the head's signature the entrepreneur's."""
    words = _line("Универсальный передаточный документ Счет-фактура № 5 от 02.06.2025", 150,
                  100, 0)
    for i in range(4):
        words += _line("1 Вода питьевая «Шишкин лес», 19 л 796 шт 372,15 без НДС", 100,
                       200 + 30 * i, 1 + i)
        words += _line(f"({i + 1})", 2000, 100 + 40 * i, 20 + i)
    words += _line("Всего к оплате (9) 13 489,97", 110, 330, 5)
    words += _line("Документ Руководитель организации или", 100, 400, 6)
    words += _line("составлен на 2 листах иное уполномоченное лицо", 100, 440, 7)
    words += _line("Индивидуальный", 380, 505, 8) + _line("(подпись)", 904, 513, 9)
    words += _line("предприниматель или иное", 376, 540, 10)
    words += _line("уполномоченное лицо", 374, 570, 11) + _line("(подпись)", 898, 600, 12)
    words += _line("Основание передачи (сдачи) / получения (приемки) договор № 176", 66, 660,
                   13)
    assert signature_role((920.0, 458.0, 180.0, 67.0), words, PPM) == "руководитель"
    assert signature_role((920.0, 550.0, 180.0, 60.0), words, PPM) == \
        "индивидуальный предприниматель"


def test_torg12_right_blank_under_the_power_of_attorney_line_read_cut_is_the_first() -> None:
    """'По доверенности №' read 'по доверенность №' still heads ТОРГ-12's right column: the
    blank right under it is 'груз принял', not the row counted up from the date below."""
    words = _line("ТОВАРНАЯ НАКЛАДНАЯ № 73 от 13.09.2025", 900, 150, 0)
    for i in range(5):
        words += _line("1 Бумага офисная А4 пач 41,000 38371,50 20% 805801,22", 100,
                       250 + 40 * i, 1 + i)
        words += _line(f"{i + 1}", 2880, 250 + 40 * i, 20 + i)
    words += _line("Всего по накладной 41,000 38371,50 805801,22", 1444, 467, 6)
    words += _line("Приложение (паспорта, сертификаты и т.п.) на", 530, 600, 7)
    words += _line("по доверенность №", 1528, 584, 8)
    words += _line("20 года", 2164, 804, 9)
    assert signature_role((2089.0, 666.0, 219.0, 60.0), words, PPM) == "груз принял"


def test_ink_in_the_margin_left_of_the_footers_labels_gets_no_role() -> None:
    words = _upd_page()
    words += _line("Дата отгрузки, передачи (сдачи) «03» марта 2026 г.", 100, 900, 9)
    words += _line("Ответственный за правильность оформления факта", 100, 1100, 11)
    assert signature_role((20.0, 1090.0, 60.0, 70.0), words, PPM) is None
    assert signature_role((700.0, 1090.0, 150.0, 60.0), words, PPM) == "ответственный"


def test_invoice_left_blank_of_an_entrepreneur_supplier_is_the_entrepreneurs() -> None:
    """Both labels lost: the supplier row 'Поставщик ИП Ковалев …, ИНН 526094457950' says
    the left blank is the entrepreneur's; a company supplier's is the head's."""
    def page(supplier: str) -> list[Word]:
        return _line(supplier, 160, 400, 10) + _payment_invoice("Ковалев П.М.")
    box = (432.0, 1440.0, 110.0, 45.0)
    assert signature_role(box, page("Поставщик ИП Ковалев Павел Михайлович, ИНН "
                                    "526094457950, г. Нижний Новгород"), PPM) == \
        "индивидуальный предприниматель"
    assert signature_role(box, page("Поставщик Ковалев Павел Михайлович, ИНН "
                                    "526094457950"), PPM) == "индивидуальный предприниматель"
    assert signature_role(box, page("Поставщик ООО «Вектор», ИНН 7806439170, КПП 780601001"),
                          PPM) == "руководитель"


def test_torg12_row_pitch_on_a_skewed_photo_takes_each_rows_captions_as_one() -> None:
    """A photo turned 5 degrees: a row's '(должность)' and '(подпись)', 30 mm apart, stand
    3 mm apart in height; taken along the skew they are one row and the pitch is the rows'."""
    words = _line("(должность)", 838, 717, 0, 38) + \
        _line("(подпись) (расшифровка подписи)", 1106, 750, 1, 38)
    words += _line("(подпись) (расшифровка подписи)", 1107, 812, 2, 38)
    words += _line("(должность)", 846, 838, 3, 38) + _line("(подпись)", 1110, 867, 4, 38)
    blank = Blank(1192.0, 873.0, True, PPM, 830.0, 884.0, 0.083)
    assert 50 < _row_pitch(text_lines(words), blank, 1500.0) < 65
