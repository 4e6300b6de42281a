"""Linear codes that the image's edge cut short: a poor scan fed askew or too high keeps
only the lower 1.5-3 mm of an archive sticker's bars at the top of the page."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from tests.test_marks_codes import _codes, _page, _place, _sticker, _symbol, _worn


def _bars_bottom(sticker: np.ndarray) -> int:
    busy = np.concatenate([(sticker < 128).mean(axis=1) > 0.2, [False]])
    first = int(np.argmax(busy))
    return first + int(np.argmin(busy[first:]))


def _cut(kind: str, data: str, dpi: int, left_mm: float, angle: float = 0.0) -> np.ndarray:
    """A page whose top edge leaves ``left_mm`` of the sticker's bars (at its middle)."""
    sticker = _symbol(_sticker(kind, data, dpi), 1, angle)
    page = _place(_page(dpi), sticker, int(40 * dpi / 25.4), 40)
    bottom = 40 + (_bars_bottom(_sticker(kind, data, dpi))
                    + (sticker.shape[0] - _sticker(kind, data, dpi).shape[0]) // 2)
    return np.ascontiguousarray(page[bottom - round(left_mm * dpi / 25.4):])


@pytest.mark.parametrize(("kind", "data", "dpi", "left_mm", "angle"), [
    ("CODE128", "ARC167135122", 200, 2.5, 0.0),
    ("CODE128", "ARC605418337", 240, 2.0, 1.5),
    ("CODE128", "ARC605418337", 200, 1.5, -1.5),
    ("EAN13", "2606617636656", 300, 2.0, 0.0),
])
def test_sticker_cut_by_the_top_edge_is_read(kind: str, data: str, dpi: int, left_mm: float,
                                             angle: float) -> None:
    img = _worn(_cut(kind, data, dpi, left_mm, angle), 1.0, 5)
    assert _codes(img) == {(kind, data)}


def _bench() -> object:
    path = Path(__file__).resolve().parents[1] / "bench" / "codes_dev.py"
    spec = importlib.util.spec_from_file_location("codes_dev", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("i", [608, 614, 617])
def test_poor_scan_sticker_with_1_mm_of_bars_left_is_read(i: int) -> None:
    # The bench's synthetic poor scan (askew up to 4 degrees, faded, blurred, JPEG), its top
    # rows cut so that 1 mm of bars stays at the sticker's shorter end (the block was 2-3 mm
    # tall, under the 4.5 mm a block wants): missed before.
    image, kind, data = _bench()._synthetic_page(i, "poor_scan", "code128", 1.0)  # type: ignore[attr-defined]
    assert _codes(image) == {(kind, data)}


def test_print_along_the_top_edge_is_no_code() -> None:
    # Lines of print cut by the edge, as dense as bars: blocks along the edge are read, and
    # nothing comes of them.
    page = _page(200)
    img = np.ascontiguousarray(page[int(900 * 200 / 300) - 12:])
    assert _codes(_worn(img, 1.0, 5)) == set()
