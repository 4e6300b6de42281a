"""A sticker whose toner faded along its length is read whole (codes_extent)."""

from __future__ import annotations

import numpy as np
import pytest

from recognizers.marks.codes_extent import bars_extent
from tests.test_marks_codes import _codes, _page, _place, _sticker, _worn


def _faded_sticker_page(data: str, light: float) -> np.ndarray:
    """A 240 dpi poor scan whose EAN-13 sticker's left third has ``light`` of its ink,
    brightening to full ink over the middle third."""
    sticker = _sticker("EAN13", data, 240).astype(np.float32)
    w = sticker.shape[1]
    fade = np.interp(np.arange(w), [0, w * 0.3, w * 0.7, w], [light, light, 1, 1])
    sticker = 255 - (255 - sticker) * fade[None, :].astype(np.float32)
    return _worn(_place(_page(240), sticker.astype(np.uint8), 1000, 60), 1.0, 6)


@pytest.mark.parametrize("data", ["2923079787697", "2521608364199"])
def test_sticker_faded_at_one_end_is_read_whole(data: str) -> None:
    assert _codes(_faded_sticker_page(data, 0.45)) == {("EAN13", data)}


def test_extent_grows_over_bars_and_stops_at_paper() -> None:
    gray = np.full((60, 400), 230, np.uint8)
    gray[10:50, 100:300:6] = 30  # bars every 6 px from x=100 to 300
    gray[10:50, 101:300:6] = 30
    wider = bars_extent(gray, (200, 10, 50, 40), False, 8.0)
    assert wider is not None
    x, y, w, h = wider
    assert abs(x - 100) <= 2 and abs(x + w - 300) <= 4 and (y, h) == (10, 40)
    # Turned a quarter: the same along the rows.
    turned = bars_extent(np.ascontiguousarray(gray.T), (10, 200, 40, 50), True, 8.0)
    assert turned is not None and abs(turned[1] - 100) <= 2
    # Nothing beside the block: nothing to add.
    assert bars_extent(gray, (100, 10, 200, 40), False, 8.0) is None


def test_thin_lines_are_not_widened_into_a_code() -> None:
    # Thin lines every 2 mm cover a sixth of their length, a code's bars about half (a
    # ruled table column passed for bars lying across and cost 0.4 s to fail to read).
    gray = np.full((60, 600), 230, np.uint8)
    gray[10:50, 100:500:16] = 30
    gray[10:50, 101:500:16] = 30
    gray[10:50, 102:500:16] = 30
    assert bars_extent(gray, (250, 10, 60, 40), False, 8.0) is None
    # The same lines thick enough to be bars are widened.
    for k in range(3, 8):
        gray[10:50, 100 + k:500:16] = 30
    assert bars_extent(gray, (250, 10, 60, 40), False, 8.0) is not None
