"""The end of a signature that is no signature alone (low, blurred letters a seal's ring
parted from the rest) goes with the signature beside it on its line; a wide group of
leftover ink beside it does not."""

from __future__ import annotations

import numpy as np

from tests.test_marks_signatures import Sheet, _body, scribble_boxes

PX_MM = 11.8  # 300 dpi


def _signature_and_tail(tail_mm: float) -> tuple[Sheet, tuple[float, float, float, float]]:
    """A pen's signature on a blank and, 3.5 mm right of it on the line, a black zigzag
    ``tail_mm`` wide and 2.6 mm tall (too low for a pen's alone)."""
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1960, "Руководитель")
    sheet.blank(200, 2300, 2000)
    pen = sheet.pen(900, 2000, 330, 120, seed=8)
    x0 = pen[0] + pen[2] + 3.5 * PX_MM
    xs = np.linspace(x0, x0 + tail_mm * PX_MM, 9)
    ys = np.where(np.arange(len(xs)) % 2 == 0, 1996, 1996 - 2.6 * PX_MM)
    sheet.draw.line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=(20, 20, 20),
                    width=4)
    return sheet, pen


def test_a_low_tail_beside_a_signature_joins_it() -> None:
    sheet, pen = _signature_and_tail(9.0)
    boxes = scribble_boxes(sheet)
    assert len(boxes) == 1
    x, _y, w, _h = boxes[0]
    assert x + w > pen[0] + pen[2] + 10 * PX_MM


def test_a_wide_group_beside_a_signature_stays_out_of_it() -> None:
    sheet, pen = _signature_and_tail(20.0)
    boxes = scribble_boxes(sheet)
    assert len(boxes) == 1
    x, _y, w, _h = boxes[0]
    assert x + w < pen[0] + pen[2] + 2 * PX_MM
