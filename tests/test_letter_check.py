"""Б or В at the head of a number, told from the glyph (recognizers/letter_check.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from recognizers.letter_check import UNSURE_CONF, settle_b_letters
from recognizers.page import Word

FONTS = Path("/usr/share/fonts/truetype/dejavu")


def _line(text: str, font: str = "DejaVuSerif-Bold.ttf", size: int = 36) -> np.ndarray:
    if not (FONTS / font).exists():
        pytest.skip(f"font {font} not installed")
    image = Image.new("L", (900, 120), 255)
    ImageDraw.Draw(image).text((20, 30), text, font=ImageFont.truetype(str(FONTS / font), size),
                               fill=0)
    return np.asarray(image)


def _word(gray: np.ndarray, text: str) -> Word:
    """The box of the printed text (one word), as OCR would give it."""
    rows, cols = np.nonzero(gray < 128)
    return Word(text, float(cols.min()), float(rows.min()), float(cols.max() - cols.min() + 1),
                float(rows.max() - rows.min() + 1), 0.96)


@pytest.mark.parametrize("printed", ["Б-39/25", "БП-002597"])
def test_b_read_as_v_or_latin_b_gets_its_glyph_and_a_low_confidence(printed: str) -> None:
    gray = _line(printed)
    for misread in ("В" + printed[1:], "B" + printed[1:]):
        [word] = settle_b_letters(gray, [_word(gray, misread)])
        assert (word.text, word.conf) == (printed, UNSURE_CONF)


def test_letters_the_glyph_confirms_are_left_alone() -> None:
    for printed in ("В-17/25", "Б-39/25"):
        gray = _line(printed, "DejaVuSans.ttf")
        word = _word(gray, printed)
        assert settle_b_letters(gray, [word]) == [word]
    # Latin B that is a В stays as read (the number reader makes it Cyrillic).
    gray = _line("В-17/25", "DejaVuSans.ttf")
    word = _word(gray, "B-17/25")
    assert settle_b_letters(gray, [word]) == [word]
    # Words that are no prefixed number are not looked at.
    other = Word("Всего", 0, 0, 10, 10, 0.9)
    assert settle_b_letters(gray, [other]) == [other]


def test_a_blurred_bold_b_is_not_taken_for_v() -> None:
    """A photo's bold Б, blurred and enlarged, fills its upper right with ink like a В; it has
    one counter, not two, and stays as read."""
    import cv2

    image = Image.new("L", (400, 60), 255)
    font = ImageFont.truetype(str(FONTS / "DejaVuSerif-Bold.ttf"), 20)
    ImageDraw.Draw(image).text((10, 15), "Б-9/25", font=font, fill=0)
    gray = cv2.GaussianBlur(np.asarray(image), (0, 0), 1.3)
    gray = cv2.resize(gray, None, fx=1.67, fy=1.67, interpolation=cv2.INTER_CUBIC)
    word = _word(gray, "Б-9/25")
    assert settle_b_letters(gray, [word]) == [word]


@pytest.mark.parametrize("font", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"])
def test_p_read_as_m_and_m_read_as_p_get_their_glyph(font: str) -> None:
    for printed, misread in (("ПР2149-26", "МР2149-26"), ("М-12/25", "П-12/25")):
        gray = _line(printed, font)
        [word] = settle_b_letters(gray, [_word(gray, misread)])
        assert (word.text, word.conf) == (printed, UNSURE_CONF)
        # Read right, it is left alone.
        right = _word(gray, printed)
        assert settle_b_letters(gray, [right]) == [right]
