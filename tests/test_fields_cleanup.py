"""Image clean-up: a ruled, skewed synthetic page comes back level and without rulings."""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.cleanup import prepare, remove_rulings, skew_angle


def _page() -> np.ndarray:
    img = np.full((1200, 900), 255, np.uint8)
    for y in range(100, 1100, 60):
        cv2.putText(img, "Text line 12345,67 abc", (80, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    return img


def test_deskew_finds_the_rotation() -> None:
    img = _page()
    m = cv2.getRotationMatrix2D((450, 600), 3.0, 1.0)
    rotated = cv2.warpAffine(img, m, (900, 1200), borderValue=255)
    assert abs(skew_angle(rotated) + 3.0) <= 0.5
    assert abs(skew_angle(img)) <= 0.3


def test_rulings_removed_text_kept() -> None:
    img = _page()
    cv2.line(img, (40, 0), (40, 1199), 0, 2)
    cv2.line(img, (0, 130), (899, 130), 0, 2)
    clean = remove_rulings(img)
    assert clean[:, 40].min() > 200 and clean[130, 500] > 200
    assert (clean < 128).sum() > 0.7 * (img[:, 60:] < 128).sum() - 4000


def test_prepare_returns_a_mapping() -> None:
    gray, matrix = prepare(cv2.cvtColor(_page(), cv2.COLOR_GRAY2BGR))
    assert gray.ndim == 2 and matrix.shape == (3, 3)
