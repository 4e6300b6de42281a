"""Parts of one signature kept as one: the rest of a signature whose first part hangs low
stands on the same line and joins it."""

from __future__ import annotations

from ecm.evaluation.marks import iou
from recognizers.marks.colors import ink_maps
from recognizers.marks.signatures import find_scribbles
from tests.test_marks_signatures import Sheet, _body


def test_rest_of_a_signature_beside_a_low_hanging_part_joins_it() -> None:
    """A signature's first part loops 3.4 mm below the rest's foot (the rest parted from it
    by a 5 mm gap, as a seal's ring cut through it): one signature, over both."""
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1560, "Руководитель")
    sheet.blank(520, 1500, 1600)
    a = sheet.pen(700, 1600, 150, 140, seed=5)
    b = sheet.pen(a[0] + a[2] + 5 * 300 / 25.4, 1580, 160, 60, seed=6)
    page = sheet.page()
    assert page.image is not None
    maps = ink_maps(page.image)
    k = maps.scale
    words = [(w.x * k, w.y * k, w.w * k, w.h * k) for w in sheet.words]
    found = [tuple(v / k for v in s.box) for s in find_scribbles(maps, words, [], [])]
    whole = (a[0], min(a[1], b[1]), b[0] + b[2] - a[0], max(a[1] + a[3], b[1] + b[3]) -
             min(a[1], b[1]))
    assert len(found) == 1
    assert iou(found[0], whole) >= 0.8
