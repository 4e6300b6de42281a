"""What a round seal says: its ring is unwrapped into a line, its centre turned level, and
both go to tesseract in one small image; a page's seals and office stamps share one
tesseract run (``read_texts``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from recognizers.checks.checksums import inn_valid, ogrn_valid
from recognizers.ocr import NO_INVERT, OcrUnavailable, ocr_images
from recognizers.page import Word

# The seal is scaled to this outer radius: ring letters come out ~20 px tall for tesseract.
WORK_RADIUS = 200
# Seal ring text runs between the inner circle (~0.6 R) and the outer rings.
RING_BAND = (0.62, 0.92)
CENTRE = 0.6
MIN_WORD_CONF = 0.6
# Ink weaker than this inside an office stamp is paper grain (on a 0-1 scale of the local
# strongest ink).
RECT_GRAIN = 0.3
# Dark ink on white only: tesseract's second look at unsure lines as white-on-black text
# cost a fifth of a seal's read (0.165 -> 0.13 s a seal on dev seed 7171) and changed one
# confident word in 21 reads (a '|').
SEAL_OCR = f"--psm 6 {NO_INVERT}"
_INN = re.compile(r"ИНН\D{0,3}(\d{10}(?:\d{2})?)(?!\d)")
_OGRN = re.compile(r"ОГРН(?:ИП)?\D{0,3}(\d{13}(?:\d{2})?)(?!\d)")
_NAME = re.compile(r"[«\"]([^«»\"]{2,60})[»\"]")


@dataclass(frozen=True)
class SealText:
    text: str | None
    inn: str | None  # only a number that passes its check digits
    ogrn: str | None
    name: str | None


def _ink(crop: np.ndarray) -> np.ndarray:
    """Seal ink in [0, 1]. Shapes come from darkness; on colour crops it is weighted by how
    blue the neighbourhood is, so black print and pens crossing the seal fade out (the blue
    excess itself is blocky on JPEG scans, whose colour is stored at a lower resolution)."""
    gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    paper = float(np.percentile(gray, 90))
    ink = np.clip(paper - gray.astype(np.float32), 0, None)
    if crop.ndim == 3 and _tinted(crop):
        f = crop.astype(np.float32)
        blue = cv2.GaussianBlur(f[..., 0] - np.maximum(f[..., 1], f[..., 2]), (0, 0), 2.0)
        ink *= np.clip(blue / max(float(np.percentile(blue, 99)) * 0.5, 1.0), 0, 1)
    # Seal pads ink unevenly: each part of the ring is scaled by its own strongest ink.
    hi = float(np.percentile(ink, 99.5))
    k = max(3, crop.shape[0] // 12)
    local = cv2.blur(cv2.dilate(ink, np.ones((k, k), np.uint8)), (k, k))
    out: np.ndarray = np.clip(ink / np.maximum(local, max(hi, 1.0) * 0.35), 0, 1)
    return out


def _tinted(crop: np.ndarray) -> bool:
    f = crop[::2, ::2].astype(np.int16)
    return bool(np.count_nonzero(f[..., 0] - np.maximum(f[..., 1], f[..., 2]) > 25) > 50)


# Directions of the radial profile (as cv2.warpPolar samples 180 rows: angle i * 2 pi / 180).
_PHI = np.arange(180, dtype=np.float64) * (2 * np.pi / 180)
_PHI_COS, _PHI_SIN = np.cos(_PHI)[:, None], np.sin(_PHI)[:, None]


def _radial(ink: np.ndarray, cx: float, cy: float, lo: int, hi: int) -> np.ndarray:
    """Mean ink per radius lo..hi-1 (1 px steps) round (cx, cy): the columns lo..hi of
    cv2.warpPolar's linear unwrapping, value for value (its sampling points, in float32 as
    OpenCV makes them, remapped alike), without the unwrapping inside lo: the re-fit takes
    50 profiles a seal, and the whole unwrapping cost ~10 ms of a seal's 27 outside OCR."""
    rho = np.arange(lo, hi, dtype=np.float32).astype(np.float64)[None, :]
    mx = (rho * _PHI_COS + float(np.float32(cx))).astype(np.float32)
    my = (rho * _PHI_SIN + float(np.float32(cy))).astype(np.float32)
    pol = cv2.remap(ink, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                    borderValue=0)
    out: np.ndarray = pol.mean(axis=0)
    return out


def _fit(ink: np.ndarray, c: float, radius: float) -> tuple[float, float, float]:
    """Centre and outer ring radius re-fitted at reading scale: the detector's circle (from a
    150-dpi copy, allowing for ellipses) can be off by a ring's width, which moves the ring
    text out of the unwrapped strip. A centred ring is the sharpest peak of the radial
    profile."""
    size = int(radius * 1.1)
    lo, hi = int(radius * 0.85), min(size - 1, int(radius * 1.08))
    best = (-1.0, c, c, radius)
    for step in (radius * 0.03, radius * 0.01):
        cx0, cy0 = best[1], best[2]
        for dx in (-2, -1, 0, 1, 2):
            for dy in (-2, -1, 0, 1, 2):
                x, y = cx0 + dx * step, cy0 + dy * step
                prof = _radial(ink, x, y, lo, hi)
                i = int(np.argmax(prof))
                if prof[i] > best[0]:
                    best = (float(prof[i]), x, y, float(lo + i))
    return best[1], best[2], best[3]


def _ring_strip(ink: np.ndarray, cx: float, cy: float, radius: float) -> np.ndarray:
    """The ring text as one line, letters upright (their tops point away from the centre),
    sampled round the circle at the letters' own scale at the text's mid radius."""
    rows = int(2 * np.pi * radius * sum(RING_BAND) / 2)
    pol = cv2.warpPolar(ink, (int(radius), rows), (cx, cy), radius,
                        cv2.WARP_POLAR_LINEAR + cv2.INTER_LINEAR + cv2.WARP_FILL_OUTLIERS)
    band = pol[:, int(radius * RING_BAND[0]):int(radius * RING_BAND[1])]
    strip = cv2.rotate(band, cv2.ROTATE_90_COUNTERCLOCKWISE)
    # Ring text is a loop: cut it where the ring is emptiest (a gap between words), so no
    # word or number is split between the strip's two ends.
    k = max(3, int(radius * 0.15))  # about a letter and a half
    ink = np.convolve(np.tile(strip.sum(axis=0), 2), np.ones(k) / k, mode="same")
    n = strip.shape[1]
    cut = int(np.argmin(ink[n // 2:n // 2 + n])) + n // 2
    out: np.ndarray = np.roll(strip, -(cut % n), axis=1)
    return out


def _centre(ink: np.ndarray, cx: float, cy: float, radius: float) -> list[np.ndarray]:
    """The centre lines turned level both ways up: their direction is the long axis of the
    centre's ink, but which way is up is only known after reading."""
    r = int(radius * CENTRE)
    x0, y0 = int(cx) - r, int(cy) - r
    crop = ink[max(0, y0):y0 + 2 * r, max(0, x0):x0 + 2 * r].copy()
    yy, xx = np.mgrid[:crop.shape[0], :crop.shape[1]]
    crop[(xx - r) ** 2 + (yy - r) ** 2 > (r * 0.93) ** 2] = 0
    ys, xs = np.nonzero(crop > 0.4)
    if len(xs) < 20:
        return []
    pts = np.stack([xs, ys], 1).astype(np.float32)
    _, vecs = np.linalg.eigh(np.cov((pts - pts.mean(0)).T))
    angle = float(np.degrees(np.arctan2(vecs[1, 1], vecs[0, 1])))
    out = []
    for a in (angle, angle + 180):
        rot = cv2.warpAffine(crop, cv2.getRotationMatrix2D((r, r), a, 1.0), (2 * r, 2 * r))
        out.append(rot[int(r * 0.4):int(r * 1.6)])
    return out


def _compose(parts: list[np.ndarray]) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Dark text on white, parts stacked; the y span of each part for sorting words back."""
    width = max(p.shape[1] for p in parts) + 20
    rows, spans, y = [], [], 0
    for p in parts:
        dark = (255 - p * 255).astype(np.uint8)
        g = cv2.copyMakeBorder(dark, 12, 12, 10, width - 10 - dark.shape[1],
                               cv2.BORDER_CONSTANT, value=255)
        rows.append(g)
        spans.append((y, y + g.shape[0]))
        y += g.shape[0]
    return np.vstack(rows), spans


def _lines(words: list[Word], spans: list[tuple[int, int]]) -> list[list[Word]]:
    out: list[list[Word]] = [[] for _ in spans]
    for w in words:
        mid = w.y + w.h / 2
        for i, (a, b) in enumerate(spans):
            if a <= mid < b:
                out[i].append(w)
    return [sorted(ws, key=lambda w: (w.line, w.x)) for ws in out]


def _text(words: list[Word]) -> str:
    """Words tesseract is fairly sure of: a seal crossed by print or a pen reads partly as
    noise, which is not worth keeping as the seal's text."""
    return " ".join(w.text for w in words if w.conf >= MIN_WORD_CONF)


def _conf(words: list[Word]) -> float:
    return float(np.mean([w.conf for w in words])) if words else 0.0


def _seal_crop(image: np.ndarray, cx: float, cy: float, r: float) -> np.ndarray | None:
    """The seal's square at WORK_RADIUS scale, centred; a part cut off by the page edge is
    filled with the edge's own paper."""
    pad = int(r * 1.05)
    x0, y0 = int(cx) - pad, int(cy) - pad
    crop = image[max(0, y0):y0 + 2 * pad, max(0, x0):x0 + 2 * pad]
    if min(crop.shape[:2]) < 8:
        return None
    top, left = max(0, -y0), max(0, -x0)
    bottom = max(0, 2 * pad - top - crop.shape[0])
    right = max(0, 2 * pad - left - crop.shape[1])
    crop = cv2.copyMakeBorder(crop, top, bottom, left, right, cv2.BORDER_REPLICATE)
    scale = WORK_RADIUS / max(r, 1.0)
    out: np.ndarray = cv2.resize(crop, None, fx=scale, fy=scale,
                                 interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    return out


Parts = list[np.ndarray]


def seal_parts(image: np.ndarray, cx: float, cy: float, r: float) -> Parts:
    """What is read of the seal centred at (cx, cy) with outer radius r (page pixels): its
    ring as a line, then its centre both ways up (``read_texts`` reads them)."""
    crop = _seal_crop(image, cx, cy, r)
    if crop is None:
        return []
    ink = _ink(crop)
    cx, cy, radius = _fit(ink, crop.shape[0] / 2, crop.shape[0] / 2 / 1.05)
    return [_ring_strip(ink, cx, cy, radius), *_centre(ink, cx, cy, radius)]


def read_texts(jobs: list[Parts]) -> list[list[list[Word]]] | None:
    """The words of each part of each job (None when tesseract is missing). Each job's
    parts are stacked in an image of its own, and all the images go to one tesseract run."""
    todo = [i for i, parts in enumerate(jobs) if parts]
    composed = [_compose(jobs[i]) for i in todo]
    try:
        # Russian only: the seal has no Latin, and rus+eng costs three times the CPU.
        read = ocr_images([image for image, _ in composed], languages="rus", config=SEAL_OCR)
    except OcrUnavailable:
        return None
    out: list[list[list[Word]]] = [[] for _ in jobs]
    for i, words, (_, spans) in zip(todo, read, composed, strict=True):
        out[i] = _lines(words, spans)
    return out


def seal_said(lines: list[list[Word]] | None) -> SealText:
    """Text, ИНН, ОГРН and name of a seal from the words of its ``seal_parts``. Numbers are
    kept only when their check digits hold."""
    if not lines:
        return SealText(None, None, None, None)
    centres = lines[1:] or [[]]
    centre = max(centres, key=lambda ws: (_ids(_text(ws))[0] is not None, _conf(ws)))
    return _parse(_text(lines[0]), _text(centre))


def read_seal(image: np.ndarray, cx: float, cy: float, r: float) -> SealText:
    """Text, ИНН, ОГРН and name of the seal centred at (cx, cy) with outer radius r (page
    pixels). Numbers are kept only when their check digits hold."""
    read = read_texts([seal_parts(image, cx, cy, r)])
    return seal_said(read[0] if read else None)


def _ids(text: str) -> tuple[str | None, str | None]:
    inn = next((m for m in _INN.findall(text) if inn_valid(m)), None)
    ogrn = next((m for m in _OGRN.findall(text) if ogrn_valid(m)), None)
    return inn, ogrn


def _parse(ring: str, centre: str) -> SealText:
    joined = f"{ring} {centre}".upper()
    inn, ogrn = _ids(joined)
    names = _NAME.findall(centre.upper()) or _NAME.findall(ring.upper())
    text = " | ".join(t for t in (ring.strip(), centre.strip()) if t)
    return SealText(text or None, inn, ogrn, names[0].strip() if names else None)


def rect_parts(image: np.ndarray, cx: float, cy: float, w: float, h: float,
               angle: float) -> Parts:
    """What is read of a rectangular stamp's frame (page pixels): its inside turned level."""
    long_side = max(w, h)
    if long_side < 8:
        return []
    scale = min(2.0, 700 / long_side)
    if w < h:  # minAreaRect may name the long side its height
        w, h, angle = h, w, angle + 90
    m = cv2.getRotationMatrix2D((cx, cy), angle, scale)
    m[:, 2] += np.array([w * scale / 2 - cx, h * scale / 2 - cy])
    crop = cv2.warpAffine(image, m, (int(w * scale), int(h * scale)),
                          borderMode=cv2.BORDER_REPLICATE)
    ink = _ink(crop)
    # A poor scan's grain comes out as faint ink all over the paper: keep strokes only.
    ink = np.clip((ink - RECT_GRAIN) / (1 - RECT_GRAIN), 0, 1)
    # The frame itself reads as brackets and bars: keep only the text inside it.
    e = max(2, int(min(crop.shape[:2]) * 0.08))
    ink[:e], ink[-e:], ink[:, :e], ink[:, -e:] = 0, 0, 0, 0
    return [ink]


def rect_words(image: np.ndarray, cx: float, cy: float, w: float, h: float,
               angle: float) -> list[Word]:
    """All words tesseract finds inside a rectangular stamp's frame (page pixels), turned
    level, sure or not."""
    read = read_texts([rect_parts(image, cx, cy, w, h, angle)])
    return read[0][0] if read and read[0] else []


def sure_text(words: list[Word]) -> str | None:
    """The words tesseract is fairly sure of, or None."""
    return _text(words) or None


def oval_parts(image: np.ndarray, cx: float, cy: float, a: float, b: float,
               angle: float) -> Parts:
    """``seal_parts`` of an oval seal (page pixels; semi-axes ``a`` along ``angle`` degrees
    and ``b``): the oval is first stretched into a circle of radius ``a``."""
    pad = int(a * 1.1)
    x0, y0 = int(cx) - pad, int(cy) - pad
    crop = image[max(0, y0):y0 + 2 * pad, max(0, x0):x0 + 2 * pad]
    if min(crop.shape[:2]) < 8 or b <= 0:
        return []
    c = np.array([cx - max(0, x0), cy - max(0, y0)])
    # Turn the long axis level, stretch the short one to match, centre the result.
    turn = np.vstack([cv2.getRotationMatrix2D((float(c[0]), float(c[1])), angle, 1.0),
                      [0, 0, 1]])
    stretch = np.array([[1, 0, 0], [0, a / b, 0], [0, 0, 1]], np.float64)
    shift = np.array([[1, 0, pad - c[0]], [0, 1, pad - c[1] * a / b], [0, 0, 1]], np.float64)
    m = (shift @ stretch @ turn)[:2]
    flat = cv2.warpAffine(crop, m, (2 * pad, 2 * pad), borderMode=cv2.BORDER_REPLICATE)
    return seal_parts(flat, pad, pad, a)
