"""Matching of detected stamps, signatures and codes against the truth.

Boxes are ``[x, y, width, height]`` in pixels of some rendering of the page; card boxes are first
rescaled from the card's ``page_sizes`` to the truth's ``pages`` sizes, page by page, so a card
made at 150 dpi is compared fairly with a truth drawn at 300 dpi.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ecm.evaluation.normalize import normalize_code_type

MIN_IOU = 0.3

Size = tuple[float, float]


@dataclass(frozen=True)
class PlacedBox:
    page: int
    bbox: tuple[float, float, float, float]


@dataclass
class Rescaler:
    """Maps card page coordinates to truth page coordinates."""

    scales: dict[int, Size] = field(default_factory=dict)
    reference: dict[int, Size] = field(default_factory=dict)
    unscaled_pages: set[int] = field(default_factory=set)

    def apply(self, page: int, bbox: Sequence[float]) -> PlacedBox:
        sx, sy = self.scales.get(page, (1.0, 1.0))
        if page not in self.scales:
            self.unscaled_pages.add(page)
        x, y, w, h = (float(v) for v in bbox[:4])
        return PlacedBox(page, (x * sx, y * sy, w * sx, h * sy))


def page_sizes(entries: Iterable[Mapping[str, Any]] | None) -> dict[int, Size]:
    sizes: dict[int, Size] = {}
    for entry in entries or ():
        width, height = float(entry["width"]), float(entry["height"])
        if width > 0 and height > 0:
            sizes[int(entry["page"])] = (width, height)
    return sizes


def make_rescaler(truth_pages: dict[int, Size], card_pages: dict[int, Size]) -> Rescaler:
    """Per-page scale factors; pages known to only one side are compared unscaled.

    Without truth sizes the card's own sizes become the drawing reference, which is the best
    guess available (and is reported as a note by the caller).
    """
    scales = {
        page: (tw / card_pages[page][0], th / card_pages[page][1])
        for page, (tw, th) in truth_pages.items()
        if page in card_pages
    }
    return Rescaler(scales=scales, reference=dict(truth_pages or card_pages))


def iou(a: Sequence[float], b: Sequence[float]) -> float:
    ax, ay, aw, ah = a[:4]
    bx, by, bw, bh = b[:4]
    inter_w = min(ax + aw, bx + bw) - max(ax, bx)
    inter_h = min(ay + ah, by + bh) - max(ay, by)
    if inter_w <= 0 or inter_h <= 0:
        return 0.0
    inter = inter_w * inter_h
    union = aw * ah + bw * bh - inter
    return inter / union if union > 0 else 0.0


def match_boxes(
    truth: Sequence[PlacedBox], read: Sequence[PlacedBox], min_iou: float = MIN_IOU
) -> list[tuple[int, int]]:
    """Pairs (truth index, read index), greedy by IoU descending, each side used at most once.

    Ties are broken by truth then read order, so the result does not depend on dict ordering.
    """
    candidates = [
        (overlap, ti, ri)
        for ti, t in enumerate(truth)
        for ri, r in enumerate(read)
        if t.page == r.page and (overlap := iou(t.bbox, r.bbox)) >= min_iou
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_truth: set[int] = set()
    used_read: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, ti, ri in candidates:
        if ti in used_truth or ri in used_read:
            continue
        used_truth.add(ti)
        used_read.add(ri)
        pairs.append((ti, ri))
    return pairs


def match_codes(
    truth: Sequence[Mapping[str, Any]], read: Sequence[Mapping[str, Any]]
) -> tuple[int, int]:
    """(truth codes decoded, read codes matching no truth code); a multiset match on (type, data).

    Data must be identical byte for byte; only the symbology name is folded (case, punctuation),
    since decoders spell it "QRCODE", "QR_CODE" or "QR-Code".
    """

    def key(code: Mapping[str, Any]) -> tuple[str, str]:
        return normalize_code_type(str(code.get("type", ""))), str(code.get("data", ""))

    wanted = Counter(key(code) for code in truth)
    got = Counter(key(code) for code in read)
    decoded = sum((wanted & got).values())
    return decoded, sum(got.values()) - decoded
