"""Which OCR words the marks step erases as print before looking for pen ink and frames."""

from recognizers.marks import _is_print
from recognizers.page import Word

BODY = 20.0


def _word(text: str, conf: float, w: float, h: float = 20) -> Word:
    return Word(text, 100, 100, w, h, conf, 0)


def test_print_read_unsure_is_still_print() -> None:
    assert _is_print(_word("Заказчик", 0.9, 110), BODY)
    assert _is_print(_word("товара", 0.3, 70), BODY)


def test_a_pen_stroke_read_as_punctuation_is_no_print() -> None:
    # The Russian model reads a signature's loop as "@." at 0.61.
    assert not _is_print(_word("@.", 0.61, 54, 63), BODY)


def test_a_frame_edge_read_as_a_stretched_word_is_no_print() -> None:
    # An office stamp's top edge read as "ити" over 164 px: erasing it loses the frame.
    assert not _is_print(_word("ити", 0.24, 164, 19), BODY)
