"""Round and oval seals: Hough circles of the seal's size, kept only when a ring of ink
really runs round them (text lines and table grids cross a circle at a few angles only)."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from recognizers.marks.colors import InkMaps

# Company seals are 38–45 mm across; allow for photos shot from closer or farther.
SEAL_RADIUS_MM = (15.0, 25.0)
ANGLES = 120
MAX_CANDIDATES = 12


@dataclass(frozen=True)
class Seal:
    """In working-scale pixels."""

    cx: float
    cy: float
    r: float
    score: float


def _profile(m: np.ndarray, cx: float, cy: float, r: float, band: float) -> np.ndarray:
    """Per direction, the strongest ink within ``band`` of radius ``r`` (NaN off the image)."""
    h, w = m.shape
    ang = np.linspace(0, 2 * np.pi, ANGLES, endpoint=False)
    radii = r + np.linspace(-band, band, 5)
    xs = (cx + np.outer(radii, np.cos(ang))).round().astype(int)
    ys = (cy + np.outer(radii, np.sin(ang))).round().astype(int)
    inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    vals = np.where(inside, m[ys.clip(0, h - 1), xs.clip(0, w - 1)], 0.0).max(axis=0)
    return np.where(inside.any(axis=0), vals, np.nan)


def _coverage(ring: np.ndarray, thr: float, outside: np.ndarray | None = None) -> float:
    """Share of visible directions with ink on the ring (and, if given, paper outside it)."""
    seen = ~np.isnan(ring)
    if seen.sum() < ANGLES * 0.4:
        return 0.0
    hit = ring[seen] > thr
    if outside is not None:
        out = np.nan_to_num(outside[seen])
        hit &= out < ring[seen] * 0.5
    return float(hit.mean())


def _level(ring: np.ndarray) -> float:
    """The seal's own ink strength: faint seals get a proportionally lower threshold."""
    seen = ring[~np.isnan(ring)]
    if len(seen) == 0:
        return 0.0
    return float(np.partition(seen, int(len(seen) * 0.7))[int(len(seen) * 0.7)])


def _ring_score(m: np.ndarray, cx: float, cy: float, r: float, band: float,
                floor: float) -> float:
    ring = _profile(m, cx, cy, r, band)
    thr = max(floor, 0.4 * _level(ring))
    return _coverage(ring, thr)


def _outer_radius(m: np.ndarray, cx: float, cy: float, radii: np.ndarray, band: float,
                  floor: float) -> tuple[float, float]:
    """The outermost well-covered ring: Hough often locks onto the inner ring or ring text."""
    scores = np.array([_ring_score(m, cx, cy, float(r), band, floor) for r in radii])
    best = float(scores.max()) if len(scores) else 0.0
    good = np.nonzero(scores >= max(0.45, best * 0.85))[0]
    if len(good) == 0:
        return best, float(radii[int(scores.argmax())]) if len(scores) else 0.0
    i = int(good.max())
    return float(scores[i]), float(radii[i])


def _refine(m: np.ndarray, cx: float, cy: float, rmin: float, rmax: float, band: float,
            floor: float) -> tuple[float, float, float, float]:
    step = max(1.0, band * 0.8)
    radii = np.arange(rmin, rmax, step)
    cov, r = _outer_radius(m, cx, cy, radii, band, floor)
    for move in (4 * step, 2 * step, step):
        for _ in range(4):
            moves = [(cx + dx, cy + dy) for dx, dy in ((move, 0), (-move, 0), (0, move),
                                                       (0, -move))]
            scores = [_ring_score(m, x, y, r, band, floor) for x, y in moves]
            i = int(np.argmax(scores))
            if scores[i] <= cov + 0.01:
                break
            cov, (cx, cy) = scores[i], moves[i]
        cov, r = _outer_radius(m, cx, cy, np.arange(r - 2 * move, r + 2 * move, step / 2),
                               band, floor)
    return cov, cx, cy, r


def _candidates(m: np.ndarray, rmin: int, rmax: int) -> list[tuple[float, float, float]]:
    """Hough circles on a half-size copy: the rings are wide enough to survive it."""
    q = 0.5
    small = cv2.resize(m, None, fx=q, fy=q, interpolation=cv2.INTER_AREA)
    top = float(np.percentile(small[small > 0.02], 99)) if (small > 0.02).any() else 1.0
    img = cv2.GaussianBlur((np.clip(small / max(top, 0.05), 0, 1) * 255).astype(np.uint8),
                           (0, 0), 1.0)
    found = cv2.HoughCircles(img, cv2.HOUGH_GRADIENT, dp=1.5, minDist=rmin * q, param1=80,
                             param2=22, minRadius=int(rmin * q), maxRadius=int(rmax * q))
    if found is None:
        return []
    return [(float(x) / q, float(y) / q, float(r) / q) for x, y, r in found[0][:MAX_CANDIDATES]]


def _accept(m: np.ndarray, cx: float, cy: float, r: float, band: float, floor: float,
            strict: bool) -> float:
    """A score in [0, 1] when the circle is a seal (outer ring, inner ring), else 0."""
    ring = _profile(m, cx, cy, r, band)
    thr = max(floor, 0.4 * _level(ring))
    outside = _profile(m, cx, cy, r + 3 * band, band * 0.5) if strict else None
    cov = _coverage(ring, thr, outside)
    # The inner circle sits at ~0.6 of the outer one; radii estimates drift by a ring's width.
    inner_thr = max(floor, 0.25 * _level(ring))
    inner = max(_coverage(_profile(m, cx, cy, r * f, band), inner_thr)
                for f in (0.54, 0.58, 0.62, 0.66))
    # Blue rings of seal size are seals; on grey pages print forms circles too, so the
    # inner circle must be there as well.
    need = (0.7, 0.45) if strict else (0.6, 0.0)
    if cov < need[0] or inner < need[1]:
        return 0.0
    return 0.7 * cov + 0.3 * inner


def find_seals(maps: InkMaps) -> list[Seal]:
    """Seals on the working image: blue/violet ink on colour pages, dark ink on grey ones."""
    m = maps.blue if maps.colour else maps.dark
    m = np.where(maps.paper > 0, m, 0).astype(np.float32)
    rmin = int(SEAL_RADIUS_MM[0] * maps.px_per_mm * 0.8)
    rmax = int(SEAL_RADIUS_MM[1] * maps.px_per_mm)
    floor = 0.03 if maps.colour else 0.2
    band = max(1.5, maps.px_per_mm * 0.4)
    seals: list[Seal] = []
    for cx, cy, r in _candidates(m, rmin, rmax):
        if any(np.hypot(cx - s.cx, cy - s.cy) < s.r * 0.6 for s in seals):
            continue
        _, cx, cy, r = _refine(m, cx, cy, rmin, rmax, band, floor)
        if any(np.hypot(cx - s.cx, cy - s.cy) < s.r * 0.6 for s in seals):
            continue
        score = _accept(m, cx, cy, r, band, floor, strict=not maps.colour)
        if score > 0:
            seals.append(Seal(cx, cy, r, score))
    return seals
