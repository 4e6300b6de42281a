"""Connected components: the fast labelling gives OpenCV's own answer, however many pieces."""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.components import components, labels_only


def _same_as_opencv(mask: np.ndarray, connectivity: int) -> None:
    n, labels, stats, centres = cv2.connectedComponentsWithStats(mask, connectivity=connectivity)
    got = components(mask, connectivity)
    assert got[0] == n
    assert np.array_equal(got[1].astype(np.int64), labels)
    assert np.array_equal(got[2], stats) and np.allclose(got[3], centres)
    count, only = labels_only(mask, connectivity)
    assert count == n and np.array_equal(only.astype(np.int64), labels)


def test_a_page_of_pieces_is_labelled_as_opencv_labels_it() -> None:
    mask = np.zeros((300, 400), np.uint8)
    cv2.putText(mask, "ИНН 7701 +", (10, 150), cv2.FONT_HERSHEY_SIMPLEX, 2.5, 1, 4)
    cv2.circle(mask, (300, 200), 60, 1, 3)
    for connectivity in (4, 8):
        _same_as_opencv(mask, connectivity)


def test_more_pieces_than_16_bits_hold() -> None:
    mask = np.zeros((600, 600), np.uint8)
    mask[::2, ::2] = 1  # 90,000 lone dots under 4-connectivity
    _same_as_opencv(mask, 4)
