"""Ink marks: round seals, rectangular office stamps and handwritten signatures as RGBA
images at 300 dpi."""

from __future__ import annotations

import datetime as dt
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


# Office stamps: the title, then what the clerk fills in or the stamp's own lines.
RECT_TITLES = ("ПОЛУЧЕНО", "КОПИЯ ВЕРНА", "ОПЛАЧЕНО", "ВХОДЯЩИЙ")


def _rect_lines(rng: random.Random, title: str, date: dt.date) -> list[str]:
    day = date + dt.timedelta(days=rng.randint(0, 20))
    when = day.strftime("%d.%m.%Y") if rng.random() < 0.6 else f"«{day.day:02d}» ____ {day.year} г."
    if title == "КОПИЯ ВЕРНА":
        return [title, rng.choice(("Бухгалтер", "Специалист ОЦО", "Менеджер")) + " ________",
                when]
    if title == "ОПЛАЧЕНО":
        return [title, when]
    return [title, when, f"Вх. № {rng.randint(10, 9999)}"]


def rect_stamp(rng: random.Random, font_name: str, date: dt.date) -> Image.Image:
    """A rectangular office stamp ("ПОЛУЧЕНО", "КОПИЯ ВЕРНА"…): a frame, sometimes double,
    around two or three lines, pressed slightly askew with uneven ink."""
    lines = _rect_lines(rng, rng.choice(RECT_TITLES), date)
    mm = DPI / 25.4
    title_font = ImageFont.truetype(str(font_file(font_name)), int(rng.uniform(4.0, 5.0) * mm))
    font = ImageFont.truetype(str(font_file(font_name)), int(rng.uniform(2.6, 3.2) * mm))
    fonts = [title_font] + [font] * (len(lines) - 1)
    pad, gap = rng.uniform(2.5, 4) * mm, rng.uniform(1.0, 1.8) * mm
    w = max(f.getlength(t) for f, t in zip(fonts, lines, strict=True)) + 2 * pad
    heights = [f.size for f in fonts]
    h = sum(heights) + gap * (len(lines) - 1) + 2 * pad
    # Room to turn the stamp without clipping its corners.
    side = int(math.hypot(w, h)) + 16
    mask = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(mask)
    x0, y0 = (side - w) / 2, (side - h) / 2
    draw.rectangle((x0, y0, x0 + w, y0 + h), outline=255, width=rng.randint(4, 7))
    if rng.random() < 0.35:
        draw.rectangle((x0 + 12, y0 + 12, x0 + w - 12, y0 + h - 12), outline=255, width=2)
    y = y0 + pad
    for f, text, fh in zip(fonts, lines, heights, strict=True):
        draw.text((side / 2, y + fh / 2), text, fill=255, font=f, anchor="mm")
        y += fh + gap
    return _ink(mask, rng, rng.choice(SEAL_INKS), rng.uniform(-8, 8), faint=rng.random() < 0.2)


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


def _smooth(points: np.ndarray, rounds: int = 4) -> np.ndarray:
    """Chaikin corner cutting: a polyline becomes a smooth pen path."""
    for _ in range(rounds):
        q = 0.75 * points[:-1] + 0.25 * points[1:]
        r = 0.25 * points[:-1] + 0.75 * points[1:]
        points = np.vstack([points[:1], np.stack([q, r], axis=1).reshape(-1, 2), points[-1:]])
    return points


def _word(rng: random.Random, x0: float, base: float, unit: float, letters: int) -> np.ndarray:
    """Zigzag between baseline and x-height with loops and the odd ascender: cursive."""
    top = base - unit * rng.uniform(1.6, 2.6)
    pts = [(x0 + unit * 0.1, base), (x0 - unit * 0.3, base - unit * 0.5)]
    if rng.random() < 0.6:
        # The capital's loop: up, round over the top and down the stem.
        pts += [(x0 + unit * 0.2, top), (x0 + unit * rng.uniform(0.8, 1.4), top + unit * 0.2),
                (x0 + unit * 0.6, base - unit * 0.9), (x0 + unit * 0.1, base - unit * 0.6)]
    pts += [(x0 + unit * 0.3, top), (x0 + unit * 0.4, base + unit * rng.uniform(0, 0.3))]
    x = x0 + unit * 0.6
    for i in range(letters * 2):
        up = i % 2 == 0
        tall = up and rng.random() < 0.18
        height = unit * (rng.uniform(1.6, 2.4) if tall else rng.uniform(0.6, 1.05))
        y = base - height if up else base + unit * rng.uniform(-0.1, 0.25)
        if up and rng.random() < 0.3:
            x -= unit * rng.uniform(0.2, 0.45)  # a loop goes back before going on
        x += unit * rng.uniform(0.35, 0.75)
        pts.append((x, y))
        if not up and rng.random() < 0.1:
            pts.append((x + unit * 0.2, base + unit * rng.uniform(0.8, 1.4)))  # descender
    return np.array(pts, dtype=np.float64)


def _strokes(rng: random.Random, w: float, h: float) -> list[np.ndarray]:
    unit = h * rng.uniform(0.16, 0.24)
    base = h * rng.uniform(0.55, 0.68)
    strokes = [_smooth(_word(rng, w * 0.04, base, unit, rng.randint(3, 7)))]
    if rng.random() < 0.45:
        last = strokes[-1][:, 0].max()
        strokes.append(_smooth(_word(rng, last + unit * 0.8, base, unit * 0.8,
                                     rng.randint(2, 4))))
    end = max(s[:, 0].max() for s in strokes)
    if rng.random() < 0.75:
        # The closing flourish runs back under or through the name.
        tail = np.array([(end, base), (end + unit, base - unit * 0.4),
                         (w * rng.uniform(0.05, 0.4), base + unit * rng.uniform(0.3, 1.0)),
                         (w * rng.uniform(0.0, 0.15), base + unit * rng.uniform(0.6, 1.4))])
        strokes.append(_smooth(tail, 5))
    scale = min(1.0, (w * 0.96) / max(end + unit, 1))
    return [s * [scale, 1.0] for s in strokes]


def _draw_stroke(canvas: np.ndarray, pts: np.ndarray, thick: float, scale: int) -> None:
    """Segments thin out where the pen moves fast, as ink does."""
    seg = np.diff(pts, axis=0)
    speed = np.hypot(seg[:, 0], seg[:, 1])
    norm = speed / (speed.max() + 1e-6)
    for i in range(len(seg)):
        width = max(1, round(float(thick * scale * (1.15 - 0.55 * norm[i]))))
        a = (pts[i] * scale).astype(np.int32)
        b = (pts[i + 1] * scale).astype(np.int32)
        cv2.line(canvas, (int(a[0]), int(a[1])), (int(b[0]), int(b[1])), 255, width,
                 cv2.LINE_AA)


def signature(rng: random.Random) -> Image.Image:
    """Smooth pen strokes of a handwritten signature (drawn at 3× and reduced)."""
    w_mm, h_mm = rng.uniform(22, 40), rng.uniform(10, 16)
    scale = 3
    w, h = int(w_mm / 25.4 * DPI), int(h_mm / 25.4 * DPI)
    canvas = np.zeros((h * scale, w * scale), dtype=np.uint8)
    thick = rng.uniform(1.6, 3.0)
    slant = rng.uniform(0.1, 0.4)
    for pts in _strokes(rng, w, h):
        # Italic slant: shift x by height above the bottom.
        pts = pts + np.stack([(h - pts[:, 1]) * slant - h * slant * 0.5, pts[:, 1] * 0], 1)
        _draw_stroke(canvas, pts, thick, scale)
    small = cv2.resize(canvas, (w, h), interpolation=cv2.INTER_AREA)
    mask = Image.fromarray(small, "L").rotate(rng.uniform(-7, 7),
                                              resample=Image.Resampling.BICUBIC)
    color = rng.choice(PEN_INKS)
    rgba = np.zeros((h, w, 4), dtype=np.uint8)
    rgba[..., :3] = color
    alpha = np.asarray(mask, dtype=np.float32) * rng.uniform(0.8, 1.0)
    rgba[..., 3] = alpha.clip(0, 255).astype(np.uint8)
    return Image.fromarray(rgba, "RGBA")


def ink_bbox(img: Image.Image, threshold: int = 40) -> tuple[int, int, int, int] | None:
    """Tight box [x, y, w, h] of visible ink in a mark image."""
    a = np.asarray(img)[..., 3]
    ys, xs = np.nonzero(a > threshold)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min()
                                                                             + 1)
