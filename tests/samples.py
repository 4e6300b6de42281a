"""Small documents made on the fly for tests: text PDFs, their scans, and broken files."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "contracts" / "document-card.schema.json"

PAYMENT_INVOICE = [
    "ООО «Ромашка»",
    "Банк получателя: ПАО СБЕРБАНК г. Москва    БИК 044525225",
    "Образец заполнения платёжного поручения",
    "Счёт на оплату № 137 от 15 марта 2026 г.",
    "Поставщик: ООО «Ромашка», ИНН 7707083893, КПП 773601001",
    "Покупатель: АО «Лютик»",
    "Всего наименований 2 на сумму 12 200,00 руб.",
    "Оплата данного счёта означает согласие с условиями поставки товара.",
]


def text_pdf(lines: list[str], *, pages: int = 1, encrypt: str | None = None) -> bytes:
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt=encrypt, invariant=1)
    for _ in range(pages):
        pdf.setFont("DejaVu", 12)
        for i, line in enumerate(lines):
            pdf.drawString(60, 780 - 22 * i, line)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def scan(lines: list[str], *, fmt: str = "PNG", dpi: int = 300) -> bytes:
    """The PDF rendered to an image, as a flatbed scanner would deliver it."""
    page = pdfium.PdfDocument(text_pdf(lines))[0]
    image = page.render(scale=dpi / 72).to_pil().convert("L")
    buf = io.BytesIO()
    image.save(buf, fmt, dpi=(dpi, dpi))
    return buf.getvalue()


def multipage_tiff(lines: list[str], pages: int = 2, dpi: int = 200) -> bytes:
    frames = [Image.open(io.BytesIO(scan(lines, dpi=dpi))) for _ in range(pages)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    return buf.getvalue()


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def png_header_only(width: int, height: int, idat: bytes = b"") -> bytes:
    """A PNG that declares ``width``×``height`` but carries (almost) no pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat or zlib.compress(b"\0" * 64))
        + _png_chunk(b"IEND", b"")
    )


def corrupt_pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage garbage\n%%EOF\n"
