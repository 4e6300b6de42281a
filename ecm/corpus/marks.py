"""Ink marks: round seals and handwritten signatures as RGBA images at 300 dpi."""

from __future__ import annotations

import math
import random

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ecm.corpus.fonts import font_file
from ecm.corpus.requisites import Party

DPI = 300
SEAL_INKS = ((28, 62, 168), (40, 50, 150), (92, 48, 158), (70, 40, 140), (20, 80, 180))
PEN_INKS = ((18, 28, 105), (25, 35, 80), (30, 30, 40), (15, 40, 140))


def _noise_field(rng: np.random.Generator, h: int, w: int, cells: int) -> np.ndarray:
    """Smooth random field in [0, 1]: uneven ink on the seal pad."""
    small = rng.random((cells, cells)).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC).clip(0, 1)


def _ring_text(mask: Image.Image, text: str, radius: float, font: ImageFont.FreeTypeFont,
               start: float) -> None:
    cx = mask.width / 2
    step = 360 / len(text)
    for i, ch in enumerate(text):
        angle = start + i * step
        glyph = Image.new("L", (int(font.size * 2), int(font.size * 2)), 0)
        ImageDraw.Draw(glyph).text((font.size, font.size), ch, fill=255, font=font,
                                   anchor="mm")
        glyph = glyph.rotate(-angle, resample=Image.Resampling.BICUBIC)
        rad = math.radians(angle - 90)
        x = cx + radius * math.cos(rad) - glyph.width / 2
        y = cx + radius * math.sin(rad) - glyph.height / 2
        mask.paste(255, (int(x), int(y)), glyph)


def _seal_texts(p: Party) -> tuple[str, list[str]]:
    if p.kind == "ip":
        ring = f"ИНДИВИДУАЛЬНЫЙ ПРЕДПРИНИМАТЕЛЬ * {p.head.full.upper()} * "
        return ring, ["ОГРНИП", p.ogrn]
    form = p.full_name.split(" «")[0].split(' "')[0].upper()
    ring = f"{form} * {p.city.upper()} * ОГРН {p.ogrn} * "
    return ring, [f"«{p.bare_name.upper()}»", f"ИНН {p.inn}"]


def seal(p: Party, rng: random.Random, font_name: str) -> Image.Image:
    """A two-ring company seal, rotated, with uneven and sometimes faint ink."""
    d = int(rng.uniform(38, 42) / 25.4 * DPI)
    size = d + 12
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    c, r = size / 2, d / 2
    draw.ellipse((c - r, c - r, c + r, c + r), outline=255, width=rng.randint(5, 8))
    r2 = r - rng.randint(10, 14)
    draw.ellipse((c - r2, c - r2, c + r2, c + r2), outline=255, width=2)
    r3 = r * 0.6
    draw.ellipse((c - r3, c - r3, c + r3, c + r3), outline=255, width=rng.randint(2, 4))
    ring, center = _seal_texts(p)
    ring_font = ImageFont.truetype(str(font_file(font_name)), int(d * 0.075))
    while ring_font.getlength(ring) > 2 * math.pi * (r2 - d * 0.06) * 1.05 and ring_font.size > 14:
        ring_font = ImageFont.truetype(str(font_file(font_name)), ring_font.size - 1)
    _ring_text(mask, ring, (r2 + r3) / 2 + 2, ring_font, rng.uniform(0, 360))
    for i, line in enumerate(center):
        fsize = int(d * (0.085 if i == 0 else 0.06))
        font = ImageFont.truetype(str(font_file(font_name)), fsize)
        while font.getlength(line) > 2 * r3 * 0.9 and font.size > 12:
            font = ImageFont.truetype(str(font_file(font_name)), font.size - 1)
        draw.text((c, c + (i - (len(center) - 1) / 2) * d * 0.1), line, fill=255, font=font,
                  anchor="mm")
    return _ink(mask, rng, rng.choice(SEAL_INKS), rng.uniform(0, 360), faint=rng.random() < 0.2)


def _ink(mask: Image.Image, rng: random.Random, color: tuple[int, int, int], angle: float,
         faint: bool) -> Image.Image:
    mask = mask.rotate(angle, resample=Image.Resampling.BICUBIC)
    a = np.asarray(mask, dtype=np.float32) / 255
    nrng = np.random.default_rng(rng.randrange(2**32))
    h, w = a.shape
    field = 0.45 + 0.55 * _noise_field(nrng, h, w, rng.randint(3, 6))
    grain = 0.75 + 0.25 * nrng.random((h, w), dtype=np.float32)
    strength = rng.uniform(0.35, 0.55) if faint else rng.uniform(0.7, 0.95)
    a = cv2.GaussianBlur(a, (0, 0), 0.8) * field * grain * strength
    jitter = [max(0, min(255, ch + rng.randint(-15, 15))) for ch in color]
    rgba = np.zeros((h, w, 4), dtype=np.uint8)
    rgba[..., :3] = jitter
    rgba[..., 3] = (a.clip(0, 1) * 255).astype(np.uint8)
    return Image.fromarray(rgba, "RGBA")


def _stroke_points(rng: random.Random, w: float, h: float) -> np.ndarray:
    """A cursive-looking path: a drifting baseline plus a rotating pen (loops)."""
    n = 400
    t = np.linspace(0, 1, n)
    loops = rng.uniform(5, 11)
    radius = h * rng.uniform(0.14, 0.26) * (1 + 0.4 * np.sin(2 * np.pi * t * rng.uniform(1, 3)))
    phase = rng.uniform(0, 2 * np.pi)
    x = w * 0.05 + t * w * 0.8 + radius * np.cos(2 * np.pi * loops * t + phase) * 0.8
    y = (h * 0.5 + radius * np.sin(2 * np.pi * loops * t + phase)
         + h * 0.15 * np.sin(2 * np.pi * t * rng.uniform(0.5, 1.5)) - t * h * rng.uniform(0, .2))
    return np.stack([x, y], axis=1)


def _flourish(rng: random.Random, w: float, h: float) -> np.ndarray:
    t = np.linspace(0, 1, 120)
    x0 = w * rng.uniform(0.55, 0.95)
    x = x0 - t * w * rng.uniform(0.5, 0.85)
    y = h * rng.uniform(0.55, 0.75) + h * 0.25 * np.sin(np.pi * t) * rng.choice((-1, 1))
    return np.stack([x, y], axis=1)


def signature(rng: random.Random) -> Image.Image:
    """Smooth pen strokes of a handwritten signature (drawn at 3× and reduced)."""
    w_mm, h_mm = rng.uniform(22, 40), rng.uniform(9, 15)
    scale = 3
    w, h = int(w_mm / 25.4 * DPI), int(h_mm / 25.4 * DPI)
    canvas = np.zeros((h * scale, w * scale), dtype=np.uint8)
    thick = rng.randint(4, 8)
    strokes = [_stroke_points(rng, w, h)]
    if rng.random() < 0.7:
        strokes.append(_flourish(rng, w, h))
    if rng.random() < 0.4:
        strokes.insert(0, _stroke_points(rng, w * 0.3, h)[:150] + np.array([w * 0.02, -h * 0.1]))
    for pts in strokes:
        poly = (pts * scale).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(canvas, [poly], False, 255, thick, cv2.LINE_AA)
    small = cv2.resize(canvas, (w, h), interpolation=cv2.INTER_AREA)
    mask = Image.fromarray(small, "L")
    color = rng.choice(PEN_INKS)
    rgba = np.zeros((h, w, 4), dtype=np.uint8)
    rgba[..., :3] = color
    alpha = np.asarray(mask.rotate(rng.uniform(-8, 8), resample=Image.Resampling.BICUBIC),
                       dtype=np.float32)
    rgba[..., 3] = (alpha * rng.uniform(0.8, 1.0)).astype(np.uint8)
    return Image.fromarray(rgba, "RGBA")


def ink_bbox(img: Image.Image, threshold: int = 40) -> tuple[int, int, int, int] | None:
    """Tight box [x, y, w, h] of visible ink in a mark image."""
    a = np.asarray(img)[..., 3]
    ys, xs = np.nonzero(a > threshold)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min()
                                                                             + 1)
