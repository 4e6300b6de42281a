"""Black pen ink off any blank's line on a colour page: a signature written beside its blank
(over its caption) is kept for its shape, as blue ink is; ink as tall as wide (a scanner's
streak through print) and black ink in a seal's middle (its inner ring and text) are not."""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.marks.colors import ink_maps
from recognizers.marks.signatures import find_scribbles
from recognizers.marks.stamps import Seal
from tests.test_marks_signatures import Sheet, _body

BLACK = (35, 35, 35)


def _found(sheet: Sheet, pens: list[np.ndarray], seal: tuple[int, int, int] | None = None
           ) -> list[tuple[float, ...]]:
    """The signature search's boxes (page pixels) with ``pens`` drawn in black ink."""
    page = sheet.page()
    assert page.image is not None
    img = page.image
    for pts in pens:
        cv2.polylines(img, [pts], False, BLACK, 2, cv2.LINE_AA)
    maps = ink_maps(img)
    k = maps.scale
    words = [(w.x * k, w.y * k, w.w * k, w.h * k) for w in sheet.words]
    seals = [] if seal is None else [Seal(seal[0] * k, seal[1] * k, seal[2] * k, 1.0)]
    return [tuple(v / k for v in s.box) for s in find_scribbles(maps, words, seals, [])]


def _scribble(x: float, y: float, w: float, h: float) -> np.ndarray:
    """A cursive scribble ``w`` x ``h`` px whose top-left is (x, y)."""
    t = np.linspace(0, 1, 600)
    ys = 0.5 + 0.5 * np.sin(t * 3 * 2 * np.pi) * (0.6 + 0.4 * np.sin(t * 3))
    xs = t + 0.04 * np.cos(t * 3 * 2 * np.pi)
    xs = (xs - xs.min()) / np.ptp(xs)
    pts = np.stack([x + xs * w + (1 - ys) * h * 0.3, y + ys * h], 1)
    return pts.astype(np.int32)


def _sheet() -> Sheet:
    """A colour page: a blue pen's signature on the supplier's blank, the buyer's caption
    beside it with no blank under it."""
    sheet = Sheet()
    _body(sheet)
    sheet.text(200, 1960, "Поставщик")
    sheet.blank(420, 900, 2000)
    sheet.pen(500, 2000, 300, 110, seed=4)
    sheet.text(1000, 1960, "Покупатель")
    return sheet


def _beside(boxes: list[tuple[float, ...]]) -> list[tuple[float, ...]]:
    """The boxes right of the supplier's blank."""
    return [b for b in boxes if b[0] > 950]


def test_a_black_signature_beside_its_blank_is_kept() -> None:
    boxes = _beside(_found(_sheet(), [_scribble(1020, 1880, 330, 120)]))
    assert len(boxes) == 1
    x, _y, w, h = boxes[0]
    assert abs(x - 1020) < 30 and w > 300 and h > 90


def test_black_ink_as_tall_as_wide_off_any_line_is_not() -> None:
    assert _beside(_found(_sheet(), [_scribble(1020, 1850, 200, 160)])) == []


def test_black_ink_off_any_line_in_a_seals_middle_is_not() -> None:
    pen = _scribble(1020, 1880, 330, 120)
    assert _beside(_found(_sheet(), [pen], seal=(1200, 1940, 240))) == []
