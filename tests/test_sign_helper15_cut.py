"""Loops of a signature left standing on its blank's line once the line (and the flat
strokes along it) are taken away: letter-sized and lined up like print, yet not print."""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.marks.signatures import _clean_pieces

PX_PER_MM = 6.0
BODY = 15  # px: the read words' height


def _loops_on_a_line() -> tuple[np.ndarray, np.ndarray, list[tuple[float, float, float, float]]]:
    """Six loops 18 px tall (taller than the 15 px letters) side by side, their feet on a
    line at y=220 that was cut out (``cut``: the line grown by a pixel)."""
    mask = np.zeros((300, 400), np.uint8)
    for i in range(6):
        x = 100 + i * 22
        cv2.ellipse(mask, (x + 7, 219), (7, 17), 0, 180, 360, 255, 2)
    mask[220:222, 60:340] = 0  # the line and what of the loops lay on it
    cut = np.zeros_like(mask)
    cut[219:223, 59:341] = 255
    words = [(20.0, 20.0, 60.0, float(BODY)), (120.0, 20.0, 80.0, float(BODY))]
    return mask, cut, words


def test_loops_standing_on_a_cut_line_are_not_a_row_of_print() -> None:
    mask, cut, words = _loops_on_a_line()
    kept = _clean_pieces(mask.copy(), words, PX_PER_MM, None, cut).mask
    assert np.count_nonzero(kept) >= 0.9 * np.count_nonzero(mask)


def test_the_same_loops_off_any_line_are_erased_as_print() -> None:
    mask, _cut, words = _loops_on_a_line()
    kept = _clean_pieces(mask.copy(), words, PX_PER_MM, None).mask
    assert np.count_nonzero(kept) < 0.1 * np.count_nonzero(mask)
