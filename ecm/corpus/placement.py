"""Decide which seals, signatures and barcode stickers a document gets, and where."""

from __future__ import annotations

import random

from PIL import Image

from ecm.corpus import codes, marks
from ecm.corpus.layouts.sheet import Overlay, Rendered, SignSlot
from ecm.corpus.model import Doc
from ecm.corpus.style import Style

PT_PER_PX = 72 / marks.DPI


def _overlay(page: int, kind: str, img: Image.Image, cx: float, cy: float) -> Overlay:
    w, h = img.width * PT_PER_PX, img.height * PT_PER_PX
    return Overlay(page, kind, img, cx - w / 2, cy - h / 2, w, h)


def _signatures(slots: list[SignSlot], rng: random.Random) -> list[Overlay]:
    if not slots or rng.random() < 0.12:
        return []
    chosen = [s for i, s in enumerate(slots) if i == 0 or rng.random() < 0.7]
    out = []
    for slot in chosen:
        img = marks.signature(rng)
        ink = marks.ink_bbox(img) or (0, 0, img.width, img.height)
        span = slot.x1 - slot.x0
        # Aim the visible ink, not the canvas: its middle near the blank's centre, its
        # lower part crossing the line.
        ink_cx = rng.uniform(slot.x0 + span * 0.35, slot.x1 - span * 0.25)
        ink_cy = slot.top - ink[3] * PT_PER_PX * rng.uniform(0.15, 0.45)
        cx = ink_cx + (img.width / 2 - ink[0] - ink[2] / 2) * PT_PER_PX
        cy = ink_cy + (img.height / 2 - ink[1] - ink[3] / 2) * PT_PER_PX
        ov = _overlay(slot.page, "signature", img, cx, cy)
        ov.role = slot.role
        out.append(ov)
    return out


def _stamps(doc: Doc, rendered: Rendered, style: Style, rng: random.Random,
            signs: list[Overlay]) -> list[Overlay]:
    slots = rendered.marks.stamps
    if not slots or rng.random() < 0.25:
        return []
    out = []
    for i, slot in enumerate(slots[:2]):
        if i == 1 and rng.random() < 0.5:
            continue
        party = doc.seller if i == 0 else doc.buyer
        img = marks.seal(party, rng, rng.choice((style.fonts.regular, style.fonts.bold)))
        cx, cy = slot.cx + rng.uniform(-25, 25), slot.cy + rng.uniform(-18, 12)
        near = [s for s in signs if s.page == slot.page and abs(s.x - slot.cx) < 160]
        if near and rng.random() < 0.35:
            # Seals are often pressed over the signature next to М.П.
            sig = rng.choice(near)
            cx, cy = sig.x + sig.w * rng.uniform(0.5, 1.1), sig.top + sig.h * rng.uniform(0, 1)
        out.append(_overlay(slot.page, "stamp", img, cx, cy))
    return out


def _sticker(rendered: Rendered, style: Style, rng: random.Random) -> list[Overlay]:
    """An archive barcode sticker (ОЦО scanning lines label originals before scanning)."""
    if rng.random() > 0.3:
        return []
    if rng.random() < 0.5:
        data = codes.ean13_data(rng)
        img, kind = codes.ean13_image(data), "EAN13"
    else:
        data = f"ARC{rng.randint(10**8, 10**9 - 1)}"
        img, kind = codes.code128_image(data), "CODE128"
    rgba = img.convert("RGBA")
    w, h = rgba.width * PT_PER_PX, rgba.height * PT_PER_PX
    pw, _ph = rendered.pagesize
    top = rng.uniform(3, 10)
    spots = [style.margin_l, pw - style.margin_r - w, pw / 2 - w / 2]
    rng.shuffle(spots)
    for x in spots:
        # A sticker over a printed code would make both unreadable: skip such spots.
        if not any(c.page == 1 and _overlaps((x, top, w, h), c.box)
                   for c in rendered.marks.codes):
            return [Overlay(1, "code", rgba, x, top, w, h, kind, data)]
    return []


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def place(doc: Doc, rendered: Rendered, style: Style, rng: random.Random) -> list[Overlay]:
    signs = _signatures(rendered.marks.signs, rng)
    return signs + _stamps(doc, rendered, style, rng, signs) + _sticker(rendered, style, rng)
