"""Oval seals: an ellipse of ink drawn all round, with a second one inside it (the band of
ring text), clearly longer than it is wide. Rounder seals, and round ones photographed at an
angle, are the circle detector's (``stamps.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from recognizers.marks.colors import InkMaps, dark_on_paper
from recognizers.marks.stamps import GREY_FLOOR, Seal

# Full axes of oval seals (mm): 35-60 by 20-45; photos show the page ~25% smaller.
MAJOR_MM = (26.0, 62.0)
MINOR_MM = (15.0, 45.0)
# Minor over major axis below which a seal is oval; rounder ones are round seals, squeezed
# by a photo taken at an angle (those the circle detector missed are looked for here too).
OVAL_ASPECT = 0.8
MAX_ASPECT = 0.95
MIN_ASPECT = 0.4
# Outer ring and inner ring coverage an oval seal needs (the share of directions with ink).
OUTER_COVERAGE = 0.75
INNER_COVERAGE = 0.7
# The inner ring lies at this share of the outer one (the band of ring text between).
INNER_SCALES = np.arange(0.5, 0.82, 0.02)
POINTS = 180


@dataclass(frozen=True)
class Oval:
    """In working-scale pixels: centre, semi-axes (``a`` the long one) and turn (degrees)."""

    cx: float
    cy: float
    a: float
    b: float
    angle: float
    score: float

    def box(self) -> tuple[float, float, float, float]:
        """Axis-aligned box (x, y, w, h) of the ellipse."""
        t = np.radians(self.angle)
        hw = float(np.hypot(self.a * np.cos(t), self.b * np.sin(t)))
        hh = float(np.hypot(self.a * np.sin(t), self.b * np.cos(t)))
        return self.cx - hw, self.cy - hh, 2 * hw, 2 * hh

    @property
    def kind(self) -> str:
        return "oval" if self.b < OVAL_ASPECT * self.a else "round"

    def as_seal(self) -> Seal:
        """The circle round the oval, for steps that work with circles (pen ink under it)."""
        return Seal(self.cx, self.cy, self.a, self.score)


_T = np.linspace(0, 2 * np.pi, POINTS, endpoint=False)


def _coverage(m: np.ndarray, o: Oval, scales: np.ndarray, band: float,
              thr: float) -> np.ndarray:
    """Per scale of the ellipse, the share of directions with ink within ``band`` of it,
    each judged by its stretch of ~1/36 of the ring (faint rings run on, noise does not)."""
    h, w = m.shape
    rot = np.radians(o.angle)
    cos_r, sin_r = np.cos(rot), np.sin(rot)
    steps = np.linspace(-band, band, 5)
    out = np.zeros(len(scales))
    for i, s in enumerate(scales):
        ex, ey = o.a * s * np.cos(_T), o.b * s * np.sin(_T)
        # The ellipse's outward normal, near enough for a band a few pixels wide.
        nx, ny = np.cos(_T) * o.b, np.sin(_T) * o.a
        norm = np.maximum(np.hypot(nx, ny), 1e-6)
        px = ex[None, :] + steps[:, None] * (nx / norm)[None, :]
        py = ey[None, :] + steps[:, None] * (ny / norm)[None, :]
        xs = np.rint(o.cx + px * cos_r - py * sin_r).astype(np.int32)
        ys = np.rint(o.cy + px * sin_r + py * cos_r).astype(np.int32)
        inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
        vals = np.where(inside, m[np.clip(ys, 0, h - 1), np.clip(xs, 0, w - 1)], 0).max(axis=0)
        k = 5
        smooth = np.convolve(np.concatenate([vals[-k:], vals, vals[:k]]), np.ones(k) / k,
                             mode="same")[k:-k]
        out[i] = float((smooth > thr).mean())
    return out


def _oval(m: np.ndarray, contour: np.ndarray, px_per_mm: float, thr: float) -> Oval | None:
    hull = cv2.convexHull(contour)
    if len(hull) < 5:
        return None
    (cx, cy), (d1, d2), angle = cv2.fitEllipse(hull)
    if d1 < d2:  # keep ``a`` along ``angle``
        d1, d2, angle = d2, d1, angle + 90.0
    major, minor = d1 / px_per_mm, d2 / px_per_mm
    if not (MAJOR_MM[0] <= major <= MAJOR_MM[1] and MINOR_MM[0] <= minor <= MINOR_MM[1]
            and MIN_ASPECT <= minor / major < MAX_ASPECT):
        return None
    o = Oval(float(cx), float(cy), d1 / 2, d2 / 2, float(angle), 0.0)
    band = max(1.5, 0.5 * px_per_mm)
    # The hull runs round the ring's outer edge: the ring's line lies a little inside.
    scales = np.arange(0.86, 1.02, 0.01)
    outer = _coverage(m, o, scales, band, thr)
    good = np.nonzero(outer >= max(OUTER_COVERAGE, 0.9 * float(outer.max())))[0]
    if len(good) == 0:
        return None
    s = float(scales[good.max()])
    o = Oval(o.cx, o.cy, o.a * s, o.b * s, o.angle, 0.0)
    inner = float(_coverage(m, o, INNER_SCALES, band, thr).max())
    if inner < INNER_COVERAGE:
        return None
    return Oval(o.cx, o.cy, o.a, o.b, o.angle, 0.7 * float(outer[good.max()]) + 0.3 * inner)


def find_ovals(maps: InkMaps, words: Sequence[tuple[float, float, float, float]] = (),
               taken: Sequence[tuple[float, float, float, float]] = ()) -> list[Oval]:
    """Oval seals on the working image, away from the boxes ``taken`` by other marks."""
    if maps.colour:
        m = np.asarray(maps.blue, np.float32)  # only read
        thr = max(0.03, 1.5 * maps.blue_floor)
    else:
        m = dark_on_paper(maps)
        thr = GREY_FLOOR
        for x, y, w, h in words:  # print read by OCR is not a seal's ring
            m[int(y):int(np.ceil(y + h)), int(x):int(np.ceil(x + w))] = 0
    ink = (m > thr).astype(np.uint8)
    # Faded rings break into arcs: bridge gaps of ~1.5 mm so one seal is one blob.
    k = max(3, int(maps.px_per_mm * 1.5) | 1)
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    lo, hi = MINOR_MM[0] * maps.px_per_mm, MAJOR_MM[1] * maps.px_per_mm * 1.1
    found: list[Oval] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if max(w, h) < lo or max(w, h) > hi or min(w, h) < lo * 0.8:
            continue
        if any(bx <= x + w / 2 <= bx + bw and by <= y + h / 2 <= by + bh
               for bx, by, bw, bh in taken):
            continue
        o = _oval(m, contour, maps.px_per_mm, thr)
        if o is not None:
            found.append(o)
    return found
