"""Rectangular office stamps ("ПОЛУЧЕНО", "КОПИЯ ВЕРНА", "ОПЛАЧЕНО"): a frame, often double,
round a few lines of large text, pressed a few degrees askew over the page.

Frames are looked for twice: in the blue ink of colour pages (a stamp pressed over print is
still alone there) and in the dark ink of every page, where printed boxes and table cells
look the same. A frame from dark ink is a stamp when its ink is tinted (colour pages); on
grey pages when it says a stamp's word, or when it is turned against the page's rulings
with no ruling across it (printed boxes are square to the page and tables ruled inside)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from recognizers.marks.colors import InkMaps, dark_on_paper
from recognizers.marks.rect_frames import Frame, frame_of, ruled_across
from recognizers.marks.seal_text import sure_text
from recognizers.marks.stamp_words import says_stamp
from recognizers.marks.stamps import Seal
from recognizers.page import Word

# Weakest dark ink of a stamp's frame: faint frames on poor scans sit at ~0.15.
DARK_FLOOR = 0.1
# Share of the inside covered by ink: a stamp's text leaves most of it free, a QR code or a
# paragraph of print does not.
MAX_FILL = 0.45
# Short side over long side: square frames are codes and boxes, stamps are oblong.
MAX_ASPECT = 0.8
# Blue/violet stamp ink absorbs red and green light more than blue: (max(red, green) - blue)
# absorption over max(red, green) is 0.2-0.7 on stamps' frames (0.19 for a faint violet one
# photographed under warm light), within +-0.03 of 0 for black print.
MIN_TINT = 0.12
# Turn against the page's rulings (degrees) that no printed box has: printed boxes measure
# within 0.6 of it.
MIN_SLANT = 1.0
# How far (mm) a ring fitted to a stamp's text may reach out of its frame; a seal's radius is
# 15-25 mm against a frame's 5-20 mm half height.
SEAL_SPILL_MM = 4.0
# Rulings: long thin blobs, or whole tables, whose turn gives the page's own.
RULING_MM = 30.0
# Word boxes narrower than this (mm) are a frame's side read as a letter, not print.
THIN_WORD_MM = 1.6
# Two halves of a broken frame: how far apart (mm) and how far their ends may differ (mm).
JOIN_GAP_MM = 3.0
JOIN_SLACK_MM = 2.5

# Reads the words inside a frame given in page pixels: (cx, cy, w, h, angle) -> words.
Reader = Callable[[float, float, float, float, float], list[Word]]


@dataclass(frozen=True)
class RectStamp:
    """In working-scale pixels: the frame's centre, size and turn (degrees), and its text
    when it was read to tell it from a printed box."""

    cx: float
    cy: float
    w: float
    h: float
    angle: float
    score: float
    text: str | None = None

    def box(self) -> tuple[float, float, float, float]:
        """Axis-aligned box (x, y, w, h) of the turned frame."""
        pts = cv2.boxPoints(((self.cx, self.cy), (self.w, self.h), self.angle))
        x0, y0 = pts.min(axis=0)
        x1, y1 = pts.max(axis=0)
        return float(x0), float(y0), float(x1 - x0), float(y1 - y0)


def _contours(m: np.ndarray, thr: float, px_per_mm: float, close_mm: float
              ) -> tuple[np.ndarray, list[np.ndarray]]:
    ink = (m > thr).astype(np.uint8)
    k = max(3, int(px_per_mm * close_mm) | 1)
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    lo = (7.0 * px_per_mm) ** 2  # a frame broken on one side encloses little area of its own
    # One bounding box per outline (a page has 1000-2000 of them, mostly letters).
    return ink, [c for c in contours if _area(cv2.boundingRect(c)) >= lo]


def _area(rect: Sequence[int]) -> int:
    return int(rect[2]) * int(rect[3])


def _halves(contours: Sequence[np.ndarray], px_per_mm: float) -> list[np.ndarray]:
    """Pairs of outlines standing side by side at the same height (or one above the other at
    the same width), as one: a faint frame broken across both long sides falls apart in two
    open halves, neither a frame (a poor scan's 'ПОЛУЧЕНО' split 0.5 mm apart)."""
    if len(contours) < 2:
        return []
    gap, slack = JOIN_GAP_MM * px_per_mm, JOIN_SLACK_MM * px_per_mm
    b = np.array([cv2.boundingRect(c) for c in contours], np.float32)
    x, y, x1, y1 = b[:, 0], b[:, 1], b[:, 0] + b[:, 2], b[:, 1] + b[:, 3]

    def near(a: np.ndarray) -> np.ndarray:
        out: np.ndarray = np.abs(a[:, None] - a[None, :]) <= slack
        return out

    step_x, step_y = x[None, :] - x1[:, None], y[None, :] - y1[:, None]
    beside = (step_x >= 0) & (step_x <= gap) & near(y) & near(y1)
    below = (step_y >= 0) & (step_y <= gap) & near(x) & near(x1)
    pairs = np.argwhere(beside | below)
    return [np.vstack([contours[i], contours[j]]) for i, j in pairs]


def _within(s: Seal, cx: float, cy: float, w: float, h: float, angle: float,
            spill: float) -> bool:
    """Whether the seal's circle lies inside the turned frame, give or take ``spill``."""
    a = np.radians(angle)
    dx, dy = s.cx - cx, s.cy - cy
    along, across = dx * np.cos(a) + dy * np.sin(a), -dx * np.sin(a) + dy * np.cos(a)
    return abs(along) + s.r <= w / 2 + spill and abs(across) + s.r <= h / 2 + spill


def _on_seal(f: Frame, seals: Sequence[Seal], px_per_mm: float) -> bool:
    """A seal's blob with something square stuck to it. A "seal" found (about) inside a
    frame is the frame's own text taken for a ring (``seals_outside`` drops it)."""
    x, y, w, h = f.box()
    return any(x <= s.cx <= x + w and y <= s.cy <= y + h
               and not _within(s, f.cx, f.cy, f.w, f.h, f.angle, SEAL_SPILL_MM * px_per_mm)
               for s in seals)


def seals_outside(seals: Sequence[Seal], rects: Sequence[RectStamp], px_per_mm: float
                  ) -> list[Seal]:
    """The seals not lying (about) inside an office stamp's frame: a ring fitted to a
    stamp's text and frame. A real seal pressed over a stamp reaches far beyond it."""
    spill = SEAL_SPILL_MM * px_per_mm
    return [s for s in seals
            if not any(_within(s, r.cx, r.cy, r.w, r.h, r.angle, spill) for r in rects)]


def _blue_frames(maps: InkMaps, seals: Sequence[Seal]) -> list[Frame]:
    """Frames in blue ink: only stamps and pens are blue, so any closed frame is a stamp."""
    m = np.asarray(maps.blue, np.float32)  # only read
    thr = max(0.03, 1.5 * maps.blue_floor)
    ink, contours = _contours(m, thr, maps.px_per_mm, 1.0)
    out = []
    for contour in contours:
        # Only stamps and pens are blue, so a sheared frame is a stamp photographed askew;
        # print's cells sheared alike stay square-checked.
        f = frame_of(m, ink, contour, maps.px_per_mm, thr, sheared=True)
        if f is not None and not _on_seal(f, seals, maps.px_per_mm):
            out.append(f)
    return out


def _fill(ink: np.ndarray, f: Frame, px_per_mm: float) -> float:
    inset = 1.2 * px_per_mm
    pts = cv2.boxPoints(((f.cx, f.cy), (max(1.0, f.w - 2 * inset), max(1.0, f.h - 2 * inset)),
                         f.angle))
    mask = np.zeros(ink.shape, np.uint8)
    cv2.fillConvexPoly(mask, np.rint(pts).astype(np.int32), 1)
    inside = int(mask.sum())
    return float(np.count_nonzero(ink[mask > 0])) / inside if inside else 1.0


def _dark_frames(maps: InkMaps, seals: Sequence[Seal],
                 words: Sequence[tuple[float, float, float, float]]
                 ) -> tuple[np.ndarray, list[Frame]]:
    """Oblong frames of a stamp's size in dark ink, with room for text inside."""
    # Specks of a poor scan's noise stuck to a frame would stretch its outline.
    m: np.ndarray = cv2.blur(dark_on_paper(maps), (2, 2))
    thin = THIN_WORD_MM * maps.px_per_mm
    for x, y, w, h in words:  # print read by OCR: a stamp's frame is not a word
        # ... though OCR reads a frame's side as a word ('|', 'l') on poor scans: boxes too
        # narrow for print are left, or they cut the frame (a grey 'ВХОДЯЩИЙ' lost both sides).
        if w >= thin:
            m[int(y):int(np.ceil(y + h)), int(x):int(np.ceil(x + w))] = 0
    ink, contours = _contours(m, DARK_FLOOR, maps.px_per_mm, 0.6)
    out = []
    for contour in contours + _halves(contours, maps.px_per_mm):
        # Photos shear frames; a sheared one must then be tinted or say a stamp's word.
        f = frame_of(m, ink, contour, maps.px_per_mm, DARK_FLOOR, sheared=maps.colour)
        if f is None or f.h / f.w > MAX_ASPECT or _on_seal(f, seals, maps.px_per_mm):
            continue
        if _fill(ink, f, maps.px_per_mm) <= MAX_FILL:
            out.append(f)
    return ink, out


def tint(image: np.ndarray, k: float, f: Frame, px_per_mm: float) -> float:
    """How blue/violet the frame's ink is: (max(red, green) - blue) absorption against the
    paper round it, over max(red, green); black print gives ~0. The third most tinted side
    counts: a seal pressed across one or two sides of a printed box tints only those."""
    if image.ndim != 3:
        return 0.0
    bx, by, bw, bh = f.box()
    x, y = max(0, int(bx)), max(0, int(by))
    w, h = int(bx + bw) - x, int(by + bh) - y
    crop = image[int(y / k):int((y + h) / k) + 1, int(x / k):int((x + w) / k) + 1]
    if crop.size == 0 or w < 2 or h < 2:
        return 0.0
    small = cv2.resize(crop, (w, h), interpolation=cv2.INTER_AREA).astype(np.float32)
    paper = np.percentile(small.reshape(-1, 3), 90, axis=0)
    absorb = 1 - small / np.maximum(paper, 1.0)
    gray = absorb.mean(axis=2)
    rg = np.maximum(absorb[..., 1], absorb[..., 2])
    pts = np.rint(f.points() - [x, y]).astype(np.int32)
    sides = []
    for i in range(4):
        line = np.zeros((h, w), np.uint8)
        cv2.line(line, tuple(int(v) for v in pts[i]), tuple(int(v) for v in pts[(i + 1) % 4]),
                 1, max(1, int(0.6 * px_per_mm)))
        on = line > 0
        if not on.any():
            sides.append(0.0)
            continue
        sel = on & (gray > float(np.percentile(gray[on], 50)))  # the line's ink, not paper
        total = float(rg[sel].sum())
        sides.append((total - float(absorb[..., 0][sel].sum())) / total if total > 0 else 0.0)
    return sorted(sides)[1]


def page_turn(ink: np.ndarray, px_per_mm: float) -> list[tuple[float, float, float]]:
    """(x, y, turn) of the page's long rulings and tables: the turn of its print."""
    _, _, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    long_ = RULING_MM * px_per_mm
    out = []
    for i in np.nonzero(np.maximum(stats[1:, 2], stats[1:, 3]) >= long_)[0] + 1:
        x, y, w, h = stats[i][:4]
        sub = np.column_stack(np.nonzero(ink[y:y + h, x:x + w].T)).astype(np.float32)
        angle = cv2.minAreaRect(sub)[2]
        out.append((float(centres[i][0]), float(centres[i][1]), (angle + 45.0) % 90.0 - 45.0))
    return out


def _slanted(f: Frame, rulings: list[tuple[float, float, float]]) -> bool:
    """Turned against both the page's rulings as a whole and the nearest few."""
    if not rulings:
        return False
    near = sorted(rulings, key=lambda r: np.hypot(r[0] - f.cx, r[1] - f.cy))[:3]
    refs = (float(np.median([r[2] for r in rulings])), float(np.median([r[2] for r in near])))
    return all(abs(f.slant() - ref) >= MIN_SLANT for ref in refs)


def _stamp(f: Frame, text: str | None = None) -> RectStamp:
    return RectStamp(f.cx, f.cy, f.w, f.h, f.angle, f.score, text)


def find_rect_stamps(maps: InkMaps, seals: Sequence[Seal] = (),
                     words: Sequence[tuple[float, float, float, float]] = (),
                     image: np.ndarray | None = None, read: Reader | None = None
                     ) -> list[RectStamp]:
    """Office stamps on the working image. ``image`` (the page) tells tinted ink from black;
    ``read(cx, cy, w, h, angle)`` (page pixels) reads a frame's text on grey pages."""
    found = [_stamp(f) for f in (_blue_frames(maps, seals) if maps.colour else [])]
    ink, frames = _dark_frames(maps, seals, words)
    rulings: list[tuple[float, float, float]] | None = None
    k = maps.scale
    for f in frames:
        if any(_overlap(f.box(), s.box()) > 0.3 for s in found):
            continue
        if maps.colour and image is not None \
                and tint(image, k, f, maps.px_per_mm) >= MIN_TINT:
            found.append(_stamp(f))
            continue
        # Black ink: a stamp inked black, or the page's own print.
        if ruled_across(ink, f, maps.px_per_mm):
            continue  # a table's cell
        if rulings is None:
            rulings = page_turn(ink, maps.px_per_mm)
        # A sheared outline's rectangle is turned by the shear, not by a stamp's press.
        if not f.sheared and _slanted(f, rulings):
            found.append(_stamp(f))
            continue
        said = read(f.cx / k, f.cy / k, f.w / k, f.h / k, f.angle) if read else []
        # Unsure words count here: a stamp's title misread in a letter is still its word.
        if says_stamp(" ".join(w.text for w in said)):
            found.append(_stamp(f, sure_text(said)))
    return found


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]
             ) -> float:
    ix = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    iy = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if ix <= 0 or iy <= 0:
        return 0.0
    return ix * iy / min(a[2] * a[3], b[2] * b[3])
