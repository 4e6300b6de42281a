"""Image clean-up: a ruled, skewed synthetic page comes back level and without rulings."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from recognizers.cleanup import (
    MAX_SKEW,
    SKEW_STEP,
    WORK_WIDTH,
    _sharpest,
    prepare,
    remove_rulings,
    skew_angle,
)


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


def _wide_page() -> np.ndarray:
    """A landscape form's rows run the full width: their profile is sharp only within a few
    tenths of a degree of level."""
    img = np.full((2481, 3508), 255, np.uint8)
    for y in range(300, 2300, 45):
        cv2.putText(img, "Gruzopoluchatel i ego adres: OOO Energoresurs, 142877, ul. Komsomolskaya"
                    " d. 21, korp. 2, et. 11", (120, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    return img


@pytest.mark.parametrize("angle", [-1.4, -1.0, -0.6, -0.2, 0.4, 0.6, 1.0, 1.2])
def test_deskew_finds_a_small_rotation_of_a_wide_page(angle: float) -> None:
    img = _wide_page()
    m = cv2.getRotationMatrix2D((1754, 1240), angle, 1.0)
    rotated = cv2.warpAffine(img, m, (3508, 2481), borderValue=255)
    assert abs(skew_angle(rotated) + angle) <= 0.25


def test_deskew_finds_the_level_an_exhaustive_search_finds_on_a_generated_invoice(
        tmp_path: Path) -> None:
    # A счёт-фактура scan turned 0.6°: its rows are sharp only within ±0.2° of level, and a
    # coarse search stepping 0.8° had missed them, turning it to 1.2° (OCR then ran rows
    # together and lost seven fields).
    from ecm.corpus.generate import Job, build_one

    record = build_one(Job(13, "vat_invoice", "clean_scan", 31337, str(tmp_path)))
    gray = cv2.imread(str(tmp_path / record["file"]), cv2.IMREAD_GRAYSCALE)
    assert gray is not None
    scale = WORK_WIDTH / gray.shape[1]
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                31, 15)
    ys, xs = np.nonzero(ink)
    h, w = ink.shape
    every = np.arange(-MAX_SKEW, MAX_SKEW + 1e-6, SKEW_STEP)
    best = _sharpest(xs - w / 2, ys - h / 2, every, h)
    assert abs(best) >= 0.4  # the page is turned
    assert abs(skew_angle(gray) - best) < 1e-6


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


def _photo(background: int, corners: np.ndarray, seed: int = 3) -> np.ndarray:
    """The page photographed on a grainy table, light falling off from the right."""
    rng = np.random.default_rng(seed)
    page = cv2.resize(_page(), (900, 1200))
    h, w = 1500, 1200
    src = np.array([[0, 0], [900, 0], [900, 1200], [0, 1200]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    sheet = cv2.warpPerspective(page, m, (w, h)).astype(np.float32)
    mask = cv2.warpPerspective(np.full((1200, 900), 1.0, np.float32), m, (w, h))
    grain = cv2.resize(rng.random((30, 30)).astype(np.float32), (w, h),
                       interpolation=cv2.INTER_CUBIC)
    table = background * (0.8 + 0.35 * grain)
    light = np.linspace(0.55, 1.05, w, dtype=np.float32)[None, :]
    lit = (sheet * mask + table * (1 - mask)) * light
    img = cv2.GaussianBlur(lit.clip(0, 255).astype(np.uint8), (0, 0), 1.0)
    return np.asarray(img + rng.normal(0, 4, img.shape)).clip(0, 255).astype(np.uint8)


def test_page_outline_on_a_bright_table_with_uneven_light() -> None:
    """The sheet's shaded side is darker than the lit table: brightness alone cannot find it."""
    from recognizers.cleanup_outline import page_outline

    corners = np.array([[170, 120], [1080, 190], [1050, 1390], [120, 1330]], np.float32)
    found = page_outline(_photo(185, corners))
    assert found is not None
    assert np.abs(found - corners).max() < 25


def test_page_outline_with_a_corner_cut_by_the_frame() -> None:
    from recognizers.cleanup_outline import page_outline

    corners = np.array([[100, -30], [1100, 60], [1090, 1420], [80, 1380]], np.float32)
    found = page_outline(_photo(60, corners))
    assert found is not None
    assert np.abs(found - corners).max() < 25


def test_scan_has_no_outline_and_stays_as_is() -> None:
    from recognizers.cleanup import dewarp

    scan = _page()
    out, matrix = dewarp(scan)
    assert out is scan and np.allclose(matrix, np.eye(3))


def test_dewarped_photo_is_level() -> None:
    corners = np.array([[170, 120], [1080, 190], [1050, 1390], [120, 1330]], np.float32)
    gray, _m = prepare(_photo(100, corners), rulings=False)
    assert abs(gray.shape[1] / gray.shape[0] - 900 / 1200) < 0.05
    assert abs(skew_angle(gray)) <= 0.3


def test_small_print_is_enlarged_and_a_fine_scan_left_as_is() -> None:
    """A4 at 150 dpi (a phone photo's resolution) is read at READ_DPI; 300 dpi stays."""
    from recognizers.cleanup import READ_DPI

    coarse = np.full((1754, 1240), 255, np.uint8)
    cv2.putText(coarse, "Text 12345", (100, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    gray, matrix = prepare(coarse, skew=False)
    k = READ_DPI / 150
    assert abs(gray.shape[1] / 1240 - k) < 0.02 and abs(gray.shape[0] / 1754 - k) < 0.02
    # The matrix takes a received pixel to the enlarged image (OCR boxes are mapped back by it).
    x, y, _w = matrix @ np.array([100.0, 200.0, 1.0])
    assert abs(x - 100 * k) < 2 and abs(y - 200 * k) < 2
    fine = np.full((3508, 2480), 255, np.uint8)
    gray, matrix = prepare(fine)
    assert gray.shape == fine.shape and np.allclose(matrix, np.eye(3))


def test_an_image_shaped_like_no_sheet_is_not_enlarged() -> None:
    """A coarse strip would be taken for a low-dpi A4 sheet and outgrow tesseract's limit."""
    strip = np.full((20, 5000), 255, np.uint8)
    gray, matrix = prepare(strip)
    assert gray.shape == strip.shape and np.allclose(matrix, np.eye(3))


def test_the_same_photo_gives_the_same_outline_wherever_it_lies_in_memory() -> None:
    """The same file recognized twice must give the same card: the sheet's outline (and so the
    warp and the OCR reading after it) may not depend on the image array's memory alignment."""
    from recognizers.cleanup_outline import page_outline

    corners = np.array([[170, 120], [1080, 190], [1050, 1390], [120, 1330]], np.float32)
    found = []
    for background, seed in ((185, 3), (100, 5), (60, 7)):
        photo = _photo(background, corners, seed)
        for offset in range(4):
            buffer = np.empty(photo.size + 64, np.uint8)
            moved = buffer[offset:offset + photo.size].reshape(photo.shape)
            moved[:] = photo
            found.append((background, offset, page_outline(moved)))
    for background, _offset, outline in found:
        first = next(o for b, _f, o in found if b == background)
        assert outline is not None and first is not None
        assert np.array_equal(outline, first), background
