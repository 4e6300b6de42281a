"""A blue pen's signature stands on its blank's line as a rule, yet forms are printed black:
signed over its caption, off every ruling, it is still a signature."""

from __future__ import annotations

from recognizers.marks import find_page_marks
from recognizers.page import Page
from tests.test_marks_signatures import Sheet, _body, scribble_boxes


def _signed_over_caption() -> tuple[Sheet, tuple[float, float, float, float]]:
    """Two blanks and a caption between them, a pen's signature over the caption."""
    sheet = Sheet()
    _body(sheet)
    sheet.blank(200, 700, 1600)
    sheet.text(760, 1565, "Покупатель")
    sheet.blank(1050, 1500, 1600)
    return sheet, sheet.pen(740, 1560, 300, 110, seed=3)


def test_blue_signature_over_its_caption_off_the_blank_is_found() -> None:
    sheet, ink = _signed_over_caption()
    boxes = scribble_boxes(sheet)
    assert len(boxes) == 1
    assert abs(boxes[0][0] - ink[0]) < 40
    assert find_page_marks(sheet.page()).signatures


def test_grey_ink_off_every_blank_is_still_no_signature() -> None:
    sheet, _ink = _signed_over_caption()
    page = sheet.page()
    assert page.image is not None
    grey = page.image.mean(axis=2, keepdims=True).astype(page.image.dtype)
    grey_page = Page(1, page.width, page.height, image=grey.repeat(3, 2), words=page.words,
                     text_source="ocr")
    setattr(sheet, "page", lambda: grey_page)  # noqa: B010 (a method swapped for the test)
    assert scribble_boxes(sheet) == []
