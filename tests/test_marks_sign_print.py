"""Signatures told from print run together, and parts of one signature kept as one: two
lines of small print blurred into one piece are no signature; the rest of a signature whose
first part hangs low stands on the same line and joins it."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ecm.evaluation.marks import iou
from recognizers.marks.sign_shape import looks_printed
from tests.samples import FONT
from tests.test_marks_signatures import Sheet, _body, scribble_boxes

PPM = 5.9  # working-scale pixels per mm


def _two_lines_of_print() -> np.ndarray:
    """A table header's two lines of small print ('условное / обозначение') blurred on a
    poor scan into one piece about 3.7 mm tall: the mask at the working scale."""
    img = Image.new("L", (180, 44), 0)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 14)
    draw.text((8, 2), "условное", fill=255, font=font)
    draw.text((2, 15), "обозначени", fill=255, font=font)
    mask = cv2.dilate(np.asarray(img), np.ones((2, 2), np.uint8))
    ys, xs = np.nonzero(mask > 100)
    return (mask[ys.min():ys.max() + 1, xs.min():xs.max() + 1] > 100).astype(np.uint8)


def _small_bold_signature() -> np.ndarray:
    """A small signature (13 x 4 mm) in a bold pen: strokes looping as high as the blob."""
    mask = np.zeros((30, 90), np.uint8)
    t = np.linspace(0, 1, 300)
    xs = 4 + t * 80 + 3 * np.cos(t * 5 * 2 * np.pi)
    ys = 3 + 21 * (0.5 + 0.5 * np.sin(t * 5 * 2 * np.pi))
    cv2.polylines(mask, [np.stack([xs, ys], 1).astype(np.int32)], False, 1, 3)
    ys_, xs_ = np.nonzero(mask)
    return mask[ys_.min():ys_.max() + 1, xs_.min():xs_.max() + 1]


def test_two_lines_of_print_run_together_are_print() -> None:
    comp = _two_lines_of_print()
    assert 3.0 <= comp.shape[0] / PPM < 4.0  # taller than a letter: the old test let it by
    assert looks_printed(comp, PPM)


def test_small_bold_signature_is_not_print() -> None:
    assert not looks_printed(_small_bold_signature(), PPM)


def test_rest_of_a_signature_beside_a_low_hanging_part_joins_it() -> None:
    """A signature's first part loops 3.4 mm below the rest's foot (the rest parted from it
    by a 5 mm gap, as a seal's ring cut through it): one signature, over both."""
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1560, "Руководитель")
    sheet.blank(520, 1500, 1600)
    a = sheet.pen(700, 1600, 150, 140, seed=5)
    b = sheet.pen(a[0] + a[2] + 5 * 300 / 25.4, 1580, 160, 60, seed=6)
    found = scribble_boxes(sheet)
    whole = (a[0], min(a[1], b[1]), b[0] + b[2] - a[0], max(a[1] + a[3], b[1] + b[3]) -
             min(a[1], b[1]))
    assert len(found) == 1
    assert iou(found[0], whole) >= 0.8


def _wave(rows: int, length: float, half_height: float, cycles: int, thickness: int,
          speck: tuple[slice, slice]) -> np.ndarray:
    """One wavy pen stroke and a speck, cropped to their ink."""
    mask = np.zeros((rows, 80), np.uint8)
    t = np.linspace(0, 1, 300)
    pts = np.stack([2 + t * length, 2 + half_height * (1 + np.sin(t * cycles * 2 * np.pi))], 1)
    cv2.polylines(mask, [pts.astype(np.int32)], False, 1, thickness)
    mask[speck] = 1
    ys, xs = np.nonzero(mask)
    return mask[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def _flat_wave() -> np.ndarray:
    """A flat wavy signature as a poor photo leaves it: one long stroke 12 mm long and
    2.5 mm tall (no loop reaches the 3 mm of a pen's usual stroke), a few specks beside."""
    return _wave(20, 70, 6.5, 3, 1, (slice(17, 19), slice(40, 42)))


def _word_run_together() -> np.ndarray:
    """A printed word blurred into one piece, as long and as tall as the wave."""
    img = Image.new("L", (110, 30), 0)
    ImageDraw.Draw(img).text((2, 2), "Поставщик", fill=255,
                             font=ImageFont.truetype(str(FONT), 14))
    mask = cv2.dilate(np.asarray(img), np.ones((2, 5), np.uint8))
    ys, xs = np.nonzero(mask > 100)
    return (mask[ys.min():ys.max() + 1, xs.min():xs.max() + 1] > 100).astype(np.uint8)


def test_flat_wavy_signature_lower_than_a_pen_stroke_is_not_print() -> None:
    comp = _flat_wave()
    assert comp.shape[0] / PPM < 3.0 and comp.shape[1] / PPM >= 8.0
    assert not looks_printed(comp, PPM)


def test_word_run_together_as_long_as_a_wave_is_print() -> None:
    comp = _word_run_together()
    assert comp.shape[1] / PPM >= 8.0
    assert looks_printed(comp, PPM)


def _small_quick_signature() -> np.ndarray:
    """A small quick signature as a photo leaves it once its blank's line has taken its foot:
    a dense zigzag 12 mm long and 3.2 mm tall, and a dot."""
    return _wave(24, 68, 8, 9, 3, (slice(8, 11), slice(74, 77)))


def _stamp_line() -> np.ndarray:
    """A line of an office stamp's print ('Менеджер 09.04.2026'), letters 2.7 mm tall."""
    img = Image.new("L", (240, 30), 0)
    ImageDraw.Draw(img).text((2, 2), "Менеджер 09.04.2026", fill=255,
                             font=ImageFont.truetype(str(FONT), 20))
    ys, xs = np.nonzero(np.asarray(img) > 100)
    return (np.asarray(img)[ys.min():ys.max() + 1, xs.min():xs.max() + 1] > 100).astype(
        np.uint8)


def test_small_blue_signature_is_pen_where_black_ink_that_shape_is_print() -> None:
    comp = _small_quick_signature()
    assert 3.0 <= comp.shape[0] / PPM < 4.0 and np.count_nonzero(comp) >= 0.3 * comp.size
    assert looks_printed(comp, PPM)
    assert not looks_printed(comp, PPM, blue=True)


def test_blue_print_of_an_office_stamp_is_print() -> None:
    comp = _stamp_line()
    assert comp.shape[0] / PPM >= 2.5
    assert looks_printed(comp, PPM, blue=True)
