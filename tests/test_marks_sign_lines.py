"""A thin straight line standing across the rows (a table's rule photographed askew, too
slanted for the rulings' search) is no pen stroke: with the unread print beside it, it stood
as a signature."""

from __future__ import annotations

from tests.test_marks_signatures import Sheet, _body, scribble_boxes


def _askew_rule(sheet: Sheet, x: float, y0: float, y1: float, slope: float) -> None:
    sheet.draw.line([(x, y0), (x + slope * (y1 - y0), y1)], fill=(15, 15, 15), width=3)


def test_slanted_rules_of_a_cell_with_unread_print_are_no_signature() -> None:
    # A table cell 10 mm wide, its rules askew, a short word in it OCR did not read.
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1560, "Руководитель")
    sheet.text(700, 1420, "код", read=False)
    _askew_rule(sheet, 680, 1300, 1620, 0.12)
    _askew_rule(sheet, 800, 1300, 1620, 0.12)
    sheet.blank(520, 1300, 1600)
    assert scribble_boxes(sheet) == []


def test_a_signature_with_a_straight_stroke_is_still_found() -> None:
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1560, "Руководитель")
    sheet.blank(520, 1300, 1600)
    sheet.pen(700, 1600, 300, 110, seed=3)
    _askew_rule(sheet, 1000, 1480, 1620, 0.1)  # a long downstroke after it
    assert len(scribble_boxes(sheet)) == 1
