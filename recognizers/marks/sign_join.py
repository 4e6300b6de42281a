"""Pieces of one signature put together: halves a gap in the pen or a seal's ring parted,
and the scraps a blank's line left of its flat end."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

Box = tuple[float, float, float, float]

# Widest gap (mm) between two pieces of one signature on its line (wide signatures on poor
# scans and photos break 7-9 mm apart; 6 mm left them as two false halves, 9-12 mm alike).
JOIN_GAP_MM = 10.0
# Share of the shorter piece's height two pieces side by side share to stand on one line.
SAME_LINE = 0.6
# Signature ink spans at least MIN_W_MM and at most MAX_W_MM wide.
MIN_W_MM, MAX_W_MM = 9.0, 75.0
# A scrap of ink this tall and wide (mm) at least, within STRAY_GAP_MM of a signature beside
# it and standing within its height, is the rest of its strokes: a flat tail written along
# the blank's line goes with the line on photos, and the loop left of it is too small to be
# judged alone. 8-10 mm gaps and 1.5-2.5 mm sizes measured the same on the dev corpora.
STRAY_GAP_MM = 8.0
STRAY_MM = 2.0
# The groups are the ink dilated by ~3 x 2 mm: their boxes shrink back by half of that.
GROW_MM = (1.5, 1.0)


@dataclass(frozen=True)
class Scribble:
    box: Box  # working-scale pixels
    confidence: float
    blue: bool
    part: bool = False  # too narrow alone: kept only if joined to a neighbour
    off_line: bool = False  # black ink kept off any blank's line for its shape alone


def take_strays(f: Scribble, strays: list[Box], px_per_mm: float) -> Scribble:
    """``f`` widened over the scraps of ink (groups too small to judge, boxes as dilated)
    beside it on its line."""
    mm = px_per_mm
    x, y, w, h = f.box
    x0, x1, y1 = x, x + w, y + h
    for gx, gy, gw, gh in strays:
        sx, sy = gx + GROW_MM[0] * mm, gy + GROW_MM[1] * mm
        sw, sh = gw - 2 * GROW_MM[0] * mm, gh - 2 * GROW_MM[1] * mm
        if min(sw, sh) < STRAY_MM * mm:
            continue
        gap = max(sx - x1, x0 - (sx + sw))
        shared = min(y1, sy + sh) - max(y, sy)
        # Within the signature's height: no letter of a caption below or beside it.
        if 0 < gap <= STRAY_GAP_MM * mm and shared >= SAME_LINE * sh and sy + sh <= y1 + mm:
            x0, x1 = min(x0, sx), max(x1, sx + sw)
    if x1 - x0 > MAX_W_MM * mm or (x0, x1) == (x, x + w):
        return f
    return replace(f, box=(x0, y, x1 - x0, h))


def join_pieces(found: list[Scribble], px_per_mm: float) -> list[Scribble]:
    """One signature broken in two (a gap in the stroke, a seal's ring cut through it):
    pieces side by side on the same blank line (their feet within 3 mm) join."""
    out = list(found)
    merged = True
    while merged:
        merged = False
        for a, b in itertools.combinations(range(len(out)), 2):
            (ax, ay, aw, ah), (bx, by, bw, bh) = out[a].box, out[b].box
            gap = max(bx - (ax + aw), ax - (bx + bw))
            x0, x1 = min(ax, bx), max(ax + aw, bx + bw)
            # Side by side, not one above the other (signatures of stacked rows overlap).
            if gap > JOIN_GAP_MM * px_per_mm or -gap > 0.5 * min(aw, bw) or \
                    not same_line(out[a].box, out[b].box, px_per_mm) or \
                    x1 - x0 > MAX_W_MM * px_per_mm:
                continue
            y0, y1 = min(ay, by), max(ay + ah, by + bh)
            out[a] = Scribble((x0, y0, x1 - x0, y1 - y0),
                              max(out[a].confidence, out[b].confidence),
                              out[a].blue or out[b].blue, out[a].part and out[b].part,
                              out[a].off_line and out[b].off_line)
            del out[b]
            merged = True
            break
    return out


def same_line(a: Box, b: Box, px_per_mm: float) -> bool:
    """Whether two pieces stand on one line: their feet within 3 mm, or sharing most of the
    shorter one's height (a part whose loops hang low has its foot lower: the rest of a
    signature past a seal's ring, 4.4 mm higher-footed, stood as a false one beside it)."""
    (_ax, ay, _aw, ah), (_bx, by, _bw, bh) = a, b
    if abs((ay + ah) - (by + bh)) <= 3 * px_per_mm:
        return True
    shared = min(ay + ah, by + bh) - max(ay, by)
    return shared >= SAME_LINE * min(ah, bh)
