"""Dense QR codes too blurred for the decoders' own sampling, read module by module.

A payment QR (ГОСТ Р 56042) of about 100 modules photographed at 150 dpi has 1.5–2 px a
module and a pixel of blur: zbar and zxing binarise the image first, and a thin module
between two of the other colour never crosses their threshold. Here the symbol's grid is
found instead (its outline, then the finder and alignment patterns it must hold, whose
positions fix the perspective to a fraction of a module), every module's centre is sampled,
and the blur's spill from the neighbouring modules is taken out with weights learnt on the
modules the standard fixes (finders, timing, alignment). The modules are drawn again as a
clean symbol for zxing-cpp, whose Reed–Solomon decoding corrects what is still wrong; a
misread symbol fails its error correction, so no false text comes out of it.
"""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.components import components

# The function patterns must correlate this well with the grid laid over the block's outline
# for the grid to be refined (synthetic photos: 0.26-0.86, a block of print about 0), and
# this well with the refined grid for its modules to be read (photos: 0.54-0.9).
MIN_OUTLINE_SCORE = 0.1
MIN_GRID_SCORE = 0.4


def _alignment_centres(version: int) -> list[int]:
    """Rows (and columns) of the alignment patterns' centres (ISO/IEC 18004 table E.1, from
    the formula that generates it)."""
    if version == 1:
        return []
    n = version // 7 + 2
    size = 17 + 4 * version
    step = 26 if version == 32 else (version * 4 + n * 2 + 1) // (n * 2 - 2) * 2
    return [6] + [size - 7 - i * step for i in reversed(range(n - 1))]


def function_modules(version: int) -> tuple[np.ndarray, np.ndarray]:
    """(known, dark) module maps of the patterns every symbol of ``version`` holds."""
    size = 17 + 4 * version
    known = np.zeros((size, size), bool)
    dark = np.zeros((size, size), bool)
    for r0, c0 in ((0, 0), (0, size - 7), (size - 7, 0)):
        # Finder with its white separator (clipped at the symbol's edge).
        rs, cs = slice(max(r0 - 1, 0), r0 + 8), slice(max(c0 - 1, 0), c0 + 8)
        known[rs, cs] = True
        dark[r0:r0 + 7, c0:c0 + 7] = True
        dark[r0 + 1:r0 + 6, c0 + 1:c0 + 6] = False
        dark[r0 + 2:r0 + 5, c0 + 2:c0 + 5] = True
    known[6, 8:size - 8] = known[8:size - 8, 6] = True
    dark[6, 8:size - 8:2] = dark[8:size - 8:2, 6] = True
    centres = _alignment_centres(version)
    for r in centres:
        for c in centres:
            if (r, c) in ((6, 6), (6, size - 7), (size - 7, 6)):
                continue  # where a finder is
            known[r - 2:r + 3, c - 2:c + 3] = True
            dark[r - 2:r + 3, c - 2:c + 3] = True
            dark[r - 1:r + 2, c - 1:c + 2] = False
            dark[r, c] = True
    known[size - 8, 8] = dark[size - 8, 8] = True
    return known, dark


def dense_block(gray: np.ndarray, px_per_mm: float, *, keep_border: bool = False
                ) -> np.ndarray | None:
    """The convex hull of the largest dense dark block in the crop (modules closed into one
    block); ``keep_border``: pieces touching the crop's border stay (a symbol the page's edge
    cut off touches it)."""
    blur = cv2.GaussianBlur(gray, (0, 0), 1.0)
    _, ink = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if not keep_border:
        ink = _off_the_border(ink)
    k = max(3, int(px_per_mm))
    solid = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                             (k, k)))
    contours, _ = cv2.findContours(solid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    hull: np.ndarray = cv2.convexHull(max(contours, key=cv2.contourArea))
    return hull


def _outline(gray: np.ndarray, px_per_mm: float) -> np.ndarray | None:
    """The four corners (clockwise, float32) of the largest dense dark block in the crop."""
    hull = dense_block(gray, px_per_mm)
    if hull is None:
        return None
    quad = None
    for eps in (0.02, 0.04, 0.06, 0.1):
        approx = cv2.approxPolyDP(hull, eps * cv2.arcLength(hull, True), True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype(np.float32)
            break
    if quad is None:
        quad = cv2.boxPoints(cv2.minAreaRect(hull)).astype(np.float32)
    # Clockwise from the corner nearest the crop's top left.
    centre = quad.mean(axis=0)
    order = np.argsort(np.arctan2(quad[:, 1] - centre[1], quad[:, 0] - centre[0]))
    quad = quad[order]
    start = int(np.argmin(quad.sum(axis=1)))
    return np.roll(quad, -start, axis=0)


def _off_the_border(ink: np.ndarray) -> np.ndarray:
    """Ink less its pieces that reach the crop's border: the code lies inside its margin, and
    a ruling or a photo's dark table beside it would otherwise be welded to its outline."""
    n, labels, stats, _ = components(ink)
    h, w = ink.shape
    x0, y0 = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    x1, y1 = x0 + stats[:, cv2.CC_STAT_WIDTH], y0 + stats[:, cv2.CC_STAT_HEIGHT]
    keep = ~((x0 == 0) | (y0 == 0) | (x1 == w) | (y1 == h))
    keep[0] = False
    if n < 2 or not keep.any():
        return ink
    out: np.ndarray = np.where(keep[labels], 255, 0).astype(np.uint8)
    return out


def _sample(img: np.ndarray, h: np.ndarray, uv: np.ndarray) -> np.ndarray:
    """Image values (bilinear) at module coordinates ``uv`` (n×2, columns then rows)."""
    pts = cv2.perspectiveTransform(uv.reshape(-1, 1, 2).astype(np.float32), h).reshape(-1, 2)
    out = cv2.remap(img, pts[:, 0].reshape(1, -1).astype(np.float32),
                    pts[:, 1].reshape(1, -1).astype(np.float32), cv2.INTER_LINEAR,
                    borderMode=cv2.BORDER_REPLICATE)
    return np.asarray(out, np.float32).ravel()


def _grid(size: int) -> np.ndarray:
    rows, cols = np.mgrid[0:size, 0:size]
    return np.stack([cols.ravel() + 0.5, rows.ravel() + 0.5], axis=1).astype(np.float32)


def _score(values: np.ndarray, dark: np.ndarray) -> float:
    """Correlation of darkness with the expected dark modules."""
    if values.std() < 1e-6:
        return 0.0
    return float(np.corrcoef(-values, dark.astype(np.float32))[0, 1])


def _homography(quad: np.ndarray, size: int, turn: int) -> np.ndarray:
    square = np.array([[0, 0], [size, 0], [size, size], [0, size]], np.float32)
    return cv2.getPerspectiveTransform(np.roll(square, turn, axis=0), quad)


def _grids(img: np.ndarray, quad: np.ndarray) -> list[tuple[float, int, np.ndarray]]:
    """(score, version, module→image homography) of the symbols ``quad`` may hold, best
    first: for each version, its likeliest turn."""
    side = float(np.mean([np.linalg.norm(quad[i] - quad[(i + 1) % 4]) for i in range(4)]))
    out = []
    for version in range(1, 41):
        size = 17 + 4 * version
        if not 1.1 <= side / size <= 6:
            continue
        known, dark = function_modules(version)
        uv = _grid(size)[known.ravel()]
        scored = []
        for turn in range(4):
            h = _homography(quad, size, turn)
            scored.append((_score(_sample(img, h, uv), dark[known]), version, h))
        out.append(max(scored, key=lambda t: t[0]))
    return sorted(out, key=lambda t: -t[0])


def _fitted_score(img: np.ndarray, version: int, h: np.ndarray) -> float:
    known, dark = function_modules(version)
    return _score(_sample(img, h, _grid(17 + 4 * version)[known.ravel()]), dark[known])


def _anchors(version: int) -> list[tuple[float, float, int]]:
    """(column, row) centres of the finders and alignment patterns, with their half size."""
    size = 17 + 4 * version
    out = [(3.5, 3.5, 4), (size - 3.5, 3.5, 4), (3.5, size - 3.5, 4)]
    centres = _alignment_centres(version)
    for r in centres:
        for c in centres:
            if (r, c) not in ((6, 6), (6, size - 7), (size - 7, 6)):
                out.append((c + 0.5, r + 0.5, 2))
    return out


def _refine(img: np.ndarray, version: int, h: np.ndarray, reach: float) -> np.ndarray:
    """The homography fitted to where each anchor pattern matches best within ``reach``
    modules of where ``h`` puts it."""
    size = 17 + 4 * version
    known, dark = function_modules(version)
    steps = np.arange(-reach, reach + 1e-6, 0.25, dtype=np.float32)
    shifts = np.stack(np.meshgrid(steps, steps), axis=-1).reshape(-1, 2)
    src, dst = [], []
    for cu, cv, half in _anchors(version):
        r0, c0 = int(cv) - half, int(cu) - half
        rows, cols = np.mgrid[max(r0, 0):min(r0 + 2 * half + 1, size),
                              max(c0, 0):min(c0 + 2 * half + 1, size)]
        sel = known[rows, cols]
        cells = np.stack([cols[sel] + 0.5, rows[sel] + 0.5], axis=1).astype(np.float32)
        want = dark[rows, cols][sel].astype(np.float32)
        values = _sample(img, h, (cells[None, :, :] + shifts[:, None, :]).reshape(-1, 2))
        values = values.reshape(len(shifts), -1)
        v = values - values.mean(axis=1, keepdims=True)
        w = want - want.mean()
        corr = -(v @ w) / (np.linalg.norm(v, axis=1) * np.linalg.norm(w) + 1e-6)
        best = int(np.argmax(corr))
        if corr[best] < 0.5:
            continue
        src.append((cu, cv))
        dst.append(cv2.perspectiveTransform(
            np.array([[[cu + shifts[best, 0], cv + shifts[best, 1]]]], np.float32), h)[0, 0])
    if len(src) < 4:
        return h
    fitted, _ = cv2.findHomography(np.array(src, np.float32), np.array(dst, np.float32),
                                   cv2.RANSAC, 1.5)
    return h if fitted is None else fitted


# Neighbour classes of a module by offset: the blur spills alike from all of a class.
_RINGS = (((0, 1), (1, 0), (0, -1), (-1, 0)), ((1, 1), (1, -1), (-1, 1), (-1, -1)))
_PAD = 1


def _ring_sums(m: np.ndarray) -> list[np.ndarray]:
    """Per module, the sum of each neighbour class (``m`` padded by _PAD; same shape out)."""
    p = np.pad(m, _PAD)
    n0, n1 = m.shape
    return [np.sum([p[_PAD + dr:_PAD + dr + n0, _PAD + dc:_PAD + dc + n1] for dr, dc in ring],
                   axis=0) for ring in _RINGS]


# Soft passes (each moving halfway to its new estimate: a full step oscillates between
# neighbours that explain each other's darkness) and hard ones. Synthetic 150 dpi photos of
# 85-89 module payment codes: full steps 17 of 20 decoded, half steps 20.
SOFT, HARD, DAMP = 10, 3, 0.5


def modules(img: np.ndarray, version: int, h: np.ndarray, bias: float = 0.0,
            seen: np.ndarray | None = None) -> np.ndarray:
    """Dark modules (bool, rows × columns) sampled at their centres, the spill of blur from
    their neighbours taken out. The weights of a module and of its neighbours are fitted on
    the modules the standard fixes (with the quiet zone, light, around the symbol), of those
    ``seen`` (rows × columns) if given: a symbol the image's edge cut (``codes_qr_cut``)."""
    size = 17 + 4 * version
    known, dark = function_modules(version)
    known = np.pad(known, _PAD, constant_values=True)
    dark = np.pad(dark, _PAD).astype(np.float32)
    n = size + 2 * _PAD
    s = _sample(img, h, _grid(n) - _PAD).reshape(n, n)
    s = (s - s.mean()) / (s.std() + 1e-6)
    kn = known.astype(np.float32)
    full = [k == len(ring) for k, ring in zip(_ring_sums(kn), _RINGS, strict=True)]
    fit = known & np.logical_and.reduce(full)
    fit[:_PAD, :] = fit[-_PAD:, :] = fit[:, :_PAD] = fit[:, -_PAD:] = False
    if seen is not None:
        fit &= np.pad(seen, _PAD, mode="edge")
    rows, cols = np.mgrid[0:n, 0:n].astype(np.float32) / size
    feats = np.stack([np.ones_like(rows), rows, cols, dark, *_ring_sums(dark)], axis=-1)
    coef, *_ = np.linalg.lstsq(feats[fit], s[fit], rcond=None)
    base = coef[0] + coef[1] * rows + coef[2] * cols
    m = np.where(known, dark, 0.5).astype(np.float32)
    for i in range(SOFT + HARD):
        spill = sum(c * r for c, r in zip(coef[4:], _ring_sums(m), strict=True))
        est = (s - base - spill) / coef[3] + bias
        est = np.clip(est, 0, 1) if i < SOFT else (est > 0.5).astype(np.float32)
        m = np.where(known, dark, DAMP * est + (1 - DAMP) * m if i < SOFT else est)
    return m[_PAD:-_PAD, _PAD:-_PAD] > 0.5


def render(bits: np.ndarray, px: int = 4, quiet: int = 4) -> np.ndarray:
    """A clean image of the module matrix (dark modules black) for a decoder."""
    img = np.where(bits, 0, 255).astype(np.uint8)
    img = np.pad(img, quiet, constant_values=255)
    return np.kron(img, np.ones((px, px), np.uint8))


def _zxing_qr(image: np.ndarray) -> bytes | None:
    try:
        import zxingcpp
    except ImportError:
        return None
    for res in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(
                                          zxingcpp.BarcodeFormat.QRCode),
                                      try_rotate=False, try_downscale=False,
                                      try_invert=False, is_pure=True):
        return bytes(res.bytes)
    return None


def read_qr_grid(gray: np.ndarray, px_per_mm: float) -> tuple[bytes, np.ndarray] | None:
    """(payload, symbol corners in crop pixels) of a QR code read module by module."""
    quad = _outline(gray, px_per_mm)
    if quad is None:
        return None
    img = gray.astype(np.float32)
    # Neighbouring versions fit the outline almost alike before the grid is refined (a
    # photo's 65-module code scored 0.50 as 69 modules): the two likeliest are refined and
    # the better fit read first.
    fits = []
    for score, version, h in _grids(img, quad)[:2]:
        if score < MIN_OUTLINE_SCORE:
            continue
        h = _refine(img, version, _refine(img, version, h, 1.5), 0.5)
        fits.append((_fitted_score(img, version, h), version, h))
    for fitted, version, h in sorted(fits, key=lambda t: -t[0]):
        if fitted < MIN_GRID_SCORE:
            continue
        for bias in (0.0, 0.1, -0.1):
            data = _zxing_qr(render(modules(img, version, h, bias)))
            # An empty payload is what a block of noise gives when its modules come out as
            # the mask alone: all-zero codewords pass Reed-Solomon.
            if data:
                size = 17 + 4 * version
                square = np.array([[[0, 0]], [[size, 0]], [[size, size]], [[0, size]]],
                                  np.float32)
                return data, cv2.perspectiveTransform(square, h).reshape(4, 2)
    return None
