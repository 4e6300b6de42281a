"""Decide which seals, signatures and barcode stickers a document gets, and where."""

from __future__ import annotations

import io
import random

import pdfplumber
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
    # Scanning lines stick labels on free paper: a label over printed text or a printed code
    # would hide a requisite the accountant (and the recognizer) must read.
    taken = _first_page_text(rendered) + [c.box for c in rendered.marks.codes if c.page == 1]
    for x in spots:
        if not any(_overlaps((x, top, w, h), box) for box in taken):
            return [Overlay(1, "code", rgba, x, top, w, h, kind, data)]
    return []


def _first_page_text(rendered: Rendered) -> list[tuple[float, float, float, float]]:
    """Boxes (x, top, w, h in points) of the words printed on the first page."""
    return _page_text(rendered, 1)


def _page_text(rendered: Rendered, page: int) -> list[tuple[float, float, float, float]]:
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        words = pdf.pages[page - 1].extract_words()
    return [(w["x0"], w["top"], w["x1"] - w["x0"], w["bottom"] - w["top"]) for w in words]


def _page_print(rendered: Rendered, page: int) -> list[tuple[float, float, float, float]]:
    """Boxes of the words, rulings and frames printed on a page: what free paper is not."""
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        p = pdf.pages[page - 1]
        items = [*p.extract_words(), *p.lines, *p.rects, *p.curves]
    return [(it["x0"], it["top"], it["x1"] - it["x0"], it["bottom"] - it["top"])
            for it in items]


# Share of documents with an office stamp ("ПОЛУЧЕНО", "КОПИЯ ВЕРНА"…) on free paper.
RECT_SHARE = 0.35


def _rect_stamps(doc: Doc, rendered: Rendered, style: Style,
                 placed: list[Overlay]) -> list[Overlay]:
    """Office stamps press on free paper: never over print, seals, signatures or codes.
    Their randomness is a stream of its own, so corpora made before they existed keep every
    other mark, pixel and truth value of each seed."""
    rng = random.Random(f"ecm-corpus-rect:{doc.doc_type}:{doc.number}:{doc.seller.inn}:"
                        f"{doc.buyer.inn}:{doc.date.isoformat()}")
    if rng.random() > RECT_SHARE:
        return []
    first = rng.choice((1, rendered.pages))
    img = marks.rect_stamp(rng, rng.choice((style.fonts.regular, style.fonts.bold)), doc.date)
    ink = marks.ink_bbox(img) or (0, 0, img.width, img.height)
    w, h = ink[2] * PT_PER_PX, ink[3] * PT_PER_PX
    pw, ph = rendered.pagesize
    margin = 6.0
    for page in dict.fromkeys((first, *range(1, rendered.pages + 1))):
        taken = [(x - margin, t - margin, bw + 2 * margin, bh + 2 * margin)
                 for x, t, bw, bh in _page_print(rendered, page)]
        taken += [(o.x, o.top, o.w, o.h) for o in placed if o.page == page]
        taken += [c.box for c in rendered.marks.codes if c.page == page]
        for _ in range(60):
            x = rng.uniform(style.margin_l, pw - style.margin_r - w)
            top = rng.uniform(20, ph - 20 - h)
            if not any(_overlaps((x, top, w, h), box) for box in taken):
                # Overlay boxes hold the whole canvas: centre it on the chosen ink box.
                cx = x + w / 2 + (img.width / 2 - ink[0] - ink[2] / 2) * PT_PER_PX
                cy = top + h / 2 + (img.height / 2 - ink[1] - ink[3] / 2) * PT_PER_PX
                return [_overlay(page, "stamp", img, cx, cy)]
    return []


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def place(doc: Doc, rendered: Rendered, style: Style, rng: random.Random) -> list[Overlay]:
    signs = _signatures(rendered.marks.signs, rng)
    placed = signs + _stamps(doc, rendered, style, rng, signs) + _sticker(rendered, style, rng)
    return placed + _rect_stamps(doc, rendered, style, placed)
