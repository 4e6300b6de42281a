"""A photo's table of figures taken for a block of bars: its rulings and rows run on past the
block, which a code's bars never do, so the fitting reader is not asked (~0.15 s a block)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from recognizers.marks import codes_fit
from tests.test_marks_codes import _bars_crop

PX_PER_MM = 6.8


def _table(rows: int, open_below: bool) -> np.ndarray:
    """A photographed table's cells as the block finder's crop has them: figures between
    rulings 3 mm apart that run across the whole crop (a table goes on past its block),
    blurred; ``open_below``: the rows run out of the crop's lower end too (else they stop
    at a ruling 4 mm above it, as a table's last row does)."""
    mm = PX_PER_MM
    w, h = int((3 * rows + 4) * mm), int(40 * mm)
    img = np.full((h, w), 225, np.uint8)
    bottom = h if open_below else int(h - 4 * mm)
    for i in range(rows + 1):
        x = int((2 + 3 * i) * mm)
        cv2.line(img, (x, 0), (x, bottom), 40, 2)
    if not open_below:
        cv2.line(img, (0, bottom), (w, bottom), 40, 2)
    for i in range(rows):
        cell = np.full((int(2.6 * mm), bottom), 225, np.uint8)
        cv2.putText(cell, f"{1441 + 37 * i} {i}{i}8,{i}5  {2 + i}47,1{i}", (3, int(2.2 * mm)),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.5, 30, 2)
        x = int((2.2 + 3 * i) * mm)
        img[:bottom, x:x + cell.shape[0]] = np.minimum(img[:bottom, x:x + cell.shape[0]],
                                                       cv2.rotate(cell, cv2.ROTATE_90_CLOCKWISE))
    out: np.ndarray = cv2.GaussianBlur(img, (0, 0), 1.2)
    return out


@pytest.fixture
def fitted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The profiles the fitting reader was asked to fit (their lengths)."""
    calls: list[int] = []
    real = codes_fit.fit_linear

    def fit_linear(profile: np.ndarray) -> list[tuple[str, str]]:
        calls.append(len(profile))
        return real(profile)

    monkeypatch.setattr(codes_fit, "fit_linear", fit_linear)
    return calls


def test_rows_through_both_ends_are_not_fitted(fitted: list[int]) -> None:
    assert codes_fit.fit_profiles(_table(12, True), 0.0, PX_PER_MM) == []
    assert fitted == []


def test_rows_through_one_end_are_fitted_only_at_the_image_edge(fitted: list[int]) -> None:
    crop = _table(12, False)
    assert codes_fit.fit_profiles(crop, 0.0, PX_PER_MM, clear=True) == []
    assert fitted == []
    # Where the image's edge cut the crop, bars reaching it may be a code's it cut short.
    assert codes_fit.fit_profiles(crop, 0.0, PX_PER_MM) == []
    assert fitted


@pytest.mark.parametrize(("kind", "data", "module_px", "blur"), [
    ("CODE128", "ARC491644311", 1.9, 1.2), ("EAN13", "2923079787697", 1.8, 1.0)])
def test_a_code_clear_of_the_edges_is_still_read(kind: str, data: str, module_px: float,
                                                 blur: float) -> None:
    crop = _bars_crop(kind, data[:12] if kind == "EAN13" else data, module_px, blur, 0.3)
    assert codes_fit.fit_profiles(crop, 0.0, 8.0, clear=True) == [(kind, data)]
