"""Rectangular frames drawn all round in an ink map: the shape of an office stamp.

A frame is found as the outline of an ink blob, then each side is moved onto the frame's own
line (noise specks and letters touching the outline make the blob's box too big), and the
share of each side that carries ink is measured there."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Frame sizes of office stamps: 30-90 mm long, 10-40 mm high; photos show the page smaller
# than the A4 scale the maps assume (the sheet fills ~80% of the shot), so ~25% less.
LONG_MM = (18.0, 95.0)
SHORT_MM = (7.0, 45.0)
# Share of each side of the frame that must carry ink: three sides nearly whole, the fourth
# at least in part (a stamp pressed unevenly leaves one side faint or broken off).
SIDE_COVERAGE = (0.3, 0.75)
MEAN_COVERAGE = 0.7
SAMPLES = 60
# How far (mm) a side may move inward onto the frame's line from the blob's outline.
MAX_INSET_MM = 6.0
# A printed table cell has rulings running across it; a stamp has text and short fill-in
# lines. Lines this close to the frame (mm) are a double frame's inner line.
DOUBLE_FRAME_MM = 2.5
ACROSS_RUN = 0.85
ACROSS_TURNS = (0.0, -1.0, 1.0, -2.0, 2.0)
# A sheared frame's opposite sides: how much their lengths (share) and turns (degrees) may
# differ; a photo's perspective over a stamp's few centimetres changes them little.
PARALLEL_LENGTH = 0.15
PARALLEL_TURN = 5.0


@dataclass(frozen=True)
class Frame:
    """In working-scale pixels: centre, size (``w`` the long side, along ``angle`` degrees)
    and the ink coverage of its four sides."""

    cx: float
    cy: float
    w: float
    h: float
    angle: float
    sides: tuple[float, ...]
    # Drawn all round only as a sheared quadrilateral (``corners``), not as the rectangle.
    sheared: bool = False

    def points(self) -> np.ndarray:
        pts: np.ndarray = cv2.boxPoints(((self.cx, self.cy), (self.w, self.h), self.angle))
        return pts

    def box(self) -> tuple[float, float, float, float]:
        """Axis-aligned box (x, y, w, h) of the turned frame."""
        pts = self.points()
        x0, y0 = pts.min(axis=0)
        x1, y1 = pts.max(axis=0)
        return float(x0), float(y0), float(x1 - x0), float(y1 - y0)

    @property
    def score(self) -> float:
        return float(np.mean(self.sides))

    def slant(self) -> float:
        """The frame's turn folded into [-45, 45) degrees: 0 for a frame square to the image."""
        return (self.angle + 45.0) % 90.0 - 45.0


def _axes(angle: float) -> tuple[np.ndarray, np.ndarray]:
    a = np.radians(angle)
    return np.array([np.cos(a), np.sin(a)]), np.array([-np.sin(a), np.cos(a)])


def _sample(m: np.ndarray, xy: np.ndarray) -> np.ndarray:
    """Map values at float points ``xy[..., 2]`` (nearest pixel; 0 off the map)."""
    h, w = m.shape
    ix, iy = np.rint(xy[..., 0]).astype(np.int32), np.rint(xy[..., 1]).astype(np.int32)
    inside = (ix >= 0) & (ix < w) & (iy >= 0) & (iy < h)
    out: np.ndarray = np.where(inside, m[np.clip(iy, 0, h - 1), np.clip(ix, 0, w - 1)], 0.0)
    return out


def side_coverage(m: np.ndarray, pts: np.ndarray, band: float, thr: float) -> list[float]:
    """Per side of the quadrilateral ``pts``, the share of points along it with ink within
    ``band`` across the side."""
    out = []
    centre = pts.mean(axis=0)
    t = np.linspace(0.08, 0.92, SAMPLES)[:, None]
    for i in range(4):
        a, b = pts[i], pts[(i + 1) % 4]
        line = a + (b - a) * t
        normal = centre - (a + b) / 2
        normal /= max(float(np.hypot(*normal)), 1e-6)
        offsets = np.linspace(-band, band, 5)[None, :, None] * normal
        vals = _sample(m, line[:, None, :] + offsets)
        # Faint frames on photos sit near the noise pixel by pixel but run on along the
        # side: judge each point by its stretch of the side (~1/12 of it).
        across = np.convolve(vals.max(axis=1), np.ones(5) / 5, mode="same")
        out.append(float((across > thr).mean()))
    return out


def _line_cover(ink: np.ndarray, centre: np.ndarray, normal: np.ndarray, along: np.ndarray,
                half: float, offsets: np.ndarray) -> np.ndarray:
    """Per offset along ``normal`` from ``centre``, the share of a line of half-length
    ``half`` (parallel to ``along``) that lies on ink (one pixel either side counts)."""
    t = np.linspace(-0.84, 0.84, SAMPLES) * half
    base = centre + offsets[:, None, None] * normal + t[None, :, None] * along
    near = np.stack([base + s * normal for s in (-1.0, 0.0, 1.0)])
    cover: np.ndarray = (_sample(ink, near) > 0).any(axis=0).mean(axis=1)
    return cover


def refine(ink: np.ndarray, cx: float, cy: float, w: float, h: float, angle: float,
           px_per_mm: float) -> tuple[float, float, float, float, float]:
    """Move each side of the rectangle inward onto the outermost line that runs along it."""
    if w < h:  # keep ``w`` the long side
        w, h, angle = h, w, angle + 90.0
    u, v = _axes(angle)
    c = np.array([cx, cy])
    steps = np.arange(-0.4 * px_per_mm, min(MAX_INSET_MM * px_per_mm, 0.3 * h), 1.0)
    moved = []
    for normal, along, ext, half in ((u, v, w / 2, h / 2), (-u, v, w / 2, h / 2),
                                     (v, u, h / 2, w / 2), (-v, u, h / 2, w / 2)):
        cover = _line_cover(ink, c, normal, along, half, ext - steps)
        best = float(cover.max())
        ok = np.nonzero(cover >= max(0.5, 0.8 * best))[0]
        moved.append(float(steps[ok[0]]) if len(ok) else 0.0)
    right, left, bottom, top = moved
    c = c + u * (left - right) / 2 + v * (top - bottom) / 2
    return float(c[0]), float(c[1]), w - left - right, h - top - bottom, angle


def ruled_across(ink: np.ndarray, f: Frame, px_per_mm: float) -> bool:
    """Whether a continuous line crosses the frame's inside from side to side (a table's
    ruling), beyond a double frame's inner line. The line may run a little off the frame's
    turn: a photo's perspective turns a table's rulings against its outline (a codes table
    on a photo, its rows 1 degree off the rectangle fitted round it, stood as a stamp)."""
    c = np.array([f.cx, f.cy])
    edge = DOUBLE_FRAME_MM * px_per_mm
    for turn in ACROSS_TURNS:
        u, v = _axes(f.angle + turn)
        for normal, along, ext, half in ((u, v, f.w / 2, f.h / 2), (v, u, f.h / 2, f.w / 2)):
            if ext <= edge:
                continue
            offsets = np.arange(-ext + edge, ext - edge, 1.0)
            if len(offsets) and float(_line_cover(ink, c, normal, along, half, offsets).max()) \
                    >= ACROSS_RUN:
                return True
    return False


def fits(f: Frame, px_per_mm: float) -> bool:
    long_, short = f.w / px_per_mm, f.h / px_per_mm
    return LONG_MM[0] <= long_ <= LONG_MM[1] and SHORT_MM[0] <= short <= SHORT_MM[1]


def closed(sides: tuple[float, ...]) -> bool:
    weakest, second = sorted(sides)[:2]
    return weakest >= SIDE_COVERAGE[0] and second >= SIDE_COVERAGE[1] \
        and float(np.mean(sides)) >= MEAN_COVERAGE


def frame_of(m: np.ndarray, ink: np.ndarray, contour: np.ndarray, px_per_mm: float,
             thr: float, sheared: bool = False) -> Frame | None:
    """The frame round an ink blob's outline, when it is a stamp's size and drawn all round.
    ``sheared``: a frame whose sides do not meet square (``corners``) counts too."""
    (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
    if max(w, h) / px_per_mm < LONG_MM[0] or min(w, h) / px_per_mm < SHORT_MM[0]:
        return None
    cx, cy, w, h, angle = refine(ink, cx, cy, w, h, angle, px_per_mm)
    f = Frame(cx, cy, w, h, angle, ())
    if not fits(f, px_per_mm):
        return None
    sides = tuple(side_coverage(m, f.points(), 0.4 * px_per_mm, thr))
    if closed(sides):
        return Frame(cx, cy, w, h, angle, sides)
    if not sheared:
        return None
    quad = corners(contour, f)
    if not parallelogram(quad, px_per_mm):
        return None
    sides = tuple(side_coverage(m, quad, 0.4 * px_per_mm, thr))
    # All four sides whole: a broken side on a sheared outline is too like a scribble's.
    if min(sides) < SIDE_COVERAGE[1] or not closed(sides):
        return None
    # The box round the corners, not the outline's: a scanner streak stuck to the frame
    # stretches the outline (and the rectangle fitted to it) far past the frame.
    (cx, cy), (w, h), angle = cv2.minAreaRect(quad)
    if w < h:
        w, h, angle = h, w, angle + 90.0
    return Frame(cx, cy, w, h, angle, sides, True)


def parallelogram(quad: np.ndarray, px_per_mm: float) -> bool:
    """Whether four corners make a frame sheared by a photo: opposite sides as long and as
    turned as each other, the short ones a stamp's height (a pen's scribble reaching out to
    a line gives corners two at a time, sides of a few pixels)."""
    sides = np.roll(quad, -1, axis=0) - quad
    lengths = np.hypot(sides[:, 0], sides[:, 1])
    if lengths.min() < SHORT_MM[0] * px_per_mm:
        return False
    for i in (0, 1):
        a, b = lengths[i], lengths[i + 2]
        turn = np.degrees(np.arctan2(sides[i, 1], sides[i, 0])
                          - np.arctan2(-sides[i + 2, 1], -sides[i + 2, 0]))
        if abs(a - b) > PARALLEL_LENGTH * max(a, b) or abs((turn + 180) % 360 - 180) > \
                PARALLEL_TURN:
            return False
    return True


def corners(contour: np.ndarray, f: Frame) -> np.ndarray:
    """The outline's four corners, each the point reaching farthest toward one corner of the
    fitted rectangle: a photo taken at an angle shears a stamp's frame (its short sides ~7
    degrees off square to the long ones), and the rectangle then runs along two sides only.
    In ``Frame.points`` order, so the sides are measured the same way."""
    pts = contour.reshape(-1, 2).astype(np.float32)
    rect = f.points()
    centre = rect.mean(axis=0)
    out = []
    for corner in rect:
        d = corner - centre
        out.append(pts[int(np.argmax(pts @ (d / max(float(d @ d), 1e-6))))])
    return np.array(out, np.float32)
