"""The signature search's row opening (sign_ink.open_rows) equals OpenCV's opening of the
whole page, edge runs included, and the ink-only label lookup equals np.take."""

import cv2
import numpy as np

from recognizers.marks.sign_ink import lookup, open_rows


def test_open_rows_equals_full_opening() -> None:
    rng = np.random.default_rng(5)
    mask = ((rng.random((120, 300)) > 0.6) * 255).astype(np.uint8)
    mask[10, 20:120] = 255  # a rule
    mask[20, :31] = 255  # runs at the edges, just long enough or not
    mask[21, :29] = 255
    mask[22, 270:] = 255
    mask[30:40, 250:] = 255
    for length in (15, 59, 60, 61):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))
        want = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
        assert np.array_equal(open_rows(mask, length), want)


def test_open_rows_of_blank_page() -> None:
    assert not open_rows(np.zeros((20, 40), np.uint8), 15).any()


def test_lookup_equals_take_on_ink() -> None:
    mask = np.zeros((30, 40), np.uint8)
    mask[2:5, 3:9] = 255
    mask[10:20, 20:22] = 255
    n, labels = cv2.connectedComponents(mask, connectivity=8, ltype=cv2.CV_16U)
    table = np.array([0, 255, 7], np.uint8)[:n]
    got = lookup(table, labels, np.flatnonzero(mask > 0))
    assert np.array_equal(got, np.take(table, labels))
