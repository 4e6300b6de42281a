"""The marks step's faster paths give exactly what the plain ones gave (issue #5: the step's
time, not its results, was to change)."""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.marks.sign_seals import _ring_peaks, fit_rings
from recognizers.marks.signatures import _pieces_per_row
from recognizers.marks.stamps import Seal


def _one_shift_at_a_time(xs: np.ndarray, ys: np.ndarray, s: Seal, shifts: np.ndarray,
                         lo: float, hi: float, step: float) -> tuple[list[int], list[int]]:
    """The ring search as it ran before: one pass per centre shift."""
    peaks, firsts = [], []
    for dx, dy in shifts:
        d = np.hypot(xs - (s.cx + dx), ys - (s.cy + dy))
        d = d[(d >= lo) & (d < hi)]
        counts = np.bincount(((d - lo) / step).astype(int), minlength=2)
        pair = counts[:-1] + counts[1:]
        k = int(np.argmax(pair))
        peaks.append(int(pair[k]))
        firsts.append(k)
    return peaks, firsts


def test_ring_peaks_match_the_one_shift_at_a_time_search() -> None:
    rng = np.random.default_rng(5)
    s = Seal(150.3, 140.7, 90.2, 1.0)
    ang = rng.uniform(0, 2 * np.pi, 3000)
    rad = np.concatenate([rng.normal(91, 1.5, 2000), rng.uniform(0, 120, 1000)])
    xs = np.rint(152 + rad * np.cos(ang)).astype(np.int64)
    ys = np.rint(139 + rad * np.sin(ang)).astype(np.int64)
    grid = np.arange(-2.5, 2.51, 0.5) * 5.9
    shifts = np.array([(a, b) for a in grid for b in grid])
    lo, hi, step = 0.8 * s.r, 1.25 * s.r, 1.475
    peaks, firsts = _ring_peaks(xs, ys, s, shifts, (lo, hi, step))
    assert (peaks.tolist(), firsts.tolist()) == _one_shift_at_a_time(xs, ys, s, shifts, lo,
                                                                     hi, step)
    # No ink on any ring: every shift scores nothing at the first bin, as before.
    none = np.array([150], np.int64)
    peaks, firsts = _ring_peaks(none, none, s, shifts, (lo, hi, step))
    assert peaks.tolist() == [0] * len(shifts) and firsts.tolist() == [0] * len(shifts)


def test_fit_rings_finds_a_drawn_seal_ring() -> None:
    mask = np.zeros((300, 300), np.uint8)
    cv2.circle(mask, (153, 148), 90, 255, 2)
    cv2.circle(mask, (153, 148), 55, 255, 1)
    rings = fit_rings(mask, (slice(0, 300), slice(0, 300)), Seal(150, 150, 88, 1.0), 5.9)
    assert abs(rings.cx - 153) <= 1.5 and abs(rings.cy - 148) <= 1.5
    assert abs(rings.outer - 90) <= 2.5
    assert rings.inner is not None and abs(rings.inner - 55) <= 2.5


def test_pieces_per_row_counts_distinct_pieces() -> None:
    # Each piece in one row (what the rows' dilation guarantees) ...
    row_of = np.array([1, 1, 1, 2, 2, 3, 1])
    label_of = np.array([4, 4, 5, 6, 7, 8, 9])
    assert _pieces_per_row(row_of, label_of, 4).tolist() == [0, 3, 2, 1]
    # ... and, should a piece ever span two rows, each row still counts it.
    row_of = np.array([1, 2, 2, 1])
    label_of = np.array([4, 4, 5, 5])
    assert _pieces_per_row(row_of, label_of, 3).tolist() == [0, 2, 2]


def _is_colour_int16(small: np.ndarray, flat: np.ndarray) -> bool:
    """The colour test as it was computed before, in int16 numpy."""
    sub = small[::2, ::2].astype(np.int16)
    b, g, r = sub[..., 0], sub[..., 1], sub[..., 2]
    if int(np.count_nonzero(np.maximum(np.abs(b - g), np.abs(b - r)) > 30)) > 60:
        return True
    fsub = flat[::2, ::2].astype(np.int16)
    blue = fsub[..., 0] - np.maximum(fsub[..., 1], fsub[..., 2])
    return int(np.count_nonzero(blue > 10)) > 250


def test_colour_test_matches_the_int16_one() -> None:
    from recognizers.marks.colors import _is_colour

    rng = np.random.default_rng(3)
    for spread in (0, 8, 12, 20, 40):
        grey = rng.integers(100, 230, (90, 70, 1))
        small = np.clip(grey + rng.integers(-spread, spread + 1, (90, 70, 3)), 0,
                        255).astype(np.uint8)
        flat = np.clip(grey + rng.integers(-spread, spread + 1, (90, 70, 3)), 0,
                       255).astype(np.uint8)
        for s, f in ((small, flat), (np.full_like(small, 200), flat)):
            assert _is_colour(s, f) == _is_colour_int16(s, f)


def test_ring_profiles_round_several_centres_match_one_at_a_time() -> None:
    from recognizers.marks.stamps import _profiles, _profiles_round

    rng = np.random.default_rng(2)
    m = rng.random((240, 260)).astype(np.float32)
    cxs, cys = np.array([120.0, 10.5, 250.25]), np.array([100.0, 230.75, 5.0])
    radii = np.array([30.0, 55.5])
    many = _profiles_round(m, cxs, cys, radii, 2.0)
    for i, (cx, cy) in enumerate(zip(cxs, cys, strict=True)):
        np.testing.assert_array_equal(many[i], _profiles(m, float(cx), float(cy), radii, 2.0))
