"""Pieces of one signature put together: a box covers all the signature's ink."""

from __future__ import annotations

import cv2

from ecm.evaluation.marks import iou
from recognizers.marks import find_page_marks
from tests.test_marks_signatures import Sheet, _body


def test_a_loop_left_of_a_tail_cut_with_the_line_stays_in_the_signature() -> None:
    """On photos the flat tail of a signature written along its blank goes with the line,
    leaving a small loop 5 mm past the rest: too small to judge alone, it was dropped and
    the box covered half the signature (under the scoring's overlap)."""
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1560, "Директор")
    sheet.blank(420, 1400, 1600)
    first = sheet.pen(560, 1600, 160, 100, seed=7)
    page = sheet.page()
    assert page.image is not None
    loop_x, loop_y = int(first[0] + first[2] + 60), int(first[1] + 45)
    cv2.ellipse(page.image, (loop_x + 20, loop_y + 16), (20, 16), 0, 0, 330, (40, 40, 40), 4)
    page.image = cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY)
    sigs = find_page_marks(page).signatures
    assert len(sigs) == 1
    whole = (first[0], first[1], loop_x + 44 - first[0], first[3])
    assert sigs[0].bbox[0] + sigs[0].bbox[2] >= loop_x + 30
    assert iou(sigs[0].bbox, whole) >= 0.7
