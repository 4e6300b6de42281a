"""Rasterize the vector PDF and press the ink marks onto the pixels."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from ecm.corpus.layouts.sheet import Overlay


def rasterize(pdf: bytes, dpi: int) -> list[np.ndarray]:
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for i in range(len(doc)):
            bitmap = doc[i].render(scale=dpi / 72)
            pages.append(np.asarray(bitmap.to_pil().convert("RGB")).copy())
        return pages
    finally:
        doc.close()


def _fit(ov: Overlay, dpi: int) -> tuple[Image.Image, int, int]:
    k = dpi / 72
    w, h = max(1, round(ov.w * k)), max(1, round(ov.h * k))
    return ov.image.resize((w, h), Image.Resampling.LANCZOS), round(ov.x * k), round(ov.top * k)


def composite(pages: list[np.ndarray], overlays: list[Overlay], dpi: int) -> None:
    """Ink multiplies with the paper (text shows through); stickers cover it."""
    for ov in overlays:
        page = pages[ov.page - 1]
        img, x, y = _fit(ov, dpi)
        ph, pw = page.shape[:2]
        x0, y0, x1, y1 = max(0, x), max(0, y), min(pw, x + img.width), min(ph, y + img.height)
        if x1 <= x0 or y1 <= y0:
            continue
        rgba = np.asarray(img, dtype=np.float32)[y0 - y:y1 - y, x0 - x:x1 - x]
        alpha = rgba[..., 3:4] / 255
        region = page[y0:y1, x0:x1].astype(np.float32)
        if ov.kind == "code":
            out = region * (1 - alpha) + rgba[..., :3] * alpha
        else:
            out = region * (1 - alpha * (1 - rgba[..., :3] / 255))
        page[y0:y1, x0:x1] = out.clip(0, 255).astype(np.uint8)
