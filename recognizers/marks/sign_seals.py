"""Seal ink taken away before looking for signatures, pen ink over the seal kept.

A seal is its rings, the text between them and the text or emblem in its middle: all of it
lies within the seal's circle once the rings, which join everything crossing them, are cut
out. A signature the seal was pressed over runs out of the circle (or is pen-coloured) and
stays; the ink of a seal's ring that it crossed goes with the ring."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from recognizers.components import components
from recognizers.marks.colors import InkMaps
from recognizers.marks.stamps import Seal

# How far (in seal radii) the rings are looked for, and how far (mm) the ring's centre may
# lie from the detector's.
SEARCH = 1.35
SHIFT_MM = 2.5
SHIFT_GAIN = 1.15
# A ring fitted under this share of the detector's radius is not the seal's edge (the
# search starts at 0.8 of it): the seal is taken to reach the detector's circle too.
SHRUNK = 0.88
# A piece inside a seal this long (mm) is no letter of it; one spanning less of the radius
# than ARC_SPREAD is ring text run together.
STROKE_MM = 6.0
# Leftover ring: a piece at least ARC_MM long within ARC_BAND (in radii) of the same distance
# from the centre.
ARC_MM = 3.0
ARC_BAND = 0.12
ARC_SPREAD = 0.3
RING_TEXT = 0.5
STROKE_FILL = 0.25
# A photo's blur thickens a thin pen's line under a seal: a 13 mm signature stroke filled
# 0.29 of its box (dev seed 9702: a signature in a seal lost). Such a piece is a pen's
# up to LOOSE_FILL where it runs at least LOOSE_MM along the line and less than PRINTED of
# its ink lies in read words' boxes: a seal's big middle letters run together with print
# (6 mm pieces, 0.29-0.32: with no length asked for, two more signatures in seals were found
# on the dev photos, and three blobs of a seal's letters and print stood as false ones) and
# two lines of print OCR read fill as much.
LOOSE_FILL = 0.35
LOOSE_MM = 10.0
PRINTED = 0.5
# A piece at least LOOP_H_MM tall and as wide as tall, LOOP_MM at least, is a pen's loop too,
# though shorter than STROKE_MM: taller than a seal's letters, running along its line. A
# black signature under a faded seal on a grey poor scan, its flat strokes gone with its
# blank's ruling, left loops 4.7-5.9 mm wide, 3.9-4.4 mm tall, all erased with the seal
# (dev seed 9200). Print run together under a seal stood taller than wide (5.1 x 5.9 mm on a
# photo, seed 9202): as wide as tall is asked for that.
LOOP_H_MM = 3.8
LOOP_MM = 4.5
# A ring of an oval seal: a piece at least OVAL_MM long whose ink keeps to a band ARC_BAND
# wide (in its ellipse's radii) round an ellipse centred within OVAL_SHIFT radii of the
# seal's centre, its half-axes within OVAL_AXES radii.
OVAL_MM = 6.0
OVAL_SHIFT = 0.35
OVAL_AXES = (0.45, 1.6)
# The inner ring is a density peak over the radii INNER_SIDE bins (~0.25 mm each) either
# side by at least INNER_RISE, of at least INNER_MIN: a faint seal on a photo breaks its thin
# ring into dashes (0.2-0.3), whose arcs left uncut were false signatures inside the seal.
INNER_SIDE = 3
INNER_RISE = 0.1
INNER_MIN = 0.2
# On grey pages pen ink in a seal is this much darker than the circle's median ink (mostly
# the seal's); the 90th percentile used before let only the darkest core of a pen through.
GREY_PEN_STEP = 0.15
# On colour pages a pen as tinted as the seal (a blue pen under a blue or violet seal) is ink
# this much darker than the seal's median tinted ink: pen inks are darker than pad inks.
# A seal whose ink is lighter than FAINT_SEAL (a photo's low contrast, a faded pad) leaves
# a narrower gap, FAINT_PEN_STEP: on the dev photos 0.2 there lost faint blue pens under
# seals (signatures found 27 -> 29 of 33, 20 -> 21 of 31 on poor scans, no more false ones);
# 0.05 took the seal's darker patches for pens, and on full-strength seals 0.1 kept the
# tinted fringe of print under the seal, which joined a signature to the seal's text. On the
# blind corpus (seed 9999) 0.1 also took print under faint seals of digital and clean pages
# for pens (12 false signatures more in 151 documents, 1 found); 0.15 keeps 4 of the 8
# signatures it found on poor scans and photos with 3 false ones of those 12.
TINTED_PEN_STEP = 0.2
FAINT_SEAL = 0.6
FAINT_PEN_STEP = 0.15
# A seal on a colour page with under this share of tinted ink is judged as on a grey page
# (a faded violet seal under a black pen reads untinted).
GREY_SEAL = 0.1


@dataclass(frozen=True)
class Rings:
    """A seal's circle as its ink shows it: the centre and radius of the outer ring (the
    detector's circle can sit a millimetre or two off) and the inner ring's radius."""

    cx: float
    cy: float
    outer: float
    inner: float | None
    half: float  # half the width of the band cut along a ring

    @property
    def reach(self) -> float:
        return self.outer + 2 * self.half


def take_seals(mask: np.ndarray, seals: Sequence[Seal], maps: InkMaps,
               printed: np.ndarray | None = None, words: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """Cut each seal's rings out of ``mask`` (they join the seal's text to everything
    crossing them); return the seals' circles and the pen ink within them. ``printed``:
    the read words' boxes (bool), where ink is more likely print than a pen's; ``words``:
    those of real words (long for their height), whose untinted ink is print, however the
    pen test took it: black print under a violet seal reads dark, as a black pen does.
    Pen-coloured ink there stays a pen's (OCR reads a signature as a word now and then)."""
    cover = np.zeros(mask.shape[:2], bool)
    pen = np.zeros(mask.shape[:2], bool)
    for s in seals:
        win = seal_window(mask.shape, s.cx, s.cy, s.r * SEARCH)
        if win is None or not mask[win].any():
            continue
        rings, dist = _cut(mask, win, s, maps.px_per_mm)
        sub = mask[win]
        inside = dist <= rings.reach
        if rings.outer < SHRUNK * s.r:
            # The ring fitted well inside the detector's circle (a faint outer ring, an oval
            # seal's text band taken for it): the seal still reaches the detector's circle.
            inside |= _dist(win, s.cx, s.cy) <= s.r + rings.half
        cover[win] |= inside
        pen[win] |= _pen_ink(maps, win, sub, inside)
        boxed = None if printed is None else printed[win]
        pen[win] |= _pen_strokes(sub, dist, rings, maps.px_per_mm, boxed) & inside
        if words is not None:
            pen[win] &= ~(words[win] & (maps.blue[win] <= 0.10) if maps.colour else words[win])
    return cover, pen


def cut_rings(mask: np.ndarray, seals: Sequence[Seal], px_per_mm: float) -> None:
    """Cut only the rings of ``seals`` out of ``mask``, leaving the ink within them: for
    faint seals the seal search missed, whose text is fainter than the print and pens under
    them (judging that ink by the circle's darkness took a signature for the seal's)."""
    for s in seals:
        win = seal_window(mask.shape, s.cx, s.cy, s.r * SEARCH)
        if win is not None and mask[win].any():
            _cut(mask, win, s, px_per_mm)


def _cut(mask: np.ndarray, win: tuple[slice, slice], s: Seal,
         px_per_mm: float) -> tuple[Rings, np.ndarray]:
    """Cut a seal's rings and what is left of them out of ``mask`` in its window; return
    the rings and the window's distances from their centre."""
    rings = fit_rings(mask[win], win, s, px_per_mm)
    dist = _dist(win, rings.cx, rings.cy)
    sub = mask[win]
    for radius in (rings.outer, rings.inner):
        if radius is not None:
            sub[np.abs(dist - radius) <= rings.half] = 0
    _drop_arcs(sub, dist, rings, px_per_mm, (win[1].start, win[0].start))
    return rings, dist


def fit_rings(sub: np.ndarray, win: tuple[slice, slice], s: Seal, px_per_mm: float) -> Rings:
    """The centre and radius where the most ink runs round a thin circle near the
    detector's, then the inner ring's radius about that centre."""
    ys, xs = np.nonzero(sub)
    ys = ys + win[0].start
    xs = xs + win[1].start
    step = max(1.0, px_per_mm * 0.25)
    lo, hi = 0.8 * s.r, 1.25 * s.r
    best = (-1.0, s.cx, s.cy, s.r)
    grid = np.arange(-SHIFT_MM, SHIFT_MM + 0.01, 0.5) * px_per_mm
    # Ink no shift can bring within [lo, hi) is left out of the search (the seal's middle):
    # the same counts from a fraction of the points.
    reach = float(np.hypot(grid[-1], grid[-1])) + 1.0
    d0 = np.hypot(xs - s.cx, ys - s.cy)
    near = (d0 >= lo - reach) & (d0 < hi + reach)
    # Nearest shifts first; a farther one must hold clearly more ink on its ring.
    shifts = sorted(((a, b) for a in grid for b in grid), key=lambda v: np.hypot(*v))
    peaks, bins = _ring_peaks(xs[near], ys[near], s, np.array(shifts), (lo, hi, step))
    for (dx, dy), peak, k in zip(shifts, peaks.tolist(), bins.tolist(), strict=True):
        if peak > best[0] * SHIFT_GAIN:
            best = (float(peak), s.cx + dx, s.cy + dy, lo + (k + 1) * step)
    _score, cx, cy, outer = best
    inner = _inner_ring(np.hypot(xs - cx, ys - cy), outer, step)
    return Rings(cx, cy, outer, inner, max(1.5, px_per_mm * 0.6))


def _ring_peaks(xs: np.ndarray, ys: np.ndarray, s: Seal, shifts: np.ndarray,
                bins: tuple[float, float, float]) -> tuple[np.ndarray, np.ndarray]:
    """For each shift of the seal's centre, the most ink on a ring two bins wide between
    radii lo and hi, and its first bin: all shifts in a few array passes (one pass per
    shift cost ~15 ms a seal in numpy's per-call overhead)."""
    lo, hi, step = bins
    width = int((hi - lo) / step) + 3  # every bin a point in [lo, hi) falls in, and a spare
    peaks = np.zeros(len(shifts), np.int64)
    first = np.zeros(len(shifts), np.int64)
    chunk = max(1, 2_000_000 // max(len(xs), 1))  # bounds the distance table's memory
    for a in range(0, len(shifts), chunk):
        part = shifts[a:a + chunk]
        d = np.hypot(xs[None, :] - (s.cx + part[:, 0:1]), ys[None, :] - (s.cy + part[:, 1:2]))
        row, col = np.nonzero((d >= lo) & (d < hi))
        flat = row * width + ((d[row, col] - lo) / step).astype(int)
        counts = np.bincount(flat, minlength=len(part) * width).reshape(len(part), width)
        # Past a shift's own last bin the pairs are no larger, so argmax (the first
        # largest) is the one-shift-at-a-time answer.
        pair = counts[:, :-1] + counts[:, 1:]  # a ring about two bins wide
        first[a:a + chunk] = np.argmax(pair, axis=1)
        peaks[a:a + chunk] = pair[np.arange(len(part)), first[a:a + chunk]]
    return peaks, first


def _inner_ring(d: np.ndarray, outer: float, step: float) -> float | None:
    """The inner ring's radius: a thin circle of ink (density over 0.35) standing out of
    the radii a few bins either side. Ring text between the rings can be as dense, but over
    its letters' whole height: taking the densest radius there left the inner ring uncut,
    joining it to a signature over the seal (a seal-sized false signature)."""
    lo, hi = 0.55 * outer, 0.85 * outer
    radii = np.arange(lo - INNER_SIDE * step, hi + (INNER_SIDE + 1) * step, step)
    counts = np.bincount(np.digitize(d, radii), minlength=len(radii) + 1)[1:len(radii)]
    density = counts / (2 * np.pi * radii[:-1] * step)
    if len(density) <= 2 * INNER_SIDE:
        return None
    mid = density[INNER_SIDE:-INNER_SIDE]
    sides = np.maximum(density[:-2 * INNER_SIDE], density[2 * INNER_SIDE:])
    peak = np.where(mid > INNER_MIN, mid - sides, -1.0)  # a ring of ink, not ring text
    k = int(np.argmax(peak))
    if peak[k] <= INNER_RISE:
        return None
    return float(radii[k + INNER_SIDE] + step / 2)


def _drop_arcs(sub: np.ndarray, dist: np.ndarray, rings: Rings, px_per_mm: float,
               origin: tuple[int, int] = (0, 0)) -> None:
    """Erase what is left of the outer ring where the seal is no true circle (an oval seal,
    a photo's perspective): pieces that keep to a thin band round the centre near the ring."""
    n, labels, stats, _ = components(sub)
    for i in range(1, n):
        x, y, w, h, _a = (int(v) for v in stats[i])
        if max(w, h) < ARC_MM * px_per_mm:
            continue
        own = labels[y:y + h, x:x + w] == i
        d = dist[y:y + h, x:x + w][own]
        lo, hi = float(d.min()), float(d.max())
        if (lo > 0.8 * rings.outer and hi < 1.3 * rings.outer and
                hi - lo < ARC_BAND * rings.outer) or \
                (max(w, h) >= OVAL_MM * px_per_mm and _oval_arc(own, x, y, rings, origin)):
            sub[y:y + h, x:x + w][own] = 0


def _oval_arc(own: np.ndarray, x: int, y: int, rings: Rings,
              origin: tuple[int, int]) -> bool:
    """Whether a piece is a ring of an oval seal (pressed askew, a photo's perspective, a
    scan stretched one way): its ink keeps to a thin band round an ellipse about the seal's
    centre, of the seal's size. Left whole, such a ring was a seal-sized false signature.
    (The AMS fit holds on arcs of a quarter turn, where the plain fit drifts.)"""
    ys, xs = np.nonzero(own)
    if len(xs) < 20:
        return False
    pts = np.stack([xs + x, ys + y], 1).astype(np.float32)  # the window's frame
    (ex, ey), (da, db), angle = cv2.fitEllipseAMS(pts)
    a, b = da / 2, db / 2
    r = rings.outer
    ox, oy = rings.cx - origin[0], rings.cy - origin[1]
    if not (np.isfinite(a) and np.isfinite(b)) or np.hypot(ex - ox, ey - oy) > OVAL_SHIFT * r \
            or not (OVAL_AXES[0] * r <= min(a, b) and max(a, b) <= OVAL_AXES[1] * r):
        return False
    t = np.radians(angle)
    u = (pts[:, 0] - ex) * np.cos(t) + (pts[:, 1] - ey) * np.sin(t)
    v = -(pts[:, 0] - ex) * np.sin(t) + (pts[:, 1] - ey) * np.cos(t)
    rho = np.hypot(u / max(a, 1.0), v / max(b, 1.0))
    return bool(np.percentile(rho, 95) - np.percentile(rho, 5) < ARC_BAND)


def _pen_strokes(sub: np.ndarray, dist: np.ndarray, rings: Rings, px_per_mm: float,
                 printed: np.ndarray | None = None) -> np.ndarray:
    """Pieces inside the circle too big for the seal's letters once its rings are cut,
    and not arcs of its ring text either: a pen's strokes, whatever their colour."""
    n, labels, stats, _ = components(sub)
    keep = np.zeros(n, bool)
    r = rings.outer
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        # Pen strokes are long (or loops tall) and thin; print the seal's letters ran into
        # is dense.
        loop = h >= LOOP_H_MM * px_per_mm and w >= max(h, LOOP_MM * px_per_mm)
        if (max(w, h) < STROKE_MM * px_per_mm and not loop) or area > LOOSE_FILL * w * h:
            continue
        dense = area > STROKE_FILL * w * h
        if dense and (w < LOOSE_MM * px_per_mm or printed is None):
            continue
        own = labels[y:y + h, x:x + w] == i
        if dense and printed is not None and \
                np.count_nonzero(printed[y:y + h, x:x + w][own]) >= PRINTED * area:
            continue
        d = dist[y:y + h, x:x + w][own]
        # Ring text runs round the circle between its rings: its pieces keep to that band and
        # span little of the radius (a pen stroke across the middle can run round it too).
        # Between two rings the band itself bounds it: on blurred scans its letters run
        # together into pieces spanning the band's whole width.
        lo, hi = float(d.min()), float(d.max())
        if rings.inner is not None and lo > rings.inner - rings.half and \
                hi < rings.outer + rings.half:
            continue
        keep[i] = lo < RING_TEXT * r or hi - lo > ARC_SPREAD * r
    out: np.ndarray = keep[labels] & (sub > 0)
    return out


def seal_window(shape: tuple[int, ...], cx: float, cy: float,
            r: float) -> tuple[slice, slice] | None:
    x0, y0 = max(0, int(cx - r)), max(0, int(cy - r))
    x1, y1 = min(shape[1], int(cx + r) + 1), min(shape[0], int(cy + r) + 1)
    if x1 <= x0 or y1 <= y0:
        return None
    return slice(y0, y1), slice(x0, x1)


def _dist(win: tuple[slice, slice], cx: float, cy: float) -> np.ndarray:
    yy, xx = np.ogrid[win[0], win[1]]
    out: np.ndarray = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2)
    return out


def _pen_ink(maps: InkMaps, window: tuple[slice, slice], sub: np.ndarray,
             inside: np.ndarray) -> np.ndarray:
    """Pen by colour and darkness: on colour pages ink that is not seal-tinted and dark (a
    black pen) or clearly darker than the seal's own ink (a pen line pressed over by the
    seal); on grey pages, and for a seal that reads hardly tinted on a colour page, also
    ink clearly darker than most ink in the circle (the seal's)."""
    dark = maps.dark[window]
    ink = inside & (sub > 0)
    if not ink.any():
        return np.zeros_like(ink)
    # By darkness alone: ink clearly darker than most ink in the circle (the seal's).
    pen = dark > max(float(np.median(dark[ink])) + GREY_PEN_STEP, 0.4)
    if maps.colour:
        tinted = maps.blue[window] > 0.35 * dark
        seal_ink = ink & tinted
        level = float(np.median(dark[seal_ink])) if seal_ink.any() else 1.0
        by_colour = (~tinted & (dark > max(0.4, level))) | (dark > level + _tinted_step(level))
        # A faded violet seal can read untinted (a black pen over it was all taken for the
        # seal): then darkness judges as well.
        if np.count_nonzero(seal_ink) >= GREY_SEAL * np.count_nonzero(ink):
            pen = by_colour
        else:
            pen |= by_colour
    out: np.ndarray = ink & pen
    return out


def _tinted_step(level: float) -> float:
    """How much darker than the seal's tinted ink (``level``) a tinted pen's ink is."""
    return FAINT_PEN_STEP if level < FAINT_SEAL else TINTED_PEN_STEP
