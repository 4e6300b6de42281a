"""Ink far taller than wide is no signature: pens run along their line, while a scanner's
vertical streak or a column of print with its scraps stands across it."""

from __future__ import annotations

import numpy as np

from tests.test_marks_signatures import Sheet, _body, scribble_boxes

MM = 300 / 25.4


def _column(sheet: Sheet, x: float, line_y: float, w: float, h: float) -> None:
    """A wavy stroke ``w`` wide running ``h`` down across the line at ``line_y``."""
    t = np.linspace(0, 1, 400)
    xs = x + w * (0.5 + 0.5 * np.sin(t * 14 * np.pi))
    ys = line_y - 0.8 * h + t * h
    sheet.pens.append(np.stack([xs, ys], 1).astype(np.int32))


def test_a_column_far_taller_than_wide_is_no_signature() -> None:
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1560, "Руководитель")
    sheet.blank(520, 1300, 1600)
    _column(sheet, 900, 1600, 8 * MM, 30 * MM)
    assert scribble_boxes(sheet) == []


def test_a_signature_on_the_same_blank_is_found() -> None:
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1560, "Руководитель")
    sheet.blank(520, 1300, 1600)
    sheet.pen(700, 1600, 300, 110, seed=3)
    assert len(scribble_boxes(sheet)) == 1
