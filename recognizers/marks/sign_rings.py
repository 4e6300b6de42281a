"""Seals the seal search missed, found again by their rings among the signature candidates.

A faint grey seal on a poor scan (or a photo's washed-out pad) can escape the seal search;
its text is then erased as print, but its outer ring is left as long arcs that join the
signature pressed under it, or stand alone as seal-sized false signatures. Pen strokes are
seldom arcs of one circle of a seal's size: pieces whose ink keeps to a thin band round a
circle of 12-26 mm radius, together running round a good part of it, are such a ring.
A ring broken into short arcs, or joined to the print it crosses, is found by the circle
the ink as a whole votes for (a Hough transform), then checked the same way."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from recognizers.marks.sign_seals import SEARCH, fit_rings, seal_window
from recognizers.marks.stamps import SEAL_RADIUS_MM, Seal

# A ring's arc is a piece at least ARC_MM long whose ink keeps within BAND_MM (90% of it)
# of a fitted circle of a seal's radius, spanning at least ARC_DEG of it. A double outer
# ring blurred into one band on a poor scan spreads 0.5-0.6 mm (0.5 missed one on dev
# seed 7474, whose ring pieces stood as two false signatures).
ARC_MM = 8.0
BAND_MM = 0.6
BAND_SHARE = 0.03  # of the radius: a photo's perspective makes rings slightly oval
ARC_DEG = 30.0
RADIUS_MM = (0.8 * SEAL_RADIUS_MM[0], 1.05 * SEAL_RADIUS_MM[1])
# Share of a piece's ink on the ring's band above which the piece runs along the ring.
ALONG = 0.4
# A ring is accepted when its arcs run round this share of the circle (5-degree bins).
COVERAGE = 0.3
BINS = 72
# An arc round a found seal's centre is left of its ring when its radius is within these
# shares of the seal's.
LEFT_RADIUS = (0.7, 1.3)
# Arcs are fitted on at most this many of their pixels.
FIT_POINTS = 400
# Votes (cv2.HoughCircles' accumulator threshold) a circle needs to be checked, on the
# candidates' ink scaled by VOTE_SCALE (a quarter: ~10 ms a page on a busy machine; half
# scale took ~25 ms and left one false signature more on dev seed 7515's poor scans).
HOUGH_VOTES = 20
VOTE_SCALE = 0.25
# Pieces shorter than this (mm) take no part in checking such a circle.
VOTED_ARC_MM = 4.0
# A found ring's radius times this seeds the search for an outer ring round it (the fit
# looks 0.8-1.25 times as far: 1.3-2 times the found ring's radius).
OUTER_STEP = 1.6


def unfound_seals(labels: np.ndarray, stats: np.ndarray, kept: np.ndarray,
                  seals: Sequence[Seal], px_per_mm: float) -> list[Seal]:
    """Seals whose outer ring is left in the candidate ink (the pieces of ``labels`` that
    are ``kept``), away from ``seals``: an arc of a seal's size seeds a circle, which the
    ink running along it (pieces lying mostly on its band) must cover round a good part."""
    return ring_pieces(labels, stats, kept, seals, px_per_mm)[0]


def ring_pieces(labels: np.ndarray, stats: np.ndarray, kept: np.ndarray,
                seals: Sequence[Seal], px_per_mm: float,
                ink: np.ndarray | None = None, vote: bool = True
                ) -> tuple[list[Seal], list[int]]:
    """The seals ``unfound_seals`` tells, and the labels of the arcs left of the rings of
    ``seals`` (a seal photographed at an angle is an oval: its ring runs off the circle
    cut out, and what is left of it is a clean arc of about the seal's size round about
    its centre). ``ink``: the kept pieces' ink as a mask, when the caller has it; ``vote``:
    whether to look for rings too broken to seed a circle by their arcs (_voted)."""
    out: list[Seal] = []
    left: list[int] = []
    area = stats[:, cv2.CC_STAT_AREA]
    # Only arcs count for a circle the ink voted for or one round a found ring: print left
    # among the candidates (letters, whose thin parts lie on any band) votes for circles too.
    arcs = kept & (np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
                   >= VOTED_ARC_MM * px_per_mm)
    for label, cx, cy, r in _arcs(labels, stats, kept, px_per_mm):
        near = [s for s in seals if np.hypot(cx - s.cx, cy - s.cy) < 0.6 * s.r]
        if any(LEFT_RADIUS[0] * s.r <= r <= LEFT_RADIUS[1] * s.r for s in near):
            left.append(label)
        if near or any(np.hypot(cx - s.cx, cy - s.cy) < 0.6 * s.r for s in out):
            continue
        ring = _ring(labels, area, kept, (cx, cy, r), px_per_mm)
        if ring is not None:
            out.append(_outermost(labels, area, arcs, ring, px_per_mm))
    if not vote:
        return out, left
    # A ring broken into short arcs, or its arcs joined to the print they cross, seeds no
    # circle alone: the circles the ink votes for as a whole seed them then.
    if ink is None:
        ink = np.take(kept.astype(np.uint8) * np.uint8(255), labels)
    for cx, cy, r in _voted(ink, px_per_mm):
        if any(np.hypot(cx - s.cx, cy - s.cy) < 0.6 * max(s.r, r) for s in [*seals, *out]):
            continue
        ring = _ring(labels, area, arcs, (cx, cy, r), px_per_mm)
        if ring is not None:
            out.append(_outermost(labels, area, arcs, ring, px_per_mm))
    return out, left


def _outermost(labels: np.ndarray, area: np.ndarray, arcs: np.ndarray,
               ring: tuple[float, float, float], px_per_mm: float) -> Seal:
    """The seal a found ring belongs to: the ring found can be its inner one (0.6 of the
    outer one's radius), the seal then being the outer ring round it where ink runs round
    that too (cut as the inner ring alone, the outer one's arcs stood as false signatures)."""
    outer = _ring(labels, area, arcs, (ring[0], ring[1], OUTER_STEP * ring[2]), px_per_mm)
    return Seal(*(outer or ring), 0.0)


def _voted(ink: np.ndarray, px_per_mm: float) -> list[tuple[float, float, float]]:
    """Circles of a seal's size the ink votes for (a Hough transform at quarter scale, where
    it costs a few ms a page and finds the same rings as at half): centre and radius at full
    scale."""
    small = cv2.GaussianBlur(cv2.resize(ink, None, fx=VOTE_SCALE, fy=VOTE_SCALE,
                                        interpolation=cv2.INTER_AREA), (0, 0), 0.7)
    mm = px_per_mm * VOTE_SCALE
    found = cv2.HoughCircles(small, cv2.HOUGH_GRADIENT, dp=1, minDist=RADIUS_MM[0] * mm,
                             param1=100, param2=HOUGH_VOTES,
                             minRadius=int(RADIUS_MM[0] * mm), maxRadius=int(RADIUS_MM[1] * mm))
    if found is None:
        return []
    return [(float(x) / VOTE_SCALE, float(y) / VOTE_SCALE, float(r) / VOTE_SCALE)
            for x, y, r in found[0]]


def _ring(labels: np.ndarray, area: np.ndarray, kept: np.ndarray,
          circle: tuple[float, float, float], px_per_mm: float
          ) -> tuple[float, float, float] | None:
    """The circle the ink runs round near the seeded one (the seal's ring fit), if that ink
    runs round COVERAGE of it: only pieces lying mostly on the ring's band count (a stroke
    crossing the ring touches the band too)."""
    cx, cy, r = circle
    win = seal_window(labels.shape, cx, cy, r * SEARCH)
    if win is None:
        return None
    sub = np.take(kept, labels[win])
    if np.count_nonzero(sub) < 20:
        return None
    rings = fit_rings(sub, win, Seal(cx, cy, r, 0.0), px_per_mm)
    ys, xs = np.nonzero(sub)
    lab = labels[win][ys, xs]
    xs, ys = xs + win[1].start, ys + win[0].start
    on = np.abs(np.hypot(xs - rings.cx, ys - rings.cy) - rings.outer) <= rings.half
    share = np.bincount(lab[on], minlength=len(area)) / np.maximum(area, 1)
    along = on & (share[lab] >= ALONG)
    pts = np.stack([xs[along], ys[along]], 1)
    if _coverage(pts, rings.cx, rings.cy) < COVERAGE:
        return None
    return rings.cx, rings.cy, rings.outer


def _arcs(labels: np.ndarray, stats: np.ndarray, kept: np.ndarray, px_per_mm: float
          ) -> list[tuple[int, float, float, float]]:
    """Pieces of the mask that are arcs of circles of a seal's size: label, centre, radius."""
    long_ = ARC_MM * px_per_mm
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    # An arc fills little of its box; print blobs and dense pens more.
    big = np.flatnonzero(kept & (np.maximum(w, h) >= long_) &
                         (stats[:, cv2.CC_STAT_AREA] < 0.35 * w * h))
    out = []
    for i in big[big > 0]:
        x, y, bw, bh, area = (int(v) for v in stats[i])
        ys, xs = np.nonzero(labels[y:y + bh, x:x + bw] == i)
        step = max(1, area // FIT_POINTS)
        pts = np.stack([xs[::step] + x, ys[::step] + y], 1).astype(np.float64)
        cx, cy, r = _circle(pts)
        if not (np.isfinite(r) and RADIUS_MM[0] * px_per_mm <= r <= RADIUS_MM[1] * px_per_mm):
            continue
        off = np.abs(np.hypot(pts[:, 0] - cx, pts[:, 1] - cy) - r)
        if np.percentile(off, 90) > max(BAND_MM * px_per_mm, BAND_SHARE * r):
            continue
        if _coverage(pts, cx, cy) * 360 < ARC_DEG:
            continue
        out.append((int(i), cx, cy, r))
    return out


def _circle(pts: np.ndarray) -> tuple[float, float, float]:
    """Least-squares circle through points (Kasa's algebraic fit)."""
    x, y = pts[:, 0], pts[:, 1]
    mx, my = float(x.mean()), float(y.mean())
    u, v = x - mx, y - my
    a = np.stack([u, v, np.ones_like(u)], 1)
    sol, *_ = np.linalg.lstsq(a, -(u * u + v * v), rcond=None)
    cx, cy = -sol[0] / 2, -sol[1] / 2
    r2 = cx * cx + cy * cy - sol[2]
    r = float(np.sqrt(r2)) if r2 > 0 else float("nan")
    return float(cx + mx), float(cy + my), r


def _coverage(pts: np.ndarray, cx: float, cy: float) -> float:
    """Share of the circle's 5-degree sectors the points fall in."""
    ang = np.arctan2(pts[:, 1] - cy, pts[:, 0] - cx)
    bins = ((ang + np.pi) / (2 * np.pi) * BINS).astype(int) % BINS
    return float(np.count_nonzero(np.bincount(bins, minlength=BINS))) / BINS
