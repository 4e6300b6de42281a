"""Roles read from captions and the forms' footer layouts."""

from __future__ import annotations

from recognizers.marks.roles import page_text, signature_role
from recognizers.marks.roles_layout import Blank, _row_pitch
from recognizers.marks.roles_text import text_lines
from recognizers.page import Word

PPM = 11.8  # page pixels per mm at 300 dpi


def _line(text: str, x: float, y: float, line: int) -> list[Word]:
    out = []
    for word in text.split():
        w = 22.0 * len(word)
        out.append(Word(word, x, y, w, 36.0, 0.95, line))
        x += w + 14
    return out


def test_ink_over_a_partys_requisites_line_gets_no_role() -> None:
    words = _line("Индивидуальный предприниматель Макаров Андрей Сергеевич, ИНН 590453959741,"
                  " 614806, Пермский край", 100, 1000, 0)
    assert signature_role((1100, 990, 350, 45), words, PPM) is None


def test_entrepreneurs_blank_caption_still_gives_the_role() -> None:
    words = _line("Индивидуальный предприниматель", 100, 1000, 0)
    assert signature_role((900, 990, 300, 60), words, PPM) == \
        "индивидуальный предприниматель"


def test_page_text_read_once_serves_every_signature_of_the_page() -> None:
    """The page's text lines are made once a page and handed to each signature's role (the
    words themselves are then not read again)."""
    words = _line("Индивидуальный предприниматель", 100, 1000, 0)
    text = page_text(words, PPM)
    assert signature_role((900, 990, 300, 60), [], PPM, text) == \
        "индивидуальный предприниматель"


def test_vat_invoice_footer_placed_below_a_total_line_read_with_a_misread_k() -> None:
    """'Всего к оплате (9)' read as 'Всего # оплате (9)' still tells the footer: a left
    blank below it, whose caption OCR lost, is the head's."""
    words = _line("СЧЕТ-ФАКТУРА № 12 от 01.02.2025", 600, 200, 0)
    for i in range(6):
        words += _line("Товар поставлен по договору № 5 от 01.01.2025 полностью", 100,
                       400 + 60 * i, 1 + i)
    words += _line("Всего # оплате (9)", 100, 800, 7)
    words += _line("Главный бухгалтер или иное уполномоченное лицо", 1500, 900, 8)
    assert signature_role((700, 880, 250, 60), words, PPM) == "руководитель"


def test_letter_signature_well_above_the_heads_title_on_its_line_is_the_heads() -> None:
    """A letter's 'Директор ____ С.В. Голубева': the signature written well above its
    blank, the title's middle 5.5 mm below the signature's anchor."""
    box = (730.0, 860.0, 95.0, 36.0)
    anchor = box[1] + 0.8 * box[3]
    words = _line("Директор", 180, anchor + 5.5 * PPM - 18, 0)
    assert signature_role(box, words, PPM) == "руководитель"


def test_form_label_a_row_below_does_not_claim_the_signature() -> None:
    box = (730.0, 860.0, 95.0, 36.0)
    anchor = box[1] + 0.8 * box[3]
    words = _line("Главный бухгалтер", 180, anchor + 5.5 * PPM - 18, 0)
    assert signature_role(box, words, PPM) is None


def _power_of_attorney() -> list[Word]:
    words = _line("Подпись лица, получившего доверенность удостоверяем.", 330, 1013, 0)
    words += _line("Директор", 330, 1243, 1)
    return words


def test_head_signing_under_the_attorneys_line_is_the_head() -> None:
    """A доверенность: the attorney signs on the caption's line, the head 18 mm lower on
    the line of his title; the attorney's caption is nearer by weight, yet not his."""
    assert signature_role((1256, 1174, 222, 84), _power_of_attorney(), PPM) == "руководитель"


def test_attorney_signing_on_the_caption_line_is_the_attorney() -> None:
    assert signature_role((1158, 990, 150, 72), _power_of_attorney(), PPM) == \
        "доверенное лицо"


def test_torg12_row_pitch_counts_a_rows_captions_read_apart_as_one_row() -> None:
    """On a skewed scan one row's '(подпись)' and '(расшифровка подписи)' are read as two
    lines 2.4 mm apart: they are one row, and the pitch stays the form's ~7.5 mm."""
    mm = 9.45
    words: list[Word] = []
    line = 0
    for row in range(3):
        y = 1000 + row * 7.5 * mm
        words += _line("(подпись)", 500, y, line)
        words += _line("(расшифровка подписи)", 800, y + 2.4 * mm, line + 1)
        line += 2
    lines = text_lines(words)
    blank = Blank(600, 1100, True, mm)
    assert abs(_row_pitch(lines, blank, 1500) / mm - 7.5) < 0.5
