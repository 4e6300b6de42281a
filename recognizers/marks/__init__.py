"""Marks: stamps, signatures and machine-readable codes found on page images.

``find_page_marks`` runs once per page while its image is in memory; ``check_marks`` runs
once per document on the finished card (required signatures, payment code vs card).
"""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.card import Card, CardIssue, Code, Marks, Signature, Stamp
from recognizers.marks.codes import find_codes
from recognizers.marks.codes_print import settle_by_print
from recognizers.marks.colors import InkMaps, colour_name, ink_maps
from recognizers.marks.payment import check_payment, parse_payment
from recognizers.marks.rect_stamps import RectStamp, find_rect_stamps, seals_outside
from recognizers.marks.requirements import missing_marks
from recognizers.marks.roles import page_text, signature_role
from recognizers.marks.roles_doc import settle_roles, unplaced
from recognizers.marks.seal_check import seal_mismatches
from recognizers.marks.seal_ovals import Oval, find_ovals
from recognizers.marks.seal_text import (
    SealText,
    oval_parts,
    read_texts,
    rect_parts,
    rect_words,
    seal_parts,
    seal_said,
    sure_text,
)
from recognizers.marks.signatures import Box, find_scribbles
from recognizers.marks.stamps import Seal, find_seals
from recognizers.page import Page, Word

# Printed words taller than this are not body text (OCR sometimes boxes a signature as a word).
MAX_WORD_MM = 6.0
# Below this confidence a word of Latin letters alone on these Russian forms is a signature
# tesseract read as a word ("Anna", "taper") more often than print: it stays for the
# signature search only (the seal and stamp searches keep all words: a 0.9 floor there lost
# a stamp on dev). A low loop of a signature read as 'an' at 0.76 was erased at 0.7 and the
# signature lost; 0.9 took print on photos for pen.
LATIN_CONF = 0.8
# A page whose words' median OCR confidence is under this was read too badly to find the
# captions of its blanks (page 2 of a photographed УПД): pen ink off every read caption is
# kept there when it looks surely written (UNPLACED_CONF), its role left to the document's
# form (settle_roles).
ILLEGIBLE_CONF = 0.6
UNPLACED_CONF = 0.9
# An image coarser than this, taken as an A4 sheet (under ~25 dpi: a thumbnail or an icon),
# holds no legible seal, pen line or code; the searches' sizes would round to zero pixels there.
MIN_PX_PER_MM = 1.0


def find_page_marks(page: Page) -> Marks:
    """Stamps, signatures and codes on one page (``page.image`` is set; words may be too)."""
    if page.image is None:
        return Marks()
    image = page.image
    maps = ink_maps(image)
    k = maps.scale
    page_px_per_mm = maps.px_per_mm / k
    if page_px_per_mm < MIN_PX_PER_MM:
        return Marks()
    codes = [Code(type=c.type, data=c.data, page=page.number, bbox=_round(c.bbox),
                  payment=parse_payment(c.data))
             for c in find_codes(image, maps.dark, k, page_px_per_mm)]
    codes = settle_by_print(codes, page.words)
    words, pen_words = _print_boxes(page.words, k, maps.px_per_mm)
    seals = find_seals(maps, words)
    rects = find_rect_stamps(
        maps, seals, words, image,
        lambda cx, cy, w, h, angle: rect_words(image, cx, cy, w, h, angle))
    seals = seals_outside(seals, rects, maps.px_per_mm)
    taken = [(s.cx - s.r, s.cy - s.r, 2 * s.r, 2 * s.r) for s in seals]
    ovals = find_ovals(maps, words, taken + [r.box() for r in rects])
    said, rect_said = _texts(image, seals, ovals, rects, k)
    stamps = [_stamp(page.number, image, s, k, t)
              for s, t in zip(seals, said[:len(seals)], strict=True)]
    stamps += [_oval_stamp(page.number, image, o, k, t)
               for o, t in zip(ovals, said[len(seals):], strict=True)]
    stamps += [_rect_stamp(page.number, image, r, k, t)
               for r, t in zip(rects, rect_said, strict=True)]
    seals += [o.as_seal() for o in ovals]
    # Codes and office stamps sit on free paper: all ink in their boxes is theirs (a rotated
    # office stamp's circumcircle would also wipe the blue pen of a signature next to it).
    boxed = [tuple(v * k for v in c.bbox or ()) for c in codes] + [r.box() for r in rects]
    signatures: list[Signature] = []
    illegible = _illegible(page.words)
    text = None  # the page's text lines for the roles, made at the first signature
    for sc in find_scribbles(maps, pen_words, seals, [b for b in boxed if len(b) == 4]):
        box = [v / k for v in sc.box]
        text = text or page_text(page.words, page_px_per_mm)
        role = signature_role(box, page.words, page_px_per_mm, text)
        # With the page's text known, ink off every captioned line is not a signature
        # (stray scribbles, stamps' ink, noise); without text there is nothing to check.
        if role is None and page.words and not sc.blue:
            if not (illegible and sc.confidence >= UNPLACED_CONF):
                continue
            signatures.append(unplaced(page.number, _round(box), round(sc.confidence, 3),
                                       page.words, page_px_per_mm, page.width,
                                       (text.lines, text.slope)))
            continue
        signatures.append(Signature(page=page.number, bbox=_round(box),
                                    confidence=round(sc.confidence, 3), role=role))
    return Marks(stamps=stamps, signatures=signatures, codes=codes)


def _illegible(words: list[Word]) -> bool:
    """Whether OCR read too little of the page to find the captions of its blanks."""
    return bool(words) and float(np.median([w.conf for w in words])) < ILLEGIBLE_CONF


def _round(box: tuple[float, ...] | list[float]) -> list[float]:
    return [round(float(v), 1) for v in box]


def _printed_words(words: list[Word], k: float, px_per_mm: float,
                   latin: bool = True) -> list[Box]:
    """Boxes (working scale) of the words that are print; ``latin=False`` leaves out
    low-confidence words of Latin letters alone (LATIN_CONF)."""
    return _print_boxes(words, k, px_per_mm)[0 if latin else 1]


def _print_boxes(words: list[Word], k: float, px_per_mm: float) -> tuple[list[Box], list[Box]]:
    """``_printed_words`` both ways at once: (all print, print less unsure Latin words). A
    page holds 1000-2500 words; judging each once, not twice, saves ~5-10 ms a page."""
    out: list[Box] = []
    pen: list[Box] = []
    sure = [w.h for w in words if w.conf >= 0.5]
    body = float(np.median(sure)) if sure else MAX_WORD_MM * px_per_mm / k
    for w in words:
        if w.h * k > MAX_WORD_MM * px_per_mm or not _is_print(w, body):
            continue
        box = (w.x * k, w.y * k, w.w * k, w.h * k)
        out.append(box)
        if not (w.conf < LATIN_CONF and w.text.isascii() and any(map(str.isalpha, w.text))):
            pen.append(box)
    return out, pen


def _is_print(w: Word, body: float) -> bool:
    """A word to erase before looking for pen ink. On poor scans and photos tesseract reads
    real print at low confidence, and leaving it made most false signatures; a signature read
    as a "word" comes out as a short scrap, so low-confidence words need 3+ letters/digits
    and body-text height (``body``: the median confident word), since a signature OCR'd as
    letters is taller (a 0.2 confidence floor measured slightly worse on both dev corpora)."""
    short = w.h <= 1.3 * body
    # A "word" of no letter or digit taller than print ("@." 63 px high) is a pen stroke the
    # Russian model took for punctuation; an unsure word far wider than its letters ("ити"
    # over 164 px) is a stamp's frame or a ruling read as letters. Letters are counted only
    # where the answer turns on them (most words are sure print of body height).
    if w.conf >= 0.5 and (short or any(map(str.isalnum, w.text))):
        return True
    return short and w.w <= 1.5 * w.h * len(w.text) and sum(map(str.isalnum, w.text)) >= 3


def _texts(image: np.ndarray, seals: list[Seal], ovals: list[Oval], rects: list[RectStamp],
           k: float) -> tuple[list[SealText], list[str | None]]:
    """What the round and oval seals say, and the office stamps' text (the stamps read while
    being found keep theirs): all read in one tesseract call (``read_texts``)."""
    jobs = [seal_parts(image, s.cx / k, s.cy / k, s.r / k) for s in seals]
    jobs += [oval_parts(image, o.cx / k, o.cy / k, o.a / k, o.b / k, o.angle) for o in ovals]
    unread = [r for r in rects if not r.text]
    jobs += [rect_parts(image, r.cx / k, r.cy / k, r.w / k, r.h / k, r.angle) for r in unread]
    read = read_texts(jobs) or [[] for _ in jobs]
    n = len(seals) + len(ovals)
    texts = iter([sure_text(lines[0]) if lines else None for lines in read[n:]])
    return [seal_said(lines) for lines in read[:n]], [r.text or next(texts) for r in rects]


def _stamp(number: int, image: np.ndarray, s: Seal, k: float, said: SealText) -> Stamp:
    h, w = image.shape[:2]
    cx, cy, r = s.cx / k, s.cy / k, s.r / k
    x0, y0 = max(0.0, cx - r), max(0.0, cy - r)
    x1, y1 = min(float(w), cx + r), min(float(h), cy + r)
    return Stamp(page=number, bbox=_round((x0, y0, x1 - x0, y1 - y0)),
                 confidence=round(min(1.0, s.score), 3), color=_seal_colour(image, s, k),
                 text=said.text, kind="round", inn=said.inn, ogrn=said.ogrn)


def _oval_stamp(number: int, image: np.ndarray, o: Oval, k: float, said: SealText) -> Stamp:
    h, w = image.shape[:2]
    x, y, bw, bh = (v / k for v in o.box())
    x0, y0 = max(0.0, x), max(0.0, y)
    x1, y1 = min(float(w), x + bw), min(float(h), y + bh)
    return Stamp(page=number, bbox=_round((x0, y0, x1 - x0, y1 - y0)),
                 confidence=round(min(1.0, o.score), 3),
                 color=_seal_colour(image, o.as_seal(), k), text=said.text, kind=o.kind,
                 inn=said.inn, ogrn=said.ogrn)


def _rect_stamp(number: int, image: np.ndarray, r: RectStamp, k: float,
                text: str | None) -> Stamp:
    x, y, w, h = (v / k for v in r.box())
    crop = image[max(0, int(y)):int(y + h), max(0, int(x)):int(x + w)]
    return Stamp(page=number, bbox=_round((x, y, w, h)), confidence=round(min(1.0, r.score), 3),
                 color=_ink_colour(crop), text=text, kind="rectangular")


def _ink_colour(crop: np.ndarray) -> str:
    if crop.ndim == 2 or crop.size == 0:
        return "black"
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    return colour_name(crop, (gray < float(np.percentile(gray, 90)) - 40).astype(np.uint8))


def _seal_colour(image: np.ndarray, s: Seal, k: float) -> str:
    if image.ndim == 2:
        return "black"
    step = max(1, round(1 / k))
    x0, y0 = max(0, int((s.cx - s.r) / k)), max(0, int((s.cy - s.r) / k))
    x1, y1 = int((s.cx + s.r) / k), int((s.cy + s.r) / k)
    crop = image[y0:y1:step, x0:x1:step]
    if crop.size == 0:
        return "black"
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    paper = float(np.percentile(gray, 90))
    return colour_name(crop, (gray < paper - 40).astype(np.uint8))


def check_marks(card: Card) -> list[CardIssue]:
    """Document-level issues about marks, once doc_type and fields are known."""
    issues = missing_marks(card) + seal_mismatches(card)
    for code in card.marks.codes:
        if code.payment:
            issues.extend(check_payment(code.payment, card.fields))
    return issues


__all__ = ["InkMaps", "check_marks", "find_page_marks", "settle_roles"]
