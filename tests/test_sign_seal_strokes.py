"""A pen's long stroke under a seal, thickened by a photo's blur, is still a pen's where OCR
read no print on it; the same ink in a read word's box is print."""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.marks.colors import InkMaps
from recognizers.marks.signatures import _erase_print
from recognizers.marks.stamps import Seal

MM = 5.9
WAVE_ROWS = slice(130, 171)
WAVE_COLS = slice(100, 200)


def _page() -> tuple[np.ndarray, InkMaps, Seal]:
    """A grey seal (ring and ring text) with a 14 mm wave in its middle, 3.4 mm tall, whose
    ink fills 0.27 of its box (a thin pen blurred), as dark as the seal's ink."""
    size = 300
    c, r = (150, 150), 110
    seal = np.zeros((size, size), np.uint8)
    cv2.circle(seal, c, r, 255, 4)
    for a in np.arange(0, 360, 6.0):  # ring text inside the ring
        t = np.radians(a)
        p0 = (int(c[0] + 0.70 * r * np.cos(t)), int(c[1] + 0.70 * r * np.sin(t)))
        p1 = (int(c[0] + 0.85 * r * np.cos(t)), int(c[1] + 0.85 * r * np.sin(t)))
        cv2.line(seal, p0, p1, 255, 2)
    t = np.linspace(0, 1, 400)
    wave = np.stack([110 + 80 * t, 150 + 9 * np.sin(t * 6 * np.pi)], 1).astype(np.int32)
    cv2.polylines(seal, [wave], False, 255, 2)
    dark = np.where(seal > 0, 0.5, 0.0).astype(np.float32)
    maps = InkMaps(1.0, MM, dark, np.zeros_like(dark), False,
                   np.full(dark.shape, 255, np.uint8))
    return seal, maps, Seal(c[0], c[1], r, 1.0)


def test_a_blurred_pen_stroke_under_a_seal_stays() -> None:
    mask, maps, seal = _page()
    wave = np.count_nonzero(mask[WAVE_ROWS, WAVE_COLS])
    _erase_print(mask, [], [seal], maps, None)
    assert np.count_nonzero(mask[WAVE_ROWS, WAVE_COLS]) == wave


def test_the_same_ink_read_as_words_goes() -> None:
    mask, maps, seal = _page()
    _erase_print(mask, [(105.0, 135.0, 90.0, 32.0)], [seal], maps, None)
    assert np.count_nonzero(mask[WAVE_ROWS, WAVE_COLS]) == 0
