"""The sheet's outline on a photo: four corners of the page against its background.

Brightness alone cannot tell the page from the background: the photo's light falls off across
the sheet (its shaded side is darker than a pale tabletop) and a bright background merges with
the lit side. The sheet's edge is, however, the one long sharp step in the picture once the
print is closed away: the background's grain and the light's fall-off are soft. So the page is
the region enclosed by strong edges, and its corners come from that region's outline.
"""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.components import components

WORK_WIDTH = 600
# A page outline must cover this share of a photo to be trusted as the sheet's edge.
MIN_PAGE_AREA = 0.3
MAX_PAGE_AREA = 0.97
# Closing wider than a printed stroke at WORK_WIDTH (text, rulings, signatures, stamps) leaves
# only the paper's brightness.
INK_CLOSE = 7
# Sobel magnitude (3×3) over which a pixel is an edge; the sheet's step is ~4× its contrast in
# grey levels (≥ 30 even on a dim side), a blurred background grain stays well under it.
EDGE_FLOOR = 60.0
# The region's outline must be this close to its 4-corner polygon (area ratio).
MIN_QUAD_FILL = 0.93
# Outline pixels within this distance (WORK_WIDTH pixels) of a rough side belong to it.
SIDE_BAND = 6.0
# Neighbouring hull stretches turning by less than this (degrees) are one side.
MAX_BEND = 12.0
FRAME_BAND = 4
# A sheet whose every side lies this close to the frame (share of its size) is a scan.
FRAME_MARGIN = 0.025


def page_outline(gray: np.ndarray) -> np.ndarray | None:
    """Corners (tl, tr, br, bl) of a sheet photographed on a background, in ``gray``'s pixels
    (a corner the frame cut off lies outside the image); None when no sheet edge is visible."""
    small, scale = _working_copy(gray)
    outline = _enclosed_region(small)
    if outline is None:
        return None
    corners = _fitted_corners(outline, small.shape)
    if corners is None or _fills_frame(corners, small.shape):
        return None
    return corners / scale


def _working_copy(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """``gray`` at WORK_WIDTH: a whole-factor INTER_AREA first (a few ms on a 300 dpi page,
    where a direct fractional one costs tens), then a small fractional step."""
    factor = max(1, gray.shape[1] // WORK_WIDTH)
    coarse = cv2.resize(gray, (gray.shape[1] // factor, gray.shape[0] // factor),
                        interpolation=cv2.INTER_AREA) if factor > 1 else gray
    scale = WORK_WIDTH / coarse.shape[1]
    small = cv2.resize(coarse, (WORK_WIDTH, max(1, round(coarse.shape[0] * scale))),
                       interpolation=cv2.INTER_AREA)
    return small, scale / factor


def _fills_frame(corners: np.ndarray, shape: tuple[int, ...]) -> bool:
    """A scan: the sheet's sides run along the frame (within FRAME_MARGIN), nothing to crop;
    a slight tilt is deskew's job, without a perspective warp's resampling."""
    h, w = shape[:2]
    mids = (corners + np.roll(corners, -1, axis=0)) / 2  # top, right, bottom, left
    gaps = (mids[0, 1], w - mids[1, 0], h - mids[2, 1], mids[3, 0])
    return max(gaps) < FRAME_MARGIN * min(h, w)


def _enclosed_region(small: np.ndarray) -> np.ndarray | None:
    """Outline of the largest area fenced by strong edges or the frame."""
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((INK_CLOSE, INK_CLOSE), np.uint8))
    gx = cv2.Sobel(paper, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(paper, cv2.CV_32F, 0, 1, ksize=3)
    # Squared in numpy, not cv2.magnitude: OpenCV's vector and scalar paths round the root
    # differently, so its result moved with the arrays' memory alignment and the same photo
    # came out with a pixel more or less of edge, another warp and another OCR reading.
    strong = (gx * gx + gy * gy > EDGE_FLOOR ** 2).astype(np.uint8)
    # Close one-pixel gaps in the sheet's edge where its contrast dips; the frame fences too
    # (a photo may cut the sheet's corners).
    edges: np.ndarray = cv2.dilate(strong, np.ones((3, 3), np.uint8))
    # A band, not a line: where the sheet meets the frame its edge fades into a sliver of
    # background that would join the sheet to the rest of the background.
    band = FRAME_BAND
    edges[:band, :] = edges[-band:, :] = edges[:, :band] = edges[:, -band:] = 1
    count, labels, stats, _c = components(1 - edges, connectivity=4)
    if count < 2:
        return None
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    h, w = small.shape
    area = stats[best, cv2.CC_STAT_AREA]
    if not MIN_PAGE_AREA * h * w <= area <= MAX_PAGE_AREA * h * w:
        return None
    mask = (labels == best).astype(np.uint8)
    contours, _h = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    outline: np.ndarray = max(contours, key=cv2.contourArea)
    return outline


def _sides(outline: np.ndarray, shape: tuple[int, ...]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The outline's four sides in order, each as (start, end): the longest stretches of its
    convex hull, a stretch along the frame (a sheet cut by the photo) counting only when the
    sheet shows fewer than four of its own."""
    h, w = shape[:2]
    hull = cv2.convexHull(outline)
    poly = cv2.approxPolyDP(hull, 0.01 * cv2.arcLength(hull, True), True).reshape(-1, 2)
    poly = poly.astype(np.float32)
    segments = [(poly[i], poly[(i + 1) % len(poly)]) for i in range(len(poly))]
    segments = _merge_collinear(segments)
    own = [not _on_frame(a, b, w, h) for a, b in segments]
    length = [float(np.hypot(*(b - a))) for a, b in segments]
    order = sorted(range(len(segments)), key=lambda i: (own[i], length[i]), reverse=True)
    keep = sorted(order[:4])
    return [segments[i] for i in keep]


def _merge_collinear(segments: list[tuple[np.ndarray, np.ndarray]]
                     ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Join neighbouring stretches that turn by under MAX_BEND (one side of a slightly curled
    or blurred sheet)."""
    merged = list(segments)
    changed = True
    while changed and len(merged) > 4:
        changed = False
        for i in range(len(merged)):
            (a, b), (c, d) = merged[i], merged[(i + 1) % len(merged)]
            u, v = b - a, d - c
            cos = float(u @ v) / max(float(np.hypot(*u) * np.hypot(*v)), 1e-6)
            if cos > np.cos(np.deg2rad(MAX_BEND)):
                merged[i] = (a, d)
                del merged[(i + 1) % len(merged)]
                changed = True
                break
    return merged


def _on_frame(a: np.ndarray, b: np.ndarray, w: int, h: int) -> bool:
    near = FRAME_BAND + 2
    return bool((a[0] <= near and b[0] <= near) or (a[1] <= near and b[1] <= near)
                or (a[0] >= w - 1 - near and b[0] >= w - 1 - near)
                or (a[1] >= h - 1 - near and b[1] >= h - 1 - near))


def _fitted_corners(outline: np.ndarray, shape: tuple[int, ...]) -> np.ndarray | None:
    """Corners where lines fitted to each side's own edge pixels meet: sharper than the hull's
    vertices, and a corner the frame cut off comes out where the sheet's sides meet."""
    h, w = shape[:2]
    sides = _sides(outline, shape)
    if len(sides) != 4:
        return None
    pts = outline.reshape(-1, 2).astype(np.float32)
    m = FRAME_BAND + 1
    inside = (pts[:, 0] > m) & (pts[:, 0] < w - 1 - m) & (pts[:, 1] > m) & (pts[:, 1] < h - 1 - m)
    lines = []
    for a, b in sides:
        side = b - a
        length = max(float(np.hypot(*side)), 1e-6)
        normal = np.array([-side[1], side[0]]) / length
        along = (pts - a) @ side / length ** 2
        near = (np.abs((pts - a) @ normal) < SIDE_BAND) & (along > 0.05) & (along < 0.95)
        near &= inside
        if near.sum() < 0.3 * length:
            lines.append((a, side / length))  # along the frame, or too little of it shows
            continue
        vx, vy, x0, y0 = cv2.fitLine(pts[near], cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0]), np.array([vx, vy])))
    corners = [_meet(lines[(i - 1) % 4], lines[i]) for i in range(4)]
    if any(c is None for c in corners):
        return None
    quad = np.array(corners, dtype=np.float32)
    if cv2.contourArea(outline) < MIN_QUAD_FILL * cv2.contourArea(_clip(quad, w, h)):
        return None
    margin = 0.15 * max(h, w)
    if (quad < -margin).any() or (quad[:, 0] > w + margin).any() or (
            quad[:, 1] > h + margin).any():
        return None
    return _order(quad)


def _clip(quad: np.ndarray, w: int, h: int) -> np.ndarray:
    """The part of the quadrilateral inside the frame (what the region can cover)."""
    frame = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    _area, inter = cv2.intersectConvexConvex(_order(quad), frame)
    return inter if inter is not None and len(inter) >= 3 else quad


def _meet(first: tuple[np.ndarray, np.ndarray],
          second: tuple[np.ndarray, np.ndarray]) -> np.ndarray | None:
    (p, u), (q, v) = first, second
    det = u[0] * -v[1] + v[0] * u[1]
    if abs(det) < 0.3:  # sides meeting at under ~17 degrees: not a sheet's corner
        return None
    t = ((q[0] - p[0]) * -v[1] + v[0] * (q[1] - p[1])) / det
    return np.asarray(p + t * u, dtype=np.float32)


def _order(pts: np.ndarray) -> np.ndarray:
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
                    dtype=np.float32)
