"""Office stamps as photos and poor scans leave them: frames sheared by a photo's angle, and
faint frames broken in two halves."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from recognizers.marks import find_page_marks
from recognizers.page import Page, Word
from tests.test_marks_stamps import H, W, _drawn_stamp, _iou, _page, _paste, _poor


def _sheared(rgba: np.ndarray, shear: float) -> np.ndarray:
    """The stamp as a photo taken at an angle shows it: its upright sides leaning by
    ``shear`` (horizontal shift per pixel of height), the long sides still level."""
    h, w = rgba.shape[:2]
    pad = int(abs(shear) * h) + 2
    matrix = np.array([[1, shear, pad - shear * h / 2], [0, 1, 0]], np.float32)
    out: np.ndarray = cv2.warpAffine(rgba, matrix, (w + 2 * pad, h), flags=cv2.INTER_LINEAR)
    return out


def _box(rgba: np.ndarray, x: int, y: int) -> tuple[float, float, float, float]:
    ys, xs = np.nonzero(rgba[..., 3] > 40)
    return x + float(xs.min()), y + float(ys.min()), float(np.ptp(xs)), float(np.ptp(ys))


@pytest.mark.parametrize("shear", [-0.13, 0.14])
def test_stamp_sheared_by_a_photo_is_found(shear: float) -> None:
    """A violet 'ВХОДЯЩИЙ' whose short sides lean ~7.5 degrees off square: no rectangle runs
    along all four sides, so it was missed (torg12 photo of dev seed 9200)."""
    img = _page()
    stamp = _sheared(_drawn_stamp(["ВХОДЯЩИЙ", "24.01.2025", "Вх. № 7151"], 0,
                                  ink=(120, 90, 170)), shear)
    _paste(img, stamp, 1200, 2600)
    marks = find_page_marks(Page(1, W, H, image=_poor(img, 4)))
    assert [s.kind for s in marks.stamps] == ["rectangular"]
    assert _iou(marks.stamps[0].bbox, _box(stamp, 1200, 2600)) >= 0.5


def test_faint_stamp_broken_in_two_halves_is_found() -> None:
    """A faint 'ПОЛУЧЕНО' whose frame is cut across both long sides: two open halves, neither
    a frame (act poor scan of dev seed 9200)."""
    img = _page()
    stamp = _drawn_stamp(["ПОЛУЧЕНО", "«14» 2025 г."], 0, ink=(150, 110, 150))
    stamp[..., 3] = (stamp[..., 3] * 0.55).astype(np.uint8)
    cut = stamp.shape[1] // 2 + 37
    stamp[:, cut:cut + 10, 3] = 0
    _paste(img, stamp, 1200, 2600)
    marks = find_page_marks(Page(1, W, H, image=_poor(img, 6)))
    assert [s.kind for s in marks.stamps] == ["rectangular"]
    assert _iou(marks.stamps[0].bbox, _box(stamp, 1200, 2600)) >= 0.5


def test_frame_side_read_as_a_word_does_not_cut_the_frame() -> None:
    """OCR on poor scans reads a frame's side as a letter ('|'): erasing that word as print
    cut the frame of a grey 'ВХОДЯЩИЙ' on both sides (vat invoice of dev seed 9300)."""
    img = _page()
    stamp = _drawn_stamp(["ВХОДЯЩИЙ", "«27» 2025 г."], 3, ink=(20, 20, 20))
    _paste(img, stamp, 1200, 2600)
    x, y, w, h = _box(stamp, 1200, 2600)
    grey = cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    # Each upright side read as two tall thin letters, most of its length.
    sides = [Word(t, sx, y + h / 2 + dy, 16, 70, 0.6)
             for sx in (x - 6, x + w - 10) for t, dy in (("I", -70), ("l", 0))]
    marks = find_page_marks(Page(1, W, H, image=grey, words=sides, text_source="ocr"))
    assert [s.kind for s in marks.stamps] == ["rectangular"]
    assert _iou(marks.stamps[0].bbox, (x, y, w, h)) >= 0.5
