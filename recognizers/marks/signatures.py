"""Handwritten signatures: ink left over once printed words, rulings, seals and codes are
taken away, grouped into pen-sized blobs and kept when their strokes look written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from recognizers.marks.colors import InkMaps
from recognizers.marks.sign_ink import components as _components
from recognizers.marks.sign_ink import darkest, horizontal_rows, ink_at, lookup, pen_mask, rulings
from recognizers.marks.sign_join import MAX_W_MM, MIN_W_MM, Scribble, join_pieces, take_strays
from recognizers.marks.sign_rings import ring_pieces
from recognizers.marks.sign_rows import (
    erase_text_rows,
    fold_failed,
    interleaved,
    on_line,
    split_rows,
    under_line,
)
from recognizers.marks.sign_rows import pieces_per_row as _pieces_per_row  # noqa: F401 (tests)
from recognizers.marks.sign_seals import cut_rings, take_seals
from recognizers.marks.sign_shape import PEN_MM, looks_printed
from recognizers.marks.stamps import Seal

Box = tuple[float, float, float, float]

# Signature ink heights (mm); printed words are under ~5 mm tall once words are joined.
MIN_H_MM, MAX_H_MM = 4.0, 35.0
# Ink share of a blob's box above which a letter-high blob is print, not a pen stroke.
WORD_FILL = 0.3
# Share of an ink piece outside the read words it touches above which it is not their print.
INK_OUT = 0.35
# Ink piece height, in the page's median word heights, above which it is no letter, in an
# OCR word box no longer than SCRAP_RATIO times its height.
TALL_WORD = 1.8
SCRAP_RATIO = 2.5
# Ink share of a blob's tight box above which it is no pen stroke: a blurred photo thickens
# a quick signature's strokes to a third of its box and more (0.35 lost one on the dev
# photos; 0.4-0.5 found it with no false one more on any dev corpus).
MAX_FILL = 0.45
# A group of ink narrower than MIN_W_MM but at least this share of it is no signature alone,
# yet may be half of one a wide gap in the pen parted (a short first name then the surname
# flourish): it is kept only if it joins a neighbour (join_pieces).
PART_W = 0.5
# A group no wider than FAILED_PART times MIN_W_MM (as dilated) that is no signature alone is
# a scrap too (take_strays): the end of a signature a seal's ring parted, its letters low
# and blurred (dev seed 9700, a photo: its right third, 10 mm of ink, lost and the box cut
# to IoU 0.25). Wider ones are leftover print beside it: with every failed group a scrap, a
# wide one joined a photo's signature on the same dev corpus, its box then 3 times too wide.
FAILED_PART = 1.5
# A group of ink this many times taller than wide is no signature (pens run along their
# line): a scanner's vertical streak or a column of print with the scraps beside it. On the
# dev poor scans and photos (seeds 9137, 9138) all 8 boxes found taller than 0.9 of their
# width were false, yet on clean scans a signature with its caption's scraps below stands
# 1.1-2 times as tall as wide (a limit of 1.1 lost two); past 2.2 only false ones remained.
TALL_BOX = 2.2
# On a colour page, a group at least OFF_LINE_MM (w, h), OFF_LINE_FLAT times as wide as tall,
# whose ink fills at most OFF_LINE_FILL of its box is a pen's off any line too, as blue ink
# is: black signatures written over their caption, beside the blank (dev seed 9700, fill
# 0.14), or across a seal's edge whose line went with the seal (9701, 0.09). A scanner's
# streak through print off the line stood 1.3 times as wide as tall.
OFF_LINE_MM = (10.0, 6.0)
OFF_LINE_FILL = 0.15
OFF_LINE_FLAT = 1.5
SEAL_MIDDLE = 0.6
# Within a seal (its centre's distance plus half the box's longer side under 1.05 radii) a
# group taller than SEAL_TALL times its width is ring text down the seal's side, kept as a
# pen's where the pad's ink is darker (dev seed 9501: 2 false signatures of 52 on clean
# scans; no signature found on dev 9500-9502 stood so).
SEAL_TALL = 1.0
# A piece at least LINE_MM tall, no wider than LINE_SLANT of its height and no thicker than
# LINE_THICK mm is a straight rule standing across the rows, too slanted for rulings() (a
# table photographed askew): with the unread print of its cells it stood as a signature
# (dev seed 9200, a photo's table header; seed 9202, a poor scan's column). Pens leave no
# such piece alone: their straight strokes join their loops.
LINE_MM = 5.0
LINE_SLANT = 0.2
LINE_THICK = 0.6


@dataclass(frozen=True)
class Pieces:
    """The ink left to look at (``mask``) and the labelling it was cleaned with: ``kept``
    tells the labels whose pieces are in it."""

    mask: np.ndarray
    labels: np.ndarray
    stats: np.ndarray
    kept: np.ndarray


def _erase_print(mask: np.ndarray, words: Sequence[Box], seals: Sequence[Seal],
                 maps: InkMaps, blue: np.ndarray | None) -> None:
    """Print under the read words and the seals' ink go. A piece of ink that runs on well
    outside every word and seal it touches is a pen stroke crossing them (a signature over
    its caption or under a seal, or a scrap of it OCR read as a letter) and stays whole;
    pen ink (blue in a word's box, pen-dark or pen-coloured in a seal) stays anyway."""
    boxes = np.zeros(mask.shape, bool)
    wordy = np.zeros(mask.shape, bool)  # boxes long for their height: real words
    for x, y, w, h in words:
        boxes[int(y):int(np.ceil(y + h)), int(x):int(np.ceil(x + w))] = True
        if w > SCRAP_RATIO * h:
            wordy[int(y):int(np.ceil(y + h)), int(x):int(np.ceil(x + w))] = True
    cover, pen = take_seals(mask, seals, maps, boxes, wordy)
    in_seal = cover.copy()
    if blue is not None:
        pen |= boxes & (blue > 0) & ~cover
    cover |= boxes
    n, labels, stats = _components(mask)
    if n <= 1:
        return
    # Only ink pixels carry labels: look at those alone (a few percent of the page).
    idx = np.flatnonzero(mask > 0)  # on a bool mask: a fifth of the time on uint8
    lab = labels.reshape(-1)[idx]
    covered = cover.reshape(-1)[idx]
    area = stats[:, cv2.CC_STAT_AREA]
    outside = area - np.bincount(lab[covered], minlength=n)
    # A letter's ink lies within its word box and a seal's within its circle.
    stray = outside > np.maximum(INK_OUT * area, 3)
    # A piece far taller than the page's letters is no letter where OCR boxed it as a short
    # scrap of a word (a small signature read as one, confidently, on photos).
    heights = [h for _x, _y, _w, h in words]
    if heights:
        tall = max(PEN_MM * maps.px_per_mm, TALL_WORD * float(np.median(heights)))
        within = (wordy | in_seal).reshape(-1)[idx]
        held = np.bincount(lab[within], minlength=n) > 0
        stray |= (stats[:, cv2.CC_STAT_HEIGHT] >= tall) & ~held
    stray[0] = False
    np.put(mask, idx[covered & ~stray[lab] & ~pen.reshape(-1)[idx]], 0)


def _stroke_score(comp: np.ndarray, px_per_mm: float) -> float:
    """Pen strokes are thin and long; blobs of print or noise are thick or tiny."""
    ink = int(np.count_nonzero(comp))
    if ink == 0:
        return 0.0
    skel_len = max(1, int(np.count_nonzero(cv2.erode(comp, np.ones((2, 2), np.uint8)))))
    h, w = comp.shape
    fill = ink / float(h * w)
    if fill > MAX_FILL:
        return 0.0
    thickness = ink / max(skel_len, 1)
    return float(min(1.0, 0.4 + 0.6 * min(1.0, (h / px_per_mm) / 8.0)) * (1.0 if thickness < 6
                                                                          else 0.5))


def _clean_pieces(mask: np.ndarray, words: Sequence[Box], px_per_mm: float,
                  blue: np.ndarray | None = None, cut: np.ndarray | None = None) -> Pieces:
    """Ink pieces left to look at: specks and rows of print go (one labelling serves both).
    Pieces mostly of ``blue`` (pen-coloured) ink are never taken for print, nor pieces taller
    than letters that a ruling taken away (``cut``, grown by a pixel) touches."""
    n, labels, stats = _components(mask)
    # Noise and dust go, thin pen lines stay: a 2x2 opening used here cut 0.3 mm strokes
    # (1-2 px at the working scale) into dots, and most signatures fell apart.
    keep = stats[:, cv2.CC_STAT_AREA] >= max(4, int(px_per_mm * px_per_mm * 0.2))
    keep[0] = False
    heights = [h for _x, _y, _w, h in words]
    body = float(np.median(heights)) if heights else 3.0 * px_per_mm
    body = min(max(body, 1.5 * px_per_mm), 4.5 * px_per_mm)
    hs, ws = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    fill = stats[:, cv2.CC_STAT_AREA] / np.maximum(hs * ws, 1)
    # Letters, and on blurred scans whole words whose letters ran together: those are as
    # dense as print (a flat pen stroke of that size is thin, fill under ~0.25).
    glyph = keep & (hs <= 1.3 * body) & ((ws <= 1.6 * body) |
                                          ((ws <= 8 * body) & (fill >= WORD_FILL)))
    if cut is not None and n > 1:
        # A signature written along its blank's line loses its flat strokes with the line,
        # and its loops left standing on it are letter-sized, lined up as a row of print
        # (dev seeds 9600, 9602: small signatures on photos and poor scans erased whole).
        touched = np.bincount(labels.ravel()[np.flatnonzero(cut)], minlength=n) > 0
        glyph &= ~(touched & (hs > body))
    if blue is not None and n > 1:
        inked = labels[blue > 0]
        glyph &= np.bincount(inked, minlength=n) < 0.3 * stats[:, cv2.CC_STAT_AREA]
    if n <= 1:
        return Pieces(np.zeros_like(mask), labels, stats, keep)
    # Labels are 0 off the ink, so the lookups are the kept ink and its letters themselves.
    idx = np.flatnonzero(mask > 0)
    out = lookup(keep.astype(np.uint8) * np.uint8(255), labels, idx)
    if glyph.any():
        gone = erase_text_rows(out, lookup(glyph.astype(np.uint8) * np.uint8(255), labels, idx),
                               body, labels)
        keep[labels.ravel()[gone]] = False
    return Pieces(out, labels, stats, keep)


def _judge(comp: np.ndarray, x: int, y: int, hor: np.ndarray, blue: np.ndarray | None,
           px_per_mm: float) -> Scribble | None:
    """A signature from one group of ink (``comp`` at window origin x, y), or None."""
    mm = px_per_mm
    ys, xs = np.nonzero(comp)
    if len(xs) < mm * 10:
        return None
    tight = comp[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    if tight.shape[0] < MIN_H_MM * mm * 0.8 or tight.shape[1] < MIN_W_MM * mm * 0.6:
        return None
    h, w = comp.shape
    is_blue = blue is not None and bool(
        np.count_nonzero(blue[y:y + h, x:x + w][comp > 0]) > 0.3 * len(xs))
    score = _stroke_score(tight, mm)
    if score <= 0 or looks_printed(tight, mm, is_blue):
        return None
    bx, by = x + int(xs.min()), y + int(ys.min())
    bw, bh = tight.shape[1], tight.shape[0]
    # Signatures stand on a blank's line: a ruling must run under or through the ink. Blue
    # ink need not: forms are printed black and seals are taken away, so it is a pen's, and
    # a signature written over its caption stands off the blank's line (dev seed 9202: a
    # poor scan's signature over 'Покупатель' lost). Ink hanging below a ruling is the foot
    # of strokes across it (their part above judged alone), not a signature.
    # On a colour page black ink that is all thin strokes, long and tall, is a pen's too
    # (_scrawl); on a grey page the pen's colour is unknown and such ink stays no signature.
    off_line = not on_line(hor, bx, by, bw, bh, mm)
    if off_line and not ((is_blue or (blue is not None and _scrawl(tight, mm))) and
                         not under_line(hor, bx, by, bw, bh, mm)):
        return None
    box = (float(bx), float(by), float(bw), float(bh))
    return Scribble(box, min(1.0, score + (0.15 if is_blue else 0.0)), bool(is_blue),
                    off_line=off_line and not is_blue)


def _scrawl(tight: np.ndarray, px_per_mm: float) -> bool:
    """Whether ink is a pen's whatever its colour: tall, long and thin-stroked."""
    h, w = tight.shape
    return h >= OFF_LINE_MM[1] * px_per_mm and w >= max(OFF_LINE_MM[0] * px_per_mm,
                                                         OFF_LINE_FLAT * h) and \
        int(np.count_nonzero(tight)) <= OFF_LINE_FILL * tight.size


def _sheet(paper: np.ndarray, words: Sequence[Box]) -> np.ndarray:
    """The sheet as colors.py found it, widened to the read text: in a shadowed corner of a
    photo the paper can look too dark for the sheet, yet where print was read is paper.
    The outermost words (1% each side) are left out, in case OCR read the background."""
    if len(words) < 20:
        return paper
    cx = np.array([x + w / 2 for x, _y, w, _h in words])
    cy = np.array([y + h / 2 for _x, y, _w, h in words])
    lo_x, hi_x = np.percentile(cx, (1, 99))
    lo_y, hi_y = np.percentile(cy, (1, 99))
    inner = (cx >= lo_x) & (cx <= hi_x) & (cy >= lo_y) & (cy <= hi_y)
    pts = np.stack([cx[inner], cy[inner]], 1).astype(np.int32)
    if len(pts) < 3:
        return paper
    text = np.zeros_like(paper)
    cv2.fillConvexPoly(text, cv2.convexHull(pts), 255)
    out: np.ndarray = cv2.bitwise_or(paper, text)
    return out


def _pen_ink(mask: np.ndarray, words: Sequence[Box], seals: Sequence[Seal],
             codes: Sequence[Box], maps: InkMaps, blue: np.ndarray | None,
             cut: np.ndarray | None = None) -> Pieces:
    """The ink left to look at for signatures once print, seals and codes are taken away
    (``mask`` is changed)."""
    _erase_print(mask, words, seals, maps, blue)
    for x, y, w, h in codes:
        mask[int(y):int(y + h) + 1, int(x):int(x + w) + 1] = 0
    return _clean_pieces(mask, words, maps.px_per_mm, blue, cut)


def find_scribbles(maps: InkMaps, words: Sequence[Box], seals: Sequence[Seal],
                   codes: Sequence[Box]) -> list[Scribble]:
    mm = maps.px_per_mm
    maps = replace(maps, paper=_sheet(maps.paper, words))
    top = darkest(maps)
    mask = pen_mask(maps, top)
    hor = horizontal_rows(ink_at(maps, top, 0.3, 1.0), mm)
    ruled = rulings(mask, mm)
    mask[ruled > 0] = 0
    cut = cv2.dilate(ruled, np.ones((3, 3), np.uint8))
    blue = (maps.blue > 0.10).astype(np.uint8) * 255 if maps.colour else None
    inked = mask.copy()
    pieces = _pen_ink(mask, words, seals, codes, maps, blue, cut)
    mask = pieces.mask
    # A seal the seal search missed leaves its outer ring's arcs: look again without them.
    missed, left = ring_pieces(pieces.labels, pieces.stats, pieces.kept, seals, mm, mask)
    if missed:
        # On a colour page the seal's tint tells its ink from pens as for any seal; on a
        # grey page only its rings go (see cut_rings).
        if maps.colour:
            seals = [*seals, *missed]
        else:
            cut_rings(inked, missed, mm)
        pieces = _pen_ink(inked, words, seals, codes, maps, blue, cut)
        mask = pieces.mask
        left = ring_pieces(pieces.labels, pieces.stats, pieces.kept, seals, mm, vote=False)[1]
    # What an oval seal's ring left beyond the circle cut out goes too.
    if left:
        gone = np.zeros(len(pieces.stats), bool)  # a lookup: np.isin sorts the page
        gone[left] = True
        mask[gone[pieces.labels]] = 0
    _drop_lines(mask, pieces, mm)
    join = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE,
                                                      (int(mm * 3) | 1, int(mm * 2) | 1)))
    n, labels, stats = _components(join)
    out: list[Scribble] = []
    strays: list[Box] = []  # narrow groups that are no signature alone
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        if not (PART_W * MIN_W_MM * mm <= w <= MAX_W_MM * mm and
                MIN_H_MM * mm <= h <= MAX_H_MM * mm):
            if w < MIN_W_MM * mm and h < MIN_H_MM * mm:
                strays.append((x, y, w, h))
            continue
        comp = ((labels[y:y + h, x:x + w] == i) & (mask[y:y + h, x:x + w] > 0)).astype(np.uint8)
        if w < MIN_W_MM * mm:
            half = _judge(comp, x, y, hor, blue, mm)
            if half:
                out.append(replace(half, part=True))
            else:
                strays.append((x, y, w, h))
            continue
        parts = split_rows(comp, x, y, hor, mm)
        found = [_judge(p, x, y, hor, blue, mm) for p in parts]
        if len(parts) > 2 and not all(found):
            # A part no signature alone is the top of the one on the line below it (a
            # line crossing a signature's loops parted them), not one of its own.
            parts = fold_failed(parts, found)
            found = [_judge(p, x, y, hor, blue, mm) for p in parts]
        if len(parts) > 1 and all(found) and not interleaved(found, mm):
            out.extend(f for f in found if f)
            continue
        whole = _judge(comp, x, y, hor, blue, mm) if len(parts) > 1 else found[0]
        if whole:
            out.append(whole)
        elif w <= FAILED_PART * MIN_W_MM * mm:
            strays.append((x, y, w, h))
    joined = [take_strays(f, strays, mm) for f in join_pieces(out, mm) if not f.part]
    return [f for f in joined if f.box[3] <= TALL_BOX * f.box[2] and not _seal_text(f, seals)
            and not (f.off_line and _in_seal(f.box, seals))]


def _in_seal(box: Box, seals: Sequence[Seal]) -> bool:
    """Whether a box's centre lies in a seal's middle (SEAL_MIDDLE of its radius): black
    ink off any line there is the seal's (an oval seal's inner ring and text on a photo,
    dev seed 9700), not a pen's; a signature off its line across a seal's edge stays
    (seed 9701, 0.87 of the radius out)."""
    x, y, w, h = box
    return any(np.hypot(x + w / 2 - s.cx, y + h / 2 - s.cy) < SEAL_MIDDLE * s.r for s in seals)


def _seal_text(f: Scribble, seals: Sequence[Seal]) -> bool:
    """Whether a group taller than wide lies within a seal: its ring text running down the
    seal's side (a darker patch of the pad's ink kept as a pen's)."""
    x, y, w, h = f.box
    if h <= SEAL_TALL * w:
        return False
    cx, cy = x + w / 2, y + h / 2
    return any(np.hypot(cx - s.cx, cy - s.cy) + 0.5 * max(w, h) <= 1.05 * s.r for s in seals)


def _drop_lines(mask: np.ndarray, pieces: Pieces, px_per_mm: float) -> None:
    """Take thin straight near-vertical pieces (LINE_MM) out of ``mask``."""
    hs = pieces.stats[:, cv2.CC_STAT_HEIGHT]
    ws = pieces.stats[:, cv2.CC_STAT_WIDTH]
    thin = pieces.stats[:, cv2.CC_STAT_AREA] <= LINE_THICK * px_per_mm * hs
    line = pieces.kept & (hs >= LINE_MM * px_per_mm) & (ws <= LINE_SLANT * hs) & thin
    line[0] = False
    for i in np.flatnonzero(line):  # a few at most: their boxes, not the page
        x, y, w, h = (int(v) for v in pieces.stats[i, :4])
        mask[y:y + h, x:x + w][pieces.labels[y:y + h, x:x + w] == i] = 0


