"""The codes step's cost on what is not a code: a photo's table cells whose rulings look like
bars lying across are not sent through the fitting reader."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from recognizers.marks import codes_fit


def _ruled_column(px_per_mm: float) -> np.ndarray:
    """A photographed table column: figures between rulings 6 mm apart, blurred."""
    w, h = int(16 * px_per_mm), int(40 * px_per_mm)
    img = np.full((h, w), 225, np.uint8)
    for i in range(7):
        y = int((2 + 6 * i) * px_per_mm)
        cv2.line(img, (0, y), (w, y), 40, 2)
        if i < 6:
            cv2.putText(img, f"{1441 + 37 * i},8{i}", (4, y + int(4.5 * px_per_mm)),
                        cv2.FONT_HERSHEY_SIMPLEX, 0.45, 60, 1)
    out: np.ndarray = cv2.GaussianBlur(img, (0, 0), 1.2)
    return out


def test_a_ruled_column_of_figures_is_not_fitted(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def fit_linear(profile: np.ndarray) -> list[tuple[str, str]]:
        calls.append(len(profile))
        return []

    monkeypatch.setattr(codes_fit, "fit_linear", fit_linear)
    crop = _ruled_column(6.8)
    # The rulings' gradient points down the page: the "bars" lie across, read down it.
    assert codes_fit.fit_profiles(crop, 90.0, 6.8) == []
    assert calls == []
