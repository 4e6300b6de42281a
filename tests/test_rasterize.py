"""Pages out of files: scanned PDF pages at their own resolution, text layers as words."""

from __future__ import annotations

import io

from PIL import Image

from recognizers.rasterize import iter_pages
from tests.samples import PAYMENT_INVOICE, scan, text_pdf


def _image_pdf(dpi: int) -> bytes:
    """A scanner's PDF: one A4 page holding only a page image of the given resolution."""
    image = Image.open(io.BytesIO(scan(PAYMENT_INVOICE, dpi=dpi))).convert("RGB")
    buf = io.BytesIO()
    image.save(buf, "PDF", resolution=float(dpi))
    return buf.getvalue()


def test_a_scanned_pdf_page_is_rendered_at_its_image_resolution_up_to_the_ocr_dpi() -> None:
    low = next(iter_pages(_image_pdf(150), dpi=300))
    assert low.text_source is None and low.image is not None
    assert abs(low.width - 1240) <= 2 and abs(low.height - 1754) <= 2  # A4 at 150 dpi
    high = next(iter_pages(_image_pdf(400), dpi=300))
    assert abs(high.width - 2480) <= 2  # capped at the OCR resolution


def test_a_text_layer_page_keeps_the_requested_scale() -> None:
    page = next(iter_pages(text_pdf(PAYMENT_INVOICE), dpi=300))
    assert page.text_source == "text_layer" and page.width == round(595.2755 * 300 / 72)
    assert "Счёт на оплату" in page.text


def test_a_pdf_page_image_comes_in_opencv_colour_order() -> None:
    """A blue seal must stay blue: marks tell seal and pen ink from print by colour, on
    the BGR channels OpenCV expects."""
    image = Image.new("RGB", (600, 800), (255, 255, 255))
    image.paste((20, 40, 200), (100, 100, 300, 300))  # blue (R, G, B)
    buf = io.BytesIO()
    image.save(buf, "PDF", resolution=72.0)
    page = next(iter_pages(buf.getvalue(), dpi=72))
    assert page.image is not None and page.image.flags["C_CONTIGUOUS"]
    b, g, r = (int(v) for v in page.image[200, 200])
    assert b > 180 and r < 40 and g < 60
    assert tuple(int(v) for v in page.image[600, 300]) == (255, 255, 255)
