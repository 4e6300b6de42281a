"""The fill pass's image helpers give exactly what the slower library calls gave."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from recognizers.ocr_fill import _component_boxes, median_tone


@pytest.mark.parametrize("shape", [(1, 1), (1, 2), (3, 4), (101, 77), (4200, 4100)])
def test_median_tone_is_numpy_median(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(shape[0])
    gray = rng.integers(0, 256, shape, dtype=np.uint8)
    gray[: shape[0] // 2] //= 3  # lopsided: the two middle values differ
    assert median_tone(gray) == int(np.median(gray))
    # A view (the page's band) counts only its own pixels.
    assert median_tone(gray[:, ::2]) == int(np.median(gray[:, ::2]))


def test_component_boxes_are_the_labelled_pieces() -> None:
    mask = np.zeros((200, 300), np.uint8)
    cv2.rectangle(mask, (10, 10), (250, 180), 1, 2)  # a frame with pieces inside its hole
    cv2.putText(mask, "AB 12", (40, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 1, 3)
    mask[190:195, 280:290] = 1
    mask[5, 295] = 1  # a lone pixel; diagonal neighbours join under 8-connectivity
    mask[6, 296] = 1
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(mask, connectivity=8)
    labelled = sorted(tuple(int(v) for v in s[:4]) for s in stats[1:n])
    found = _component_boxes(mask)
    assert sorted(found) == labelled
    assert found == sorted(found, key=lambda b: (b[1], b[0]))
