"""Write pages in the formats scanners and phones produce: PNG, JPEG, TIFF, image PDF."""

from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

# (extension, JPEG quality range or None) per profile, for one-page and multi-page files.
SINGLE = {"clean_scan": ("png", "tif", "jpg", "pdf"), "poor_scan": ("jpg", "jpg", "pdf"),
          "photo": ("jpg",)}
MULTI = {"clean_scan": ("tif", "pdf"), "poor_scan": ("pdf", "tif"), "photo": ("pdf",)}
QUALITY = {"clean_scan": (85, 95), "poor_scan": (40, 60), "photo": (70, 88)}


def choose_ext(profile: str, pages: int, rng: random.Random) -> str:
    return rng.choice(SINGLE[profile] if pages == 1 else MULTI[profile])


def _jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=False)
    return buf.getvalue()


def _image_pdf(images: list[Image.Image], dpi: int, quality: int) -> bytes:
    """A scanner-style PDF: one JPEG per page, no text layer."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for img in images:
        w, h = img.width * 72 / dpi, img.height * 72 / dpi
        c.setPageSize((w, h))
        c.drawImage(ImageReader(io.BytesIO(_jpeg(img, quality))), 0, 0, w, h)
        c.showPage()
    c.save()
    return buf.getvalue()


def write_pages(path: Path, pages: list[np.ndarray], profile: str, dpi: int,
                rng: random.Random) -> None:
    ext = path.suffix.lstrip(".")
    lo, hi = QUALITY[profile]
    quality = rng.randint(lo, hi)
    gray = all(np.array_equal(p[..., 0], p[..., 2]) for p in pages)
    images = [Image.fromarray(p[..., 0] if gray else p) for p in pages]
    if ext == "pdf":
        path.write_bytes(_image_pdf(images, dpi, quality))
    elif ext == "jpg":
        path.write_bytes(_jpeg(images[0], quality))
    elif ext == "png":
        images[0].save(path, "PNG", dpi=(dpi, dpi))
    else:
        # Scanner noise makes lossless TIFF enormous; scanners write JPEG-in-TIFF.
        images[0].save(path, "TIFF", compression="jpeg", quality=quality, dpi=(dpi, dpi),
                       save_all=True, append_images=images[1:])
