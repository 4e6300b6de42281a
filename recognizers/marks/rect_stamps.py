"""Rectangular office stamps ("ПОЛУЧЕНО", "КОПИЯ ВЕРНА", "ОПЛАЧЕНО"): a blue or violet
frame round a few lines of text. Only on colour pages: on grey ones every table cell is a
printed rectangle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from recognizers.marks.colors import InkMaps
from recognizers.marks.stamps import Seal, noise_floor

# Frame sizes of office stamps: 30-90 mm long, 10-40 mm high.
LONG_MM = (25.0, 95.0)
SHORT_MM = (9.0, 45.0)
# Share of each side of the frame that must carry ink: three sides nearly whole, the fourth
# at least in part (a stamp pressed unevenly leaves one side faint or broken off).
SIDE_COVERAGE = (0.3, 0.75)
MEAN_COVERAGE = 0.7
SAMPLES = 60


@dataclass(frozen=True)
class RectStamp:
    """In working-scale pixels: the frame's centre, size and turn (degrees)."""

    cx: float
    cy: float
    w: float
    h: float
    angle: float
    score: float

    def box(self) -> tuple[float, float, float, float]:
        """Axis-aligned box (x, y, w, h) of the turned frame."""
        pts = cv2.boxPoints(((self.cx, self.cy), (self.w, self.h), self.angle))
        x0, y0 = pts.min(axis=0)
        x1, y1 = pts.max(axis=0)
        return float(x0), float(y0), float(x1 - x0), float(y1 - y0)


def _side_coverage(m: np.ndarray, pts: np.ndarray, band: float, thr: float) -> list[float]:
    """Per side of the quadrilateral ``pts``, the share of points along it with ink within
    ``band`` across the side."""
    h, w = m.shape
    out = []
    centre = pts.mean(axis=0)
    for i in range(4):
        a, b = pts[i], pts[(i + 1) % 4]
        t = np.linspace(0.08, 0.92, SAMPLES)[:, None]
        line = a + (b - a) * t
        normal = centre - (a + b) / 2
        normal /= max(float(np.hypot(*normal)), 1e-6)
        offsets = np.linspace(-band, band, 5)[None, :, None] * normal
        xy = np.rint(line[:, None, :] + offsets).astype(np.int32)
        inside = (xy[..., 0] >= 0) & (xy[..., 0] < w) & (xy[..., 1] >= 0) & (xy[..., 1] < h)
        vals = np.where(inside, m[np.clip(xy[..., 1], 0, h - 1), np.clip(xy[..., 0], 0, w - 1)],
                        0.0)
        # Faint frames on photos sit near the noise pixel by pixel but run on along the
        # side: judge each point by its stretch of the side (~1/12 of it).
        across = np.convolve(vals.max(axis=1), np.ones(5) / 5, mode="same")
        out.append(float((across > thr).mean()))
    return out


def _frame(m: np.ndarray, contour: np.ndarray, px_per_mm: float,
           thr: float) -> RectStamp | None:
    (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
    long_, short = max(w, h) / px_per_mm, min(w, h) / px_per_mm
    if not (LONG_MM[0] <= long_ <= LONG_MM[1] and SHORT_MM[0] <= short <= SHORT_MM[1]):
        return None
    # The frame's line runs just inside the blob's outline.
    inset = 0.6 * px_per_mm
    pts = cv2.boxPoints(((cx, cy), (max(1.0, w - 2 * inset), max(1.0, h - 2 * inset)), angle))
    sides = _side_coverage(m, pts, 0.6 * px_per_mm, thr)
    weakest, second = sorted(sides)[:2]
    if weakest < SIDE_COVERAGE[0] or second < SIDE_COVERAGE[1] \
            or float(np.mean(sides)) < MEAN_COVERAGE:
        return None
    return RectStamp(float(cx), float(cy), float(w), float(h), float(angle),
                     float(np.mean(sides)))


def find_rect_stamps(maps: InkMaps, seals: Sequence[Seal] = ()) -> list[RectStamp]:
    """Blue-ink blobs of a stamp's size whose outline is a rectangle drawn all round."""
    if not maps.colour:
        return []
    m = maps.blue.astype(np.float32)
    thr = max(0.03, 1.5 * noise_floor(m, maps.paper))
    ink = (m > thr).astype(np.uint8)
    # Bridge the breaks of a faint frame (~1 mm) so one stamp is one blob.
    k = max(3, int(maps.px_per_mm) | 1)
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    lo = (SHORT_MM[0] * maps.px_per_mm) ** 2
    found: list[RectStamp] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w * h < lo:  # a frame broken on one side encloses little area of its own
            continue
        if any(x <= s.cx <= x + w and y <= s.cy <= y + h for s in seals):
            continue  # a round seal (and whatever touches it)
        stamp = _frame(m, contour, maps.px_per_mm, thr)
        if stamp is not None:
            found.append(stamp)
    return found
