"""Ink for the signature search: pen-candidate masks on the working image (with the faint
continuations of strokes) and the rulings that blanks and tables draw through them."""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.components import components as _components
from recognizers.components import labels_only
from recognizers.marks.colors import InkMaps

# Share of the ink threshold down to which ink touching real ink still counts.
FAINT = 0.7
# Share of a ~1.5 mm slice a ruling's row fills (a pen stroke crossing it fills less). The
# crests and troughs of a flat wavy signature blurred on a photo or poor scan fill 65-90% of
# their rows: at 0.65 they were cut out as a ruling and the signature fell apart (dev seed
# 7474, poor scans and photos: signatures found 69 -> 77 of 95).
CORE_FILL = 0.9


def ink_mask(maps: InkMaps, rel: float = 0.45, soften: float = 1.0) -> np.ndarray:
    """Pen-candidate ink: dark ink plus any blue ink, on the sheet only.

    The threshold follows the page's own darkest print, so faded toner on poor scans
    still counts as ink; ``soften`` scales it (and the blue floor) down."""
    return ink_at(maps, darkest(maps), rel, soften)


def darkest(maps: InkMaps) -> float:
    """The page's darkest print (99.7th percentile of a sample of the sheet's ink)."""
    sample = maps.dark[::4, ::4][maps.paper[::4, ::4] > 0]
    return float(np.percentile(sample, 99.7)) if sample.size else 1.0


def ink_at(maps: InkMaps, top: float, rel: float, soften: float) -> np.ndarray:
    ink = maps.dark > max(0.15, min(0.35, rel * top)) * soften
    if maps.colour:
        ink |= maps.blue > 0.10 * soften
    mask: np.ndarray = cv2.bitwise_and(ink.view(np.uint8), maps.paper) * np.uint8(255)
    return mask


def pen_mask(maps: InkMaps, top: float | None = None) -> np.ndarray:
    """Ink with its faint continuations: a thin stroke breaks into dots at the ink threshold
    (on photos and poor scans, and a pen line thinner than print on any scan), and dots read
    as leftover print. Fainter ink is kept where it touches ink above the threshold
    (hysteresis, as edge detectors do). Crisp pages were once left out (faint fringes join
    print to pens); the signatures' own faint strokes weigh more."""
    top = darkest(maps) if top is None else top
    strong = ink_at(maps, top, 0.45, 1.0)
    weak = ink_at(maps, top, 0.45, FAINT)
    # Labels alone (no stats): a third of the labelling's time, the same labels.
    n, labels = labels_only(weak)
    hit = np.zeros(n, np.uint8)
    hit[labels[strong > 0]] = 255  # (repeated labels: no sort for unique ones needed)
    hit[0] = 0
    # Labels are 0 off the weak ink, so the lookup is the kept ink itself.
    return lookup(hit, labels, np.flatnonzero(weak > 0))


def rulings(mask: np.ndarray, px_per_mm: float) -> np.ndarray:
    """Long straight horizontal and vertical strokes: table rules, underlines, scan streaks.

    The mask is thickened across the line first, so lines of a page skewed by a few degrees
    still form long straight runs. Of a horizontal run only the line itself is taken: a flat
    signature's waves along its blank form a run just as long once thickened."""
    long_ = max(15, int(px_per_mm * 10))
    t = max(3, int(px_per_mm * 0.8)) | 1
    thick_h = cv2.dilate(mask, np.ones((t, 1), np.uint8))
    thick_v = cv2.dilate(mask, np.ones((1, t), np.uint8))
    hor = open_rows(thick_h, long_)
    # (Columns: most hold that much ink, and turning the page costs more than it saves.)
    ver = cv2.morphologyEx(thick_v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                             (1, long_)))
    hor = _line_cores(cv2.bitwise_and(cv2.dilate(hor, np.ones((3, 3), np.uint8)), mask),
                      px_per_mm)
    ver = cv2.bitwise_and(cv2.dilate(ver, np.ones((3, 3), np.uint8)), mask)
    return cv2.dilate(cv2.bitwise_or(hor, ver), np.ones((3, 3), np.uint8))


def _line_cores(band: np.ndarray, px_per_mm: float) -> np.ndarray:
    """The line inside the horizontal runs: in every ~1.5 mm slice of columns, the rows
    filled most of the way across (a line fills its row across the slice, a pen stroke
    crossing it a few pixels of each row)."""
    step = max(4, int(px_per_mm * 1.5))
    h, w = band.shape
    pad = (-w) % step
    ink = cv2.copyMakeBorder(band, 0, 0, 0, pad, cv2.BORDER_CONSTANT, value=0) if pad else band
    # Each slice's mean per row (an area resize by a whole factor averages exactly): 255 *
    # CORE_FILL rounds the same way as counting CORE_FILL * step pixels.
    fill = cv2.resize(ink, (ink.shape[1] // step, h), interpolation=cv2.INTER_AREA)
    full = cv2.resize((fill >= CORE_FILL * 255).view(np.uint8), (ink.shape[1], h),
                      interpolation=cv2.INTER_NEAREST)[:, :w]
    out: np.ndarray = cv2.bitwise_and(band, full * np.uint8(255))
    return out


def horizontal_rows(mask: np.ndarray, px_per_mm: float) -> np.ndarray:
    """Only the horizontal rulings (underlines, table rules), skew-tolerant."""
    k = max(15, int(px_per_mm * 10))
    t = max(3, int(px_per_mm * 0.8)) | 1
    thick = cv2.dilate(mask, np.ones((t, 1), np.uint8))
    return open_rows(thick, k)


def open_rows(mask: np.ndarray, length: int) -> np.ndarray:
    """``mask`` opened by a row ``length`` pixels long. Each row opens alone, and only a row
    holding a run of over half that length keeps any ink (a run at the page's edge counts
    the edge as ink): the rows with fewer ink pixels are left out of the opening, most of
    the page's."""
    counts = cv2.reduce(mask, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel()
    rows = np.flatnonzero(counts >= 255 * (length // 2))
    out = np.zeros_like(mask)
    if len(rows):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))
        out[rows] = cv2.morphologyEx(mask[rows], cv2.MORPH_OPEN, kernel)
    return out


def lookup(table: np.ndarray, labels: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``np.take(table, labels)`` for labels that are 0 off the flat indices ``idx`` (the
    ink labelled) and a table whose entry 0 is 0: the lookup on the ink alone, a few percent
    of the page (half the time of taking every pixel)."""
    out = np.zeros(labels.shape, table.dtype)
    out.ravel()[idx] = table[labels.ravel()[idx]]
    return out


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """8-connected components with stats (recognizers.components, without centroids)."""
    n, labels, stats, _ = _components(mask)
    return n, labels, stats
