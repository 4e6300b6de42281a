"""Black print read under a violet seal is print, not a pen: the seal's pen test keeps ink
that is untinted and dark, as printed captions under the seal are."""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.marks.colors import InkMaps
from recognizers.marks.signatures import _erase_print
from recognizers.marks.stamps import Seal

MM = 5.9


def _page() -> tuple[np.ndarray, InkMaps, list[tuple[float, float, float, float]], Seal]:
    """A violet seal (rings and ring text, tinted) with a black printed word inside it and a
    black pen's wave below the word; the word's box is the one OCR read."""
    size = 360
    c, r = (180, 180), 120
    seal = np.zeros((size, size), np.uint8)
    cv2.circle(seal, c, r, 255, 4)
    cv2.circle(seal, c, int(0.6 * r), 255, 2)
    for a in np.arange(0, 360, 6.0):  # ring text between the rings
        t = np.radians(a)
        p0 = (int(c[0] + 0.70 * r * np.cos(t)), int(c[1] + 0.70 * r * np.sin(t)))
        p1 = (int(c[0] + 0.85 * r * np.cos(t)), int(c[1] + 0.85 * r * np.sin(t)))
        cv2.line(seal, p0, p1, 255, 2)
    word = np.zeros_like(seal)
    for i in range(6):  # letters of a caption, 2.4 mm tall
        cv2.rectangle(word, (140 + 12 * i, 150), (148 + 12 * i, 164), 255, 2)
    pen = np.zeros_like(seal)
    t = np.linspace(0, 1, 300)
    wave = np.stack([130 + 100 * t, 200 + 6 * np.sin(t * 8 * np.pi)], 1).astype(np.int32)
    cv2.polylines(pen, [wave], False, 255, 2)
    dark = np.where(seal > 0, 0.35, 0.0).astype(np.float32)
    blue = np.where(seal > 0, 0.4, 0.0).astype(np.float32)
    dark[word > 0] = 0.8
    dark[pen > 0] = 0.8
    blue[(word | pen) > 0] = 0.0
    maps = InkMaps(1.0, MM, dark, blue, True, np.full(dark.shape, 255, np.uint8))
    mask = ((seal | word | pen) > 0).view(np.uint8) * np.uint8(255)
    return mask, maps, [(138.0, 148.0, 74.0, 18.0)], Seal(c[0], c[1], r, 1.0)


def test_black_print_read_in_a_violet_seal_goes() -> None:
    mask, maps, words, seal = _page()
    _erase_print(mask, words, [seal], maps, (maps.blue > 0.1).view(np.uint8) * np.uint8(255))
    assert np.count_nonzero(mask[150:165, 140:210]) == 0


def test_a_black_pen_in_the_seal_off_the_words_stays() -> None:
    mask, maps, words, seal = _page()
    _erase_print(mask, words, [seal], maps, (maps.blue > 0.1).view(np.uint8) * np.uint8(255))
    assert np.count_nonzero(mask[190:212, 140:220]) > 300
