"""A payment QR whose outer rows the image's edge cut off, read from what is left.

A poor scan fed too high loses the top of a QR printed near the sheet's top: its two top
finders, and with them every decoder's way to the symbol. What is left still fixes the grid:
the symbol's bottom corners (its bottom edge, and a square's side up from it), the bottom-left
finder and the alignment patterns below the cut. The visible modules are sampled as in
``codes_qr`` (the blur's weights fitted on visible function modules only), the cut ones
filled arbitrarily, the function patterns, version and format information drawn anew (each
format consistent with its bits still visible), and zxing-cpp's Reed–Solomon decoding
corrects the cut rows as errors. Cut rows are errors, not erasures, so the margin of
correction is spent on them: a decoding is taken only when it is a ГОСТ Р 56042 payment
string, the only kind of QR this rescue is for. A cut at another edge is read with the crop
turned to bring it on top, the symbol then lying turned (all four turns are tried).
"""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.marks.codes_qr import (
    MIN_GRID_SCORE,
    MIN_OUTLINE_SCORE,
    _homography,
    _refine,
    _zxing_qr,
    dense_block,
    function_modules,
    modules,
    render,
)

# A format candidate is tried when at most this many of its visible bits disagree with the
# sampled ones (of 7-15; the BCH code's distance is 7).
MAX_FORMAT_MISMATCH = 2
GOST_PREFIX = b"ST0001"


def _bch(value: int, poly: int, degree: int) -> int:
    rem = value << degree
    top = poly.bit_length() - 1
    while rem.bit_length() - 1 >= top:
        rem ^= poly << (rem.bit_length() - 1 - top)
    return (value << degree) | rem


def format_bits(level: int, mask: int) -> int:
    """The 15 format bits of error-correction ``level`` (the standard's indicator: M 0,
    L 1, H 2, Q 3) and ``mask``."""
    return _bch((level << 3) | mask, 0x537, 10) ^ 0x5412


def format_cells(size: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(row, column) of format bit i in its two copies (bit 0 first)."""
    first = [(i, 8) if i < 6 else (i + 1, 8) if i < 8 else (size - 15 + i, 8)
             for i in range(15)]
    second = [(8, size - 1 - i) if i < 8 else (8, 15 - i) if i < 9 else (8, 14 - i)
              for i in range(15)]
    return first, second


def _with_version(bits: np.ndarray, version: int) -> None:
    if version < 7:
        return
    size = 17 + 4 * version
    word = _bch(version, 0x1F25, 12)
    for i in range(18):
        bit = bool((word >> i) & 1)
        bits[i // 3, size - 11 + i % 3] = bit
        bits[size - 11 + i % 3, i // 3] = bit


def _formats(sampled: np.ndarray, seen: np.ndarray) -> list[int]:
    """Format words consistent with the visible format modules, fewest mismatches first."""
    size = sampled.shape[0]
    cells = [c for copy in format_cells(size) for c in enumerate(copy)]
    scored = []
    for level in range(4):
        for mask in range(8):
            word = format_bits(level, mask)
            bad = sum(bool((word >> i) & 1) != sampled[r, c] for i, (r, c) in cells if seen[r, c])
            if bad <= MAX_FORMAT_MISMATCH:
                scored.append((bad, level != 0, word))  # level M (the generator's) first
    return [word for *_, word in sorted(scored)]


def _quad(gray: np.ndarray, px_per_mm: float) -> np.ndarray | None:
    """The symbol's four corners (clockwise from the top left, the top ones above the crop)
    from its bottom edge: the largest dense block's lowest-left and lowest-right corners."""
    block = dense_block(gray, px_per_mm, keep_border=True)
    if block is None:
        return None
    hull = block.reshape(-1, 2).astype(np.float32)
    if hull[:, 1].min() > 2:  # the block does not reach the crop's top: not cut
        return None
    bl = hull[int(np.argmax(hull[:, 1] - hull[:, 0]))]
    br = hull[int(np.argmax(hull[:, 1] + hull[:, 0]))]
    side = br - bl
    up = np.array([side[1], -side[0]], np.float32)  # the bottom edge turned a quarter
    return np.array([bl + up, br + up, br, bl], np.float32)


def _seen(h: np.ndarray, size: int, margin: float) -> np.ndarray:
    """Modules whose centre lies ``margin`` px or more below the crop's top."""
    rows, cols = np.mgrid[0:size, 0:size]
    uv = np.stack([cols.ravel() + 0.5, rows.ravel() + 0.5], axis=1).astype(np.float32)
    pts = cv2.perspectiveTransform(uv.reshape(-1, 1, 2), h).reshape(-1, 2)
    out: np.ndarray = (pts[:, 1] >= margin).reshape(size, size)
    return out


def _symbols(bits: np.ndarray, seen: np.ndarray, version: int) -> list[np.ndarray]:
    """Clean symbols to decode: the sampled modules, the cut ones filled arbitrarily, the
    function patterns and version drawn, one per format candidate."""
    size = bits.shape[0]
    known, dark = function_modules(version)
    fill = np.random.default_rng(size).random((size, size)) < 0.5
    base = np.where(seen, bits, fill)
    base = np.where(known, dark, base)
    _with_version(base, version)
    out = []
    for word in _formats(bits, seen):
        sym = base.copy()
        for copy in format_cells(size):
            for i, (r, c) in enumerate(copy):
                sym[r, c] = bool((word >> i) & 1)
        out.append(sym)
    return out


def read_cut_qr(gray: np.ndarray, px_per_mm: float) -> tuple[bytes, np.ndarray] | None:
    """(payload, symbol corners in crop pixels, the top ones above it) of a payment QR whose
    top rows (in the crop: the symbol may lie turned) the crop's top edge cut off."""
    quad = _quad(gray, px_per_mm)
    if quad is None:
        return None
    side = float(np.linalg.norm(quad[2] - quad[3]))
    # Above the crop, light: the cut finders and alignment patterns then fit nothing.
    pad = int(side)
    img = np.pad(gray.astype(np.float32), ((pad, 0), (0, 0)),
                 constant_values=float(np.percentile(gray, 90)))
    quad = quad + np.array([0, pad], np.float32)
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], np.float32)
    # As in ``codes_qr``: neighbouring versions fit alike before the grid is refined, so
    # the two likeliest are refined and the better fit read first. So are the symbol's four
    # turns (a sheet fed upside down and turned upright has its cut below), which fit alike
    # too with a finder or two left: the two likeliest versions of each turn are refined
    # (synthetic cut poor scans: the right one came 3rd-5th of all before refining, first
    # after, 0.76-0.99 against 0.50-0.77).
    refined = []
    for turn in range(4):
        fits = []
        for version in range(2, 41):
            size = 17 + 4 * version
            if 1.2 <= side / size <= 6:
                h = _homography(quad, size, turn)
                fits.append((_visible_score(img, version, h, pad), version, h))
        for score, version, h in sorted(fits, key=lambda t: -t[0])[:2]:
            if score >= MIN_OUTLINE_SCORE:
                h = _refine(img, version, _refine(img, version, h, 1.5), 0.5)
                refined.append((_visible_score(img, version, h, pad), version, h))
    for score, version, h in sorted(refined, key=lambda t: -t[0]):
        if score < MIN_GRID_SCORE:
            continue
        size = 17 + 4 * version
        read = _decode(img, version, h, _seen(h, size, pad + 1.0))
        if read is not None:
            corners = cv2.perspectiveTransform((square * size).reshape(-1, 1, 2), h)
            return read, corners.reshape(4, 2) - np.array([0, pad], np.float32)
    return None


def _visible_score(img: np.ndarray, version: int, h: np.ndarray, pad: int) -> float:
    """Correlation of darkness with the function patterns, over their visible modules."""
    size = 17 + 4 * version
    known, dark = function_modules(version)
    mask = known & _seen(h, size, pad + 1.0)
    rows, cols = np.nonzero(mask)
    if len(rows) < 50:
        return 0.0
    uv = np.stack([cols + 0.5, rows + 0.5], axis=1).astype(np.float32).reshape(-1, 1, 2)
    pts = cv2.perspectiveTransform(uv, h).reshape(-1, 2)
    vals = cv2.remap(img, pts[:, 0].reshape(1, -1), pts[:, 1].reshape(1, -1),
                     cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE).ravel()
    if vals.std() < 1e-6:
        return 0.0
    return float(np.corrcoef(-vals, dark[mask].astype(np.float32))[0, 1])


def _decode(img: np.ndarray, version: int, h: np.ndarray, seen: np.ndarray) -> bytes | None:
    for bias in (0.0, 0.1, -0.1):
        bits = modules(img, version, h, bias, seen)
        for sym in _symbols(bits, seen, version):
            data = _zxing_qr(render(sym))
            if data and data.startswith(GOST_PREFIX):
                return data
    return None


def read_cut_qr_at(gray: np.ndarray, px_per_mm: float,
                   edges: tuple[bool, bool, bool, bool]) -> tuple[bytes, np.ndarray] | None:
    """``read_cut_qr`` for a crop whose (top, right, bottom, left) ``edges`` are the image's:
    the crop turned so that each in turn is on top, the corners turned back."""
    h, w = gray.shape
    for turns, (edge, back) in enumerate(zip(edges, (
            lambda x, y: (x, y), lambda x, y: (w - 1 - y, x),
            lambda x, y: (w - 1 - x, h - 1 - y), lambda x, y: (y, h - 1 - x)), strict=True)):
        if not edge:
            continue
        # np.rot90 turns counter-clockwise: one turn brings the right edge on top.
        read = read_cut_qr(np.ascontiguousarray(np.rot90(gray, turns)), px_per_mm)
        if read is not None:
            data, corners = read
            return data, np.array([back(float(x), float(y)) for x, y in corners], np.float32)
    return None


__all__ = ["format_bits", "format_cells", "read_cut_qr", "read_cut_qr_at"]
