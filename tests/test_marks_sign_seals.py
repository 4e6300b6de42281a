"""Seal ink taken away before the signature search: the seal's rings are found where they
are, so what crosses them is cut loose from the seal."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from recognizers.marks.colors import InkMaps
from recognizers.marks.sign_seals import fit_rings, take_seals
from recognizers.marks.stamps import Seal


def _seal_mask(dashed: bool = False) -> tuple[np.ndarray, float]:
    """A working-scale seal mask: a bold outer ring, a thin inner ring at 0.6 of its radius
    (``dashed``: broken into short dashes, as a faint seal's thin ring on a photo) and ring
    text between them set so dense (bold letters run together on a scan) that the text's
    band holds more ink per radius than the thin inner ring."""
    r = 120.0
    mask = np.zeros((320, 320), np.uint8)
    c = (160, 160)
    cv2.circle(mask, c, int(r), 255, 4)
    if dashed:
        for d in range(0, 360, 12):
            cv2.ellipse(mask, c, (int(0.6 * r), int(0.6 * r)), 0, d, d + 6, 255, 1)
    else:
        cv2.circle(mask, c, int(0.6 * r), 255, 1)
    for a in np.arange(0, 360, 4.0):  # letters 0.7-0.88 R, 2 px strokes, closely set
        t = np.radians(a)
        p0 = (int(c[0] + 0.70 * r * np.cos(t)), int(c[1] + 0.70 * r * np.sin(t)))
        p1 = (int(c[0] + 0.88 * r * np.cos(t)), int(c[1] + 0.88 * r * np.sin(t)))
        cv2.line(mask, p0, p1, 255, 3)
    return mask, r


@pytest.mark.parametrize("dashed", [False, True])
def test_inner_ring_is_the_thin_circle_not_the_dense_ring_text(dashed: bool) -> None:
    mask, r = _seal_mask(dashed)
    win = (slice(0, mask.shape[0]), slice(0, mask.shape[1]))
    rings = fit_rings(mask, win, Seal(160, 160, r, 1.0), 5.9)
    assert rings.inner is not None
    # The thin ring at 0.6 R is what must be cut, not a radius inside the ring text.
    assert abs(rings.inner - 0.6 * rings.outer) < 3


def test_rings_of_an_oval_seal_go_and_a_pen_beside_them_stays() -> None:
    # A seal pressed askew (or photographed at an angle) is an oval: its rings run off the
    # circle fitted to it, and what is left of them must not stay behind as pen-like strokes.
    mm = 5.9
    mask = np.zeros((360, 360), np.uint8)
    c = (180, 180)
    cv2.ellipse(mask, c, (120, 92), 0, 0, 360, 255, 4)
    cv2.ellipse(mask, c, (72, 55), 0, 0, 360, 255, 2)
    t = np.linspace(0, 1, 400)  # a signature's loops in the seal's middle
    pen = np.stack([135 + 90 * t, 185 + 18 * np.sin(t * 9 * np.pi)], 1).astype(np.int32)
    pen_px = np.zeros_like(mask)
    cv2.polylines(pen_px, [pen], False, 255, 2)
    mask |= pen_px
    dark = mask.astype(np.float32) / 255 * 0.8
    maps = InkMaps(1.0, mm, dark, np.zeros_like(dark), False, np.full(dark.shape, 255, np.uint8))
    work = mask.copy()
    take_seals(work, [Seal(180, 180, 110, 1.0)], maps)
    rings = ((work > 0) & (pen_px == 0)).astype(np.uint8)
    _n, _labels, stats, _ = cv2.connectedComponentsWithStats(rings, connectivity=8)
    # Nothing of the rings is left as a stroke a signature's length ...
    assert max((max(int(w), int(h)) for _x, _y, w, h, _a in stats[1:]), default=0) < 6 * mm
    # ... and the pen still stands.
    assert np.count_nonzero((work > 0) & (pen_px > 0)) >= 0.8 * np.count_nonzero(pen_px)


def test_seal_whose_ring_fits_well_inside_it_still_covers_its_detected_circle() -> None:
    """A photographed seal whose outer ring is too faint to be ink but for a short arc: the
    ring fit settles on the ring text's band, well inside the detector's circle, and the
    arc left near the detector's radius is still the seal's (it stood as a false signature
    joined to the print it touched)."""
    mm, r = 6.0, 100
    dark = np.zeros((320, 320), np.float32)
    for a in np.arange(0, 360, 4.0):  # dense ring text, 0.72-0.85 of the radius
        t = np.radians(a)
        p0 = (int(160 + 0.72 * r * np.cos(t)), int(160 + 0.72 * r * np.sin(t)))
        p1 = (int(160 + 0.85 * r * np.cos(t)), int(160 + 0.85 * r * np.sin(t)))
        cv2.line(dark, p0, p1, 0.45, 3)
    arc = np.zeros_like(dark)
    cv2.ellipse(arc, (160, 160), (int(0.97 * r), int(0.97 * r)), 0, 200, 230, 0.45, 3)
    t = np.radians(215)  # a scrap of ring text run into it: no clean arc
    cv2.line(arc, (int(160 + 0.97 * r * np.cos(t)), int(160 + 0.97 * r * np.sin(t))),
             (int(160 + 0.87 * r * np.cos(t)), int(160 + 0.87 * r * np.sin(t))), 0.45, 3)
    dark = np.maximum(dark, arc)
    maps = InkMaps(1.0, mm, dark, dark * 0.45, True, np.full(dark.shape, 255, np.uint8))
    mask = (dark > 0.2).astype(np.uint8) * 255
    rings = fit_rings(mask, (slice(0, 320), slice(0, 320)), Seal(160, 160, r, 1.0), mm)
    assert rings.outer < 0.88 * r
    arc_px = (arc > 0) & (_dist_from(160, 160, mask.shape) > 0.93 * r)
    cover, pen = take_seals(mask, [Seal(160, 160, r, 1.0)], maps)
    assert cover[arc_px].all() and not pen[arc_px].any()


def _dist_from(cx: float, cy: float, shape: tuple[int, ...]) -> np.ndarray:
    yy, xx = np.mgrid[0:shape[0], 0:shape[1]]
    out: np.ndarray = np.hypot(xx - cx, yy - cy)
    return out


def _loops_in_a_grey_seal(width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """A seal on a grey page (rings and ring text as dark as the pen) with three pen loops
    ``width`` x ``height`` px in its middle, apart from each other: a signature under the seal
    whose flat strokes along its blank went with the blank's ruling. Returns the mask and
    the loops' pixels."""
    mask, _r = _seal_mask()
    loops = np.zeros_like(mask)
    for i in range(3):
        t = np.linspace(0, 1, 200)
        xs = 110 + i * (width + 6) + width * t
        ys = 150 + (height - 2) / 2 * (1 - np.cos(t * 2 * np.pi))
        cv2.polylines(loops, [np.stack([xs, ys], 1).astype(np.int32)], False, 255, 2)
    return mask | loops, loops > 0


def test_pen_loops_under_a_grey_seal_stay_as_pen() -> None:
    # Loops 5.4 mm wide and 4 mm tall: under STROKE_MM, yet taller than the seal's letters
    # and running along their line (a grey poor scan's black signature under a faded seal
    # was all taken for the seal's ink).
    mm = 5.9
    mask, loops = _loops_in_a_grey_seal(32, 24)
    dark = (mask > 0).astype(np.float32) * 0.5  # the pen no darker than the seal
    maps = InkMaps(1.0, mm, dark, np.zeros_like(dark), False, np.full(dark.shape, 255, np.uint8))
    _cover, pen = take_seals(mask.copy(), [Seal(160, 160, 120, 1.0)], maps)
    assert np.count_nonzero(pen & loops) >= 0.8 * np.count_nonzero(loops)


def test_print_taller_than_wide_under_a_grey_seal_stays_the_seals() -> None:
    # Two lines of print run together under a seal stand taller than wide: no pen's loop.
    mm = 5.9
    mask, loops = _loops_in_a_grey_seal(24, 32)
    dark = (mask > 0).astype(np.float32) * 0.5
    maps = InkMaps(1.0, mm, dark, np.zeros_like(dark), False, np.full(dark.shape, 255, np.uint8))
    _cover, pen = take_seals(mask.copy(), [Seal(160, 160, 120, 1.0)], maps)
    assert not (pen & loops).any()
