"""Round seals: Hough circles of the seal's size, kept only when a ring of ink really runs
round them (text lines and table grids cross a circle at a few angles only). Oval seals are
found in seal_ovals.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from recognizers.marks.colors import InkMaps, dark_on_paper, noise_floor

# Company seals are 38–45 mm across; allow for photos shot from closer or farther.
SEAL_RADIUS_MM = (15.0, 25.0)
ANGLES = 120
MAX_CANDIDATES = 12
# Weakest grey ink of a seal ring on grey pages; faint seals on poor scans sit at 0.2-0.25.
GREY_FLOOR = 0.12
# Share of directions round a blue ring where it stands above the paper outside it (after
# smoothing along the ring): on the dev corpus seals score 0.78-1.0, other circles (inside a
# seal, in a photo's background) at most 0.65.
POLAR_COVERAGE = 0.72
POLAR_ANGLES = 360
# Grey pages: outer ring and inner circle coverage a seal needs.
GREY_COVERAGE = (0.7, 0.75)
# A refined circle this well covered that is no seal (its inner circle fails) is searched for
# once more from its centre: a poor scan's seal lost on dev seed 9702 (ring text covered 0.8
# round a centre 2 mm off; found again, 0.99). Print circles cover under 0.55.
RETRY_COVERAGE = 0.7
# A blob's window (in seal diameters, each side on average) above which circles are looked
# for at a coarser scale.
HUGE_BLOB = 2.0


@dataclass(frozen=True)
class Seal:
    """In working-scale pixels."""

    cx: float
    cy: float
    r: float
    score: float


_ANG = np.linspace(0, 2 * np.pi, ANGLES, endpoint=False)
_COS, _SIN = np.cos(_ANG), np.sin(_ANG)
_POLAR_COS = np.cos(np.linspace(0, 2 * np.pi, POLAR_ANGLES, endpoint=False))
_POLAR_SIN = np.sin(np.linspace(0, 2 * np.pi, POLAR_ANGLES, endpoint=False))
_BAND_STEPS = np.linspace(-1.0, 1.0, 5)


def _profiles(m: np.ndarray, cx: float, cy: float, radii: np.ndarray,
              band: float) -> np.ndarray:
    """Per radius and direction, the strongest ink within ``band`` of it (NaN off the image);
    all radii at once, since ring search samples dozens of them per candidate."""
    out: np.ndarray = _profiles_round(m, np.array([cx]), np.array([cy]), radii, band)[0]
    return out


def _profiles_round(m: np.ndarray, cxs: np.ndarray, cys: np.ndarray, radii: np.ndarray,
                    band: float) -> np.ndarray:
    """``_profiles`` round several centres at once (centre, radius, direction): the centre
    search tries four moves a step, and one call each cost most of its time in overhead."""
    h, w = m.shape
    radii = np.asarray(radii, np.float32)
    # Photos shot at an angle turn seals into ellipses: the band widens with the radius.
    bands = np.maximum(band, radii * 0.035)
    rr = (radii[:, None] + bands[:, None] * _BAND_STEPS[None, :])[..., None]
    xs = np.rint(cxs[:, None, None, None] + rr * _COS).astype(np.int32)
    ys = np.rint(cys[:, None, None, None] + rr * _SIN).astype(np.int32)
    inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    # Flat indices into the map, in place (the same values as m[ys, xs], at half the cost:
    # the seal search makes ~40 of these calls a page).
    np.clip(xs, 0, w - 1, out=xs)
    np.clip(ys, 0, h - 1, out=ys)
    ys *= w
    ys += xs
    vals = np.take(m.ravel(), ys)
    vals[~inside] = 0.0
    out: np.ndarray = np.where(inside.any(axis=2), vals.max(axis=2), np.nan)
    return out


def _profile(m: np.ndarray, cx: float, cy: float, r: float, band: float) -> np.ndarray:
    """Per direction, the strongest ink within ``band`` of radius ``r`` (NaN off the image)."""
    out: np.ndarray = _profiles(m, cx, cy, np.array([r]), band)[0]
    return out


def _coverage(ring: np.ndarray, thr: float) -> float:
    """Share of visible directions with ink on the ring."""
    seen = ~np.isnan(ring)
    if seen.sum() < ANGLES * 0.4:
        return 0.0
    return float((ring[seen] > thr).mean())


def _level(ring: np.ndarray) -> float:
    """The seal's own ink strength: faint seals get a proportionally lower threshold."""
    seen = ring[~np.isnan(ring)]
    if len(seen) == 0:
        return 0.0
    return float(np.partition(seen, int(len(seen) * 0.7))[int(len(seen) * 0.7)])


def _ring_scores(m: np.ndarray, cx: float, cy: float, radii: np.ndarray, band: float,
                 floor: float) -> np.ndarray:
    """``_coverage`` with the ``_level`` threshold, for all radii at once."""
    return _scores(_profiles(m, cx, cy, radii, band), floor)


def _scores(rings: np.ndarray, floor: float) -> np.ndarray:
    """``_ring_scores`` of rings already sampled (a ring a row)."""
    seen = ~np.isnan(rings)
    n = seen.sum(axis=1)
    ordered = np.sort(rings, axis=1)  # NaN sorts last
    level = ordered[np.arange(len(rings)), np.maximum(0, (n * 0.7).astype(int))]
    thr = np.maximum(floor, 0.4 * np.nan_to_num(level))
    if floor > -1:  # NaN (off the image) is no hit, as -1 is under any threshold
        hits = (rings > thr[:, None]).sum(axis=1)
    else:
        hits = (np.nan_to_num(rings, nan=-1.0) > thr[:, None]).sum(axis=1)
    out: np.ndarray = np.where(n >= ANGLES * 0.4, hits / np.maximum(n, 1), 0.0)
    return out


def _outer_radius(m: np.ndarray, cx: float, cy: float, radii: np.ndarray, band: float,
                  floor: float) -> tuple[float, float]:
    """The outermost well-covered ring: Hough often locks onto the inner ring or ring text."""
    if len(radii) == 0:
        return 0.0, 0.0
    scores = _ring_scores(m, cx, cy, radii, band, floor)
    best = float(scores.max())
    good = np.nonzero(scores >= max(0.45, best * 0.85))[0]
    if len(good) == 0:
        return best, float(radii[int(scores.argmax())])
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
            rings = _profiles_round(m, np.array([x for x, _ in moves]),
                                    np.array([y for _, y in moves]), np.array([r]), band)
            scores = _scores(rings[:, 0], floor).tolist()
            i = int(np.argmax(scores))
            if scores[i] <= cov + 0.01:
                break
            cov, (cx, cy) = scores[i], moves[i]
        lo, hi = max(rmin, r - 2 * move), min(rmax, r + 2 * move)
        cov, r = _outer_radius(m, cx, cy, np.arange(lo, hi + step / 4, step / 2), band, floor)
    return cov, cx, cy, r


def _hough(m: np.ndarray, rmin: int, rmax: int, q: float, ox: int = 0,
           oy: int = 0) -> list[tuple[float, float, float]]:
    """Hough circles on a ``q``-scaled copy: seal rings are wide enough to survive it."""
    small = cv2.resize(m, None, fx=q, fy=q, interpolation=cv2.INTER_AREA)
    if min(small.shape) < 2 * rmin * q:
        return []
    top = float(np.percentile(small[small > 0.02], 99)) if (small > 0.02).any() else 1.0
    img = cv2.GaussianBlur((np.clip(small / max(top, 0.05), 0, 1) * 255).astype(np.uint8),
                           (0, 0), 1.0)
    found = cv2.HoughCircles(img, cv2.HOUGH_GRADIENT, dp=1.5, minDist=rmin * q, param1=80,
                             param2=22 * q / 0.5, minRadius=int(rmin * q),
                             maxRadius=int(rmax * q))
    if found is None:
        return []
    return [(float(x) / q + ox, float(y) / q + oy, float(r) / q)
            for x, y, r in found[0][:MAX_CANDIDATES]]


def _blobs(m: np.ndarray, rmin: int, rmax: int,
           thr: float) -> list[tuple[float, float, float]]:
    """Seal-sized blobs of coloured ink. A seal is the only large blue/violet shape on a
    page, so its blob gives the centre at once; blobs joined with a pen signature or a
    second seal get a Hough search of their own window only (a full-page Hough cost
    0.3-0.9 s a page)."""
    q = 0.25
    small = cv2.resize(m, None, fx=q, fy=q, interpolation=cv2.INTER_AREA)
    # Faded rings break into arcs: bridge gaps of ~4 mm so one seal is one blob.
    ink = cv2.dilate((small > thr).astype(np.uint8), np.ones((7, 7), np.uint8))
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    dmin, dmax = 2 * rmin * q, 2 * rmax * q
    blobs = [tuple(int(v) for v in stats[i][:4]) for i in range(1, n)
             if max(stats[i][2], stats[i][3]) >= dmin * 0.7]
    # Seal-sized, squarish blobs first: leftovers of tables and print come last.
    blobs.sort(key=lambda b: abs(max(b[2], b[3]) - dmax * 0.8) + abs(b[2] - b[3]))
    out: list[tuple[float, float, float]] = []
    for x, y, w, h in blobs[:MAX_CANDIDATES]:
        pad = int(rmax * 0.2)
        x0, y0 = max(0, int(x / q) - pad), max(0, int(y / q) - pad)
        x1, y1 = int((x + w) / q) + pad, int((y + h) / q) + pad
        # A window of several seals' size, or a long strip, is mostly a photo's tinted
        # background or noise: Hough on it at half the scale cost up to 0.65 s; a seal's ring
        # survives a quarter.
        wide, tall = x1 - x0, y1 - y0
        huge = wide * tall > (2 * HUGE_BLOB * rmax) ** 2 or max(wide, tall) > 3 * min(wide, tall)
        q_win = 0.25 if huge else 0.5
        # A huge window's Hough ranks the background's arcs with the seal: keep a third.
        found = _hough(m[y0:y1, x0:x1], rmin, rmax, q_win, x0, y0)[:3 if huge else 2]
        out += found or [((x + w / 2) / q, (y + h / 2) / q, max(w, h) / 2 / q)]
    return out


def _candidates(m: np.ndarray, rmin: int, rmax: int, colour: bool,
                words: Sequence[tuple[float, float, float, float]], floor: float
                ) -> list[tuple[float, float, float]]:
    if colour:
        return _blobs(m, rmin, rmax, max(0.02, floor * 0.8))
    # Grey pages: print makes blobs everywhere, so OCR'd words and long rulings are taken
    # away first; a seal's curved ring text is seldom read as confident words, so it stays.
    ink = (m > floor).astype(np.uint8)
    for x, y, w, h in words:
        ink[int(y):int(np.ceil(y + h)), int(x):int(np.ceil(x + w))] = 0
    long_ = max(15, rmin)
    for kernel in ((long_, 1), (1, long_)):
        lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones(kernel[::-1], np.uint8))
        ink[cv2.dilate(lines, np.ones((3, 3), np.uint8)) > 0] = 0
    # With the print gone, Hough has a few edges left to vote and runs in tens of ms. (A
    # quarter scale on pages with much ink left lost 3 seals of 2 poor scans on blind seed
    # 10909: a faint grey ring does not survive it.)
    return _hough(np.where(ink > 0, m, 0).astype(np.float32), rmin, rmax, 0.5)


def _accept(m: np.ndarray, cx: float, cy: float, r: float, band: float, floor: float,
            colour: bool) -> float:
    """A score in [0, 1] when the circle is a seal, else 0. Blue rings of seal size are
    seals; on grey pages print forms circles too, so the inner circle (at ~0.6 of the outer
    one, radii estimates drift by a ring's width) must run round as well: on the dev corpora
    seals' inner rings cover 0.86-1.0 of the directions, circles in print at most 0.59."""
    if colour:
        cov = _polar_coverage(m, cx, cy, r, band, floor, peaks=True)
        return cov if cov >= POLAR_COVERAGE else 0.0
    ring = _profile(m, cx, cy, r, band)
    cov = _coverage(ring, max(floor, 0.4 * _level(ring)))
    if cov < GREY_COVERAGE[0]:
        return 0.0
    inner = _inner_coverage(m, cx, cy, r, band, floor)
    if inner < GREY_COVERAGE[1]:
        return 0.0
    return 0.7 * cov + 0.3 * inner


def _polar_coverages(m: np.ndarray, cx: float, cy: float, radii: Sequence[float], band: float,
                     floor: float, peaks: bool = False) -> np.ndarray:
    """Per radius, the share of directions where the ring stands above the paper just outside
    it, after averaging ~9 degrees along the ring. A faint ring on a noisy colour scan sits at
    the noise level pixel by pixel, but it runs on round the circle while noise does not.
    ``peaks``: compare with the strongest ink outside, not its mean (a photo's background is
    noisy all over, and a band's maximum of noise beats its mean almost everywhere)."""
    outer = int(max(radii) + 5 * band) + 1
    pol = cv2.warpPolar(m, (outer, POLAR_ANGLES), (cx, cy), outer,
                        cv2.WARP_POLAR_LINEAR + cv2.INTER_LINEAR + cv2.WARP_FILL_OUTLIERS)
    k = POLAR_ANGLES // 40
    pol = cv2.blur(np.vstack([pol[-k:], pol, pol[:k]]), (1, k))[k:-k]
    h, w = m.shape
    out = np.zeros(len(radii))
    for i, r in enumerate(radii):
        ring = pol[:, max(0, int(r - band)):int(np.ceil(r + band)) + 1].max(axis=1)
        if peaks:
            paper = pol[:, int(r + 2.5 * band):int(r + 4.5 * band) + 1].max(axis=1)
        else:
            paper = pol[:, int(r + 2.5 * band):int(r + 3.5 * band) + 1].mean(axis=1)
        xs, ys = cx + r * _POLAR_COS, cy + r * _POLAR_SIN
        seen = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
        if seen.sum() < 0.4 * POLAR_ANGLES:
            continue
        level = float(np.percentile(ring[seen], 70))
        hit = (ring > paper + 0.3 * level) & (ring > 0.5 * floor)
        out[i] = hit[seen].mean()
    return out


def _polar_coverage(m: np.ndarray, cx: float, cy: float, r: float, band: float,
                    floor: float, peaks: bool = False) -> float:
    return float(_polar_coverages(m, cx, cy, [r], band, floor, peaks)[0])


def _inner_coverage(m: np.ndarray, cx: float, cy: float, r: float, band: float,
                    floor: float) -> float:
    """The thin inner circle (at ~0.6 of the outer one): the outer ring's fit can leave the
    centre a few pixels off, which a 0.4 mm band does not forgive, so nearby centres count."""
    radii = [r * f for f in (0.54, 0.58, 0.62, 0.66)]
    step = max(1.0, band)
    return max(float(_polar_coverages(m, cx + dx * step, cy + dy * step, radii, band,
                                      floor).max())
               for dx in (-1, 0, 1) for dy in (-1, 0, 1))


def find_seals(maps: InkMaps, words: Sequence[tuple[float, float, float, float]] = ()
               ) -> list[Seal]:
    """Seals on the working image: blue/violet ink on colour pages, dark ink on grey ones."""
    # Blue ink is not masked to the sheet: on photos lit from one side the paper mask misses
    # the shaded part of the sheet with the seal on it, and the background has no blue rings.
    m = maps.seal_ink if maps.colour else dark_on_paper(maps)
    m = m.astype(np.float32)
    rmin = int(SEAL_RADIUS_MM[0] * maps.px_per_mm * 0.8)
    rmax = int(SEAL_RADIUS_MM[1] * maps.px_per_mm)
    floor = noise_floor(m, maps.paper) if maps.colour else GREY_FLOOR
    # Blue ink is only seals and pens, so on colour pages the ring may wander ±1.6 mm: seals
    # photographed at an angle are ellipses (a circle test with a 0.4 mm band missed them).
    band = max(1.5, maps.px_per_mm * (1.6 if maps.colour else 0.4))
    seals: list[Seal] = []
    for cx, cy, r in _candidates(m, rmin, rmax, maps.colour, words, floor):
        if any(np.hypot(cx - s.cx, cy - s.cy) < s.r * 0.6 for s in seals):
            continue
        # Most candidates are print or pen blobs with no ring at all: drop them before the
        # costlier centre search.
        if _outer_radius(m, cx, cy, np.arange(rmin, rmax, max(1.0, band)), band, floor)[0] < 0.3:
            continue
        seal = _seal_at(m, (cx, cy, r), (rmin, rmax), band, floor, maps.colour, seals)
        if seal is not None:
            seals.append(seal)
    return seals


def _seal_at(m: np.ndarray, c0: tuple[float, float, float], radii: tuple[int, int],
             band: float, floor: float, colour: bool, seals: Sequence[Seal]) -> Seal | None:
    """The seal a candidate circle leads to, unless none or one of ``seals``."""
    rmin, rmax = radii
    cov, cx, cy, r = _refine(m, c0[0], c0[1], rmin, rmax, band, floor)
    if any(np.hypot(cx - s.cx, cy - s.cy) < s.r * 0.6 for s in seals):
        return None
    score = _accept(m, cx, cy, r, band, floor, colour)
    if score <= 0 and cov >= RETRY_COVERAGE:
        score, cx, cy, r = _refined_again(m, (cx, cy), rmin, rmax, band, floor, colour)
    if score <= 0 and colour:
        score, cx, cy, r = _unrefined(m, c0, rmin, rmax, band, floor)
    if score > 0 and not any(np.hypot(cx - s.cx, cy - s.cy) < s.r * 0.6 for s in seals):
        return Seal(cx, cy, r, score)
    return None


def _refined_again(m: np.ndarray, c: tuple[float, float], rmin: int, rmax: int, band: float,
                   floor: float, colour: bool) -> tuple[float, float, float, float]:
    """The centre search once more from where it ended: begun a few mm off a seal's centre
    (Hough's circle of its ring text) it can stop on a ring of its text, well covered round
    a centre 2 mm off, whose inner circle then fails; from there the outer ring is in reach."""
    _, cx, cy, r = _refine(m, c[0], c[1], rmin, rmax, band, floor)
    return _accept(m, cx, cy, r, band, floor, colour), cx, cy, r


def _unrefined(m: np.ndarray, c0: tuple[float, float, float], rmin: int, rmax: int,
               band: float, floor: float) -> tuple[float, float, float, float]:
    """The detector's own centre, at the radius round which the ring runs most: a faint
    seal's centre search can drift toward a pen signature's ink beside it (its ring score
    flat over the seal's rings) and end off the ring."""
    cx, cy, _r = c0
    radii = np.arange(rmin, rmax, max(1.0, band * 0.8))
    cov = _polar_coverages(m, cx, cy, radii.tolist(), band, floor, peaks=True)
    r = float(radii[int(np.argmax(cov))])
    return (float(cov.max()) if cov.max() >= POLAR_COVERAGE else 0.0), cx, cy, r
