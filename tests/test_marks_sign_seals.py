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
