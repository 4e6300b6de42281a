"""The УПД status digit read from its own box on the page image."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from recognizers.classify import classify
from recognizers.ocr import ocr_words
from recognizers.status_box import read_status_box
from tests.samples import FONT


def _status_page(digit: str, frame_width: int = 3) -> np.ndarray:
    """The top of an УПД's status column at 300 dpi: caption, framed digit, legend."""
    image = Image.new("L", (1400, 600), 255)
    draw = ImageDraw.Draw(image)
    small, big = ImageFont.truetype(str(FONT), 34), ImageFont.truetype(str(FONT), 44)
    draw.text((60, 40), "Универсальный передаточный документ", font=small, fill=0)
    draw.text((60, 140), "Статус:", font=small, fill=0)
    draw.rectangle((230, 122, 300, 196), outline=0, width=frame_width)
    draw.text((250, 130), digit, font=big, fill=0)
    draw.text((60, 260), "1 - счет-фактура и передаточный документ (акт)", font=small, fill=0)
    return np.asarray(image)


@pytest.mark.parametrize("digit", ["1", "2"])
def test_the_digit_in_the_status_box_is_read(digit: str) -> None:
    gray = _status_page(digit)
    assert read_status_box(gray, ocr_words(gray)) == int(digit)


@pytest.mark.parametrize("digit", ["1", "2"])
def test_the_digit_inside_the_frame_is_read_when_the_caption_box_comes_out_tall(
        digit: str) -> None:
    """On a blurred photo tesseract's box of "Статус:" can be half again as tall as its letters;
    the frame, not the caption, then gives the digit's size."""
    from dataclasses import replace

    gray = _status_page(digit)
    words = [replace(w, y=w.y - 0.3 * w.h, h=1.7 * w.h) if w.text.startswith("Стат") else w
             for w in ocr_words(gray)]
    assert read_status_box(gray, words) == int(digit)


def test_no_caption_no_status() -> None:
    gray = _status_page("2")
    words = [w for w in ocr_words(gray) if not w.text.startswith("Стат")]
    assert read_status_box(gray, words) is None


def test_the_box_reading_decides_the_status_and_a_disagreement_goes_to_review() -> None:
    text = "Универсальный передаточный документ\nСчет-фактура № 5 от 01.02.2026\nСтатус: ea"
    assert classify(text).confidence <= 0.5  # a guessed status goes to review
    read = classify(text, status_box=2)
    assert (read.doc_type, read.upd_status) == ("upd", 2) and read.confidence > 0.5
    clash = classify(text.replace("ea", "1"), status_box=2)
    assert clash.upd_status == 2 and clash.confidence <= 0.5
    # The page OCR's "[2]" for the box's framed "1" is its known misreading: the box decides.
    framed = classify(text.replace("ea", "[2]"), status_box=1, scanned=True)
    assert framed.upd_status == 1 and framed.confidence > 0.5


def test_a_caption_whose_t_blur_made_r_is_still_found() -> None:
    from dataclasses import replace

    gray = _status_page("1")
    words = [replace(w, text="Crarye:") if w.text.startswith("Стат") else w
             for w in ocr_words(gray)]
    assert read_status_box(gray, words) == 1


def test_a_frame_whose_sides_a_poor_scan_broke_apart_still_holds_the_digit() -> None:
    image = Image.new("L", (1400, 600), 255)
    draw = ImageDraw.Draw(image)
    small, big = ImageFont.truetype(str(FONT), 34), ImageFont.truetype(str(FONT), 44)
    draw.text((60, 140), "Статус:", font=small, fill=0)
    # The frame's four sides, apart at the corners (thin rulings a scan lost in places).
    for box in ((238, 122, 292, 124), (238, 194, 292, 196), (230, 130, 231, 188),
                (299, 130, 300, 188)):
        draw.rectangle(box, fill=0)
    draw.text((250, 130), "1", font=big, fill=0)
    draw.text((330, 140), "ИСПРАВЛЕНИЕ № -- от --", font=small, fill=0)
    gray = np.asarray(image)
    # With the caption's box come out tall, the digit is told by its frame alone.
    from dataclasses import replace

    words = [replace(w, y=w.y - 0.3 * w.h, h=1.7 * w.h) if w.text.startswith("Стат") else w
             for w in ocr_words(gray)]
    assert read_status_box(gray, words) == 1


@pytest.mark.parametrize("digit", ["1", "2"])
def test_a_frame_whose_upright_sides_vanished_on_a_photo_still_holds_the_digit(
        digit: str) -> None:
    """Only the frame's top and bottom survive a blurred photo; the caption's box comes out
    tall and its crop reaches the title's letters above the caption."""
    from dataclasses import replace

    image = Image.new("L", (1400, 600), 255)
    draw = ImageDraw.Draw(image)
    small, big = ImageFont.truetype(str(FONT), 34), ImageFont.truetype(str(FONT), 44)
    draw.text((60, 40), "Универсальный передаточный документ", font=small, fill=0)
    draw.text((330, 90), "СЧЕТ", font=big, fill=0)
    draw.text((60, 140), "Статус:", font=small, fill=0)
    draw.rectangle((220, 122, 310, 125), fill=0)
    draw.rectangle((220, 193, 310, 196), fill=0)
    draw.text((250, 130), digit, font=big, fill=0)
    gray = np.asarray(image)
    words = [replace(w, y=w.y - 0.3 * w.h, h=1.7 * w.h) if w.text.startswith("Стат") else w
             for w in ocr_words(gray)]
    assert read_status_box(gray, words) == int(digit)


def test_a_blurred_digit_is_told_by_its_shape_only_to_confirm_the_page_reading() -> None:
    """Tesseract gives up on a small blurred bold "1"; its shape (one upright stem) tells it,
    but only where the page OCR read the same digit there: a shape alone decides nothing."""
    import cv2

    from recognizers.status_box import _by_stem

    fonts = [str(FONT), str(FONT).replace("DejaVuSans.ttf", "DejaVuSerif.ttf"),
             str(FONT).replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")]
    told = {"1": 0, "2": 0}
    for font in fonts:
        for digit in "12":
            for size in (20, 30, 44):
                for blur in (0.0, 1.5, 3.0):
                    image = Image.new("L", (120, 120), 255)
                    ImageDraw.Draw(image).text((30, 20), digit,
                                               font=ImageFont.truetype(font, size), fill=0)
                    a = np.asarray(image)
                    a = cv2.GaussianBlur(a, (0, 0), blur) if blur else a
                    a = cv2.threshold(a, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]
                    shape = _by_stem(a)
                    assert shape in (None, int(digit)), (font, digit, size, blur)
                    told[digit] += shape == int(digit)
    assert told["1"] >= 15 and told["2"] >= 10


def test_a_status_digit_whose_frame_side_read_as_a_full_stop_is_the_pages_reading() -> None:
    text = "Универсальный передаточный документ\nСчет-фактура № 5 от 01.02.2026\nCrary: 1. №"
    alone = classify(text, scanned=True)
    # The page's "1", alone: page OCR reads a framed "1" as "2", never a "2" as "1".
    assert alone.upd_status == 1 and alone.confidence > 0.6
    two = classify(text.replace("1. №", "2. №"), scanned=True)
    assert (two.upd_status, two.confidence) == (2, 0.6)  # the page's "2" alone: to review
    # "1.5" is a number, not a status.
    assert classify(text.replace("1. №", "1.5 №"), scanned=True).confidence == 0.5
    # The box's "2" against the page's "1.": a person checks.
    assert classify(text, status_box=2).confidence <= 0.5


# Status digits as a poor scan's and a photo's clean-up left them (ink masks cut from real
# pages of the generated corpus), and a bold blurred "2" tesseract reads nothing in.
ONE_POOR = (".......###...", ".....######..", "...########..", "..#########..",
            ".##########..", ".##########..", "..#########..", "...########..",
            *["....#######.."] * 5, *["...########.."] * 9, "..##########.",
            "#############", "#############", ".###########.")
ONE_PHOTO = ("...####...", ".#######..", *["########.."] * 5, ".#######..", ".#######..",
             "..######..", "..######..", *[".#######.."] * 7, ".########.",
             *["##########"] * 3, ".########.")
TWO_BOLD = (".....########.....", "...############...", "..##############..",
            ".################.", *[".#################"] * 4, "...###############",
            "........##########", "........##########", ".......##########.",
            "......###########.", ".....###########..", "....###########...",
            "...###########....", "..############....", ".#############....",
            ".##############...", "#################.", "#################.",
            "##################", "##################", ".#################",
            "..##############..", "........##........")


# A photo's blurred "1" tesseract reads as "2", sure, at its own size (as "1" at others).
ONE_READ_AS_TWO = (".....#####......", "...########.....", "...#########....",
                   "..##########....", ".###########....", "############....",
                   "############....", "..##########....", *[".....#######...."] * 8,
                   "....#########...", "...###########..", "..#############.",
                   ".##############.", ".###############", ".##############.",
                   ".##############.", "...###########..")


def _glyph(art: tuple[str, ...], pad: int) -> np.ndarray:
    ink = np.array([[ch == "#" for ch in row] for row in art])
    out = np.full((ink.shape[0] + 2 * pad, ink.shape[1] + 2 * pad), 255, np.uint8)
    out[pad:pad + ink.shape[0], pad:pad + ink.shape[1]][ink] = 0
    return out


def test_a_lone_digit_tesseract_gives_up_on_at_its_size_is_read_at_another() -> None:
    from recognizers.status_box import _glyph_digit

    assert _glyph_digit(_glyph(ONE_POOR, 57), page_digit=None) == 1


def test_tesseracts_unsure_digit_confirmed_by_the_glyphs_shape_is_read() -> None:
    from recognizers.status_box import _glyph_digit

    assert _glyph_digit(_glyph(ONE_PHOTO, 52), page_digit=None) == 1


def test_a_bold_blurred_two_is_told_by_its_drifting_middle_only_with_the_page_reading() -> None:
    from recognizers.status_box import _by_stem, _glyph_digit

    glyph = _glyph(TWO_BOLD, 60)
    assert _by_stem(glyph) == 2
    assert _glyph_digit(glyph, page_digit=2) == 2
    assert _glyph_digit(glyph, page_digit=None) is None
    assert _glyph_digit(glyph, page_digit=1) is None


def _stacked_title_page(framed: bool) -> tuple[np.ndarray, list]:
    """The УПД's status column: its title on three lines, then the caption and the digit."""
    from dataclasses import replace

    image = Image.new("L", (1400, 600), 255)
    draw = ImageDraw.Draw(image)
    small, big = ImageFont.truetype(str(FONT), 34), ImageFont.truetype(str(FONT), 44)
    for row, word in enumerate(("Универсальный", "передаточный", "документ")):
        draw.text((60, 20 + 45 * row), word, font=small, fill=0)
    draw.text((60, 190), "Статус:", font=small, fill=0)
    if framed:
        draw.rectangle((230, 172, 300, 246), outline=0, width=3)
    draw.text((250, 180), "1", font=big, fill=0)
    gray = np.asarray(image)
    # The caption read beyond recognition, as a clean scan's OCR once read it.
    words = [replace(w, text="Grarye:") if w.text.startswith("Стат") else w
             for w in ocr_words(gray)]
    return gray, words


def test_a_caption_read_beyond_recognition_is_found_by_its_place_under_the_title() -> None:
    gray, words = _stacked_title_page(framed=True)
    assert read_status_box(gray, words) == 1


def test_under_a_caption_found_by_its_place_only_a_framed_digit_counts() -> None:
    gray, words = _stacked_title_page(framed=False)
    assert read_status_box(gray, words) is None


def test_a_digit_tesseract_reads_differently_at_other_sizes_or_against_its_shape_is_unread(
        ) -> None:
    from recognizers.status_box import _by_stem, _glyph_digit

    glyph = _glyph(ONE_READ_AS_TWO, 60)
    assert _by_stem(glyph) == 1
    assert _glyph_digit(glyph, page_digit=None) is None
