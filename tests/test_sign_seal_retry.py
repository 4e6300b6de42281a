"""The seal search begun a few mm off a grey seal's centre (Hough's circle of its ring text)
can stop on the ring text round a centre still off; searched once more from there it finds
the seal, whose pen-free ink would otherwise be left to the signature search."""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.marks.stamps import GREY_FLOOR, SEAL_RADIUS_MM, _refine, _seal_at

MM = 5.93
RADII = (int(SEAL_RADIUS_MM[0] * MM * 0.8), int(SEAL_RADIUS_MM[1] * MM))
BAND = MM * 0.4


def _grey_seal() -> np.ndarray:
    """A seal's ink map: outer ring r=127 round (300, 300), a thin inner circle at 0.6 of
    it and dense ring text between 0.72 and 0.9 of it."""
    m = np.zeros((600, 600), np.float32)
    c, r = (300, 300), 127
    cv2.circle(m, c, r, 0.5, 4)
    cv2.circle(m, c, int(0.6 * r), 0.5, 2)
    for a in np.arange(0, 360, 4.0):
        t = np.radians(a)
        p0 = (int(c[0] + 0.72 * r * np.cos(t)), int(c[1] + 0.72 * r * np.sin(t)))
        p1 = (int(c[0] + 0.9 * r * np.cos(t)), int(c[1] + 0.9 * r * np.sin(t)))
        cv2.line(m, p0, p1, 0.5, 3)
    return m


def test_a_seal_searched_from_off_its_centre_is_found() -> None:
    m = _grey_seal()
    start = (321.0, 292.0, 97.0)
    # The first search stops round a centre a few pixels off, on the ring text.
    _cov, cx, _cy, r = _refine(m, start[0], start[1], *RADII, BAND, GREY_FLOOR)
    assert abs(cx - 300) > 8 and r < 125
    seal = _seal_at(m, start, RADII, BAND, GREY_FLOOR, False, [])
    assert seal is not None
    assert np.hypot(seal.cx - 300, seal.cy - 300) < 5 and abs(seal.r - 127) < 8


def test_no_seal_where_no_ring_runs_round() -> None:
    m = np.zeros((600, 600), np.float32)
    for y in range(200, 400, 20):  # lines of print
        m[y:y + 6, 150:450] = 0.5
    assert _seal_at(m, (300.0, 300.0, 100.0), RADII, BAND, GREY_FLOOR, False, []) is None
