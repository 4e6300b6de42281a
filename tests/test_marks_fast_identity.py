"""Speed-ups of the marks step that must give the very same values as the code they replace."""

import cv2
import numpy as np

from recognizers.marks import _print_boxes, _printed_words
from recognizers.marks.codes import _blocks, _pooled
from recognizers.marks.colors import every_other
from recognizers.marks.seal_text import _radial
from recognizers.page import Word


def test_radial_band_is_warp_polar_value_for_value() -> None:
    rng = np.random.default_rng(1)
    ink = cv2.GaussianBlur(rng.random((420, 420)).astype(np.float32), (0, 0), 3)
    for _ in range(40):
        radius = float(rng.uniform(150, 205))
        size = int(radius * 1.1)
        lo, hi = int(radius * 0.85), min(size - 1, int(radius * 1.08))
        cx, cy = 210 + rng.normal(0, 8), 210 + rng.normal(0, 8)
        pol = cv2.warpPolar(ink, (size, 180), (cx, cy), size,
                            cv2.WARP_POLAR_LINEAR + cv2.INTER_LINEAR + cv2.WARP_FILL_OUTLIERS)
        assert np.array_equal(pol.mean(axis=0)[lo:hi], _radial(ink, cx, cy, lo, hi))


def test_pooled_code_blocks_are_the_resized_ones() -> None:
    rng = np.random.default_rng(2)
    dark = np.zeros((800, 600), np.float32)
    for _ in range(30):  # blocks of bars, print-like specks and a ruling
        x, y = int(rng.integers(0, 520)), int(rng.integers(0, 740))
        dark[y:y + 50, x:x + 70:3] = rng.uniform(0.3, 0.9)
    dark[::7, ::5] = np.maximum(dark[::7, ::5], rng.random(dark[::7, ::5].shape) * 0.6)
    dark[400, :] = 0.8
    pooled = _pooled(dark)
    assert pooled is not None and _pooled(dark[:799]) is None
    for darkness in (0.35, 0.45):
        assert _blocks(dark, 6.0, darkness, pooled) == _blocks(dark, 6.0, darkness)


def _word(text: str, conf: float, w: float, h: float = 20.0) -> Word:
    return Word(text=text, conf=conf, x=10.0, y=10.0, w=w, h=h, line=1)


def _old_printed(words: list[Word], k: float, px_per_mm: float, latin: bool) -> list:
    """The word filter as it was, two passes, letters counted for every word."""
    out = []
    sure = [w.h for w in words if w.conf >= 0.5]
    body = float(np.median(sure)) if sure else 6.0 * px_per_mm / k
    for w in words:
        letters = sum(c.isalnum() for c in w.text)
        printed = (w.conf >= 0.5 and (letters > 0 or w.h <= 1.3 * body)) or (
            letters >= 3 and w.h <= 1.3 * body and w.w <= 1.5 * w.h * len(w.text))
        if w.h * k > 6.0 * px_per_mm or not printed:
            continue
        if not latin and w.conf < 0.8 and w.text.isascii() and \
                any(c.isalpha() for c in w.text):
            continue
        out.append((w.x * k, w.y * k, w.w * k, w.h * k))
    return out


def test_print_boxes_give_both_word_lists_at_once() -> None:
    words = [_word("Заказчик", 0.9, 110), _word("Anna", 0.6, 60), _word("@.", 0.6, 50, 40),
             _word("товара", 0.3, 70), _word("ити", 0.2, 164), _word("ab", 0.3, 30),
             _word("Total", 0.95, 70), _word("--", 0.7, 30, 25), _word("Ivan", 0.4, 60),
             _word("Большой", 0.9, 200, 80)]
    both = _print_boxes(words, 0.5, 6.0)
    assert both == (_old_printed(words, 0.5, 6.0, True), _old_printed(words, 0.5, 6.0, False))
    assert len(both[0]) > len(both[1]) > 0
    assert _printed_words(words, 0.5, 6.0, latin=False) == both[1]


def test_every_other_pixel_is_numpys_slice() -> None:
    rng = np.random.default_rng(3)
    for h, w in ((1760, 1312), (1489, 1992), (7, 5), (8, 9), (1, 1)):
        img = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
        assert np.array_equal(every_other(img), img[::2, ::2])
        assert np.array_equal(every_other(img[..., 0].copy()), img[::2, ::2, 0])
