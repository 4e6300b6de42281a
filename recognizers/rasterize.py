"""Turn file bytes into pages: the PDF's own text layer where it has one, images otherwise."""

from __future__ import annotations

import io
from collections.abc import Iterator

import cv2
import numpy as np
import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageOps

from recognizers.errors import BadDocument
from recognizers.page import Page, Word
from recognizers.sniff import sniff

# A page whose text layer has fewer characters than this is treated as a scan (scanners often
# put a page number or an invisible OCR stub into the layer).
MIN_TEXT_LAYER_CHARS = 40
POINTS_PER_INCH = 72.0
# A scanned page is rendered at its embedded image's own resolution when that is lower than
# the requested dpi, but not below this.
MIN_SCAN_DPI = 100.0


def iter_pages(
    data: bytes, *, dpi: int = 300, max_pixels: int = 120_000_000, render_all: bool = True
) -> Iterator[Page]:
    """Pages of a PDF or image file, one at a time (a 500-page scan never sits in memory).

    Every page carries its image (text-layer pages too when ``render_all``: marks are
    found on images); pages with a usable text layer also carry its words.
    """
    kind = sniff(data[:1024])
    if kind == "pdf":
        return _pdf_pages(data, dpi, render_all)
    if kind is None:
        raise BadDocument("unsupported_type", "Неподдерживаемый тип файла.")
    return _image_pages(data, max_pixels)


def load_pages(data: bytes, *, dpi: int = 300, max_pixels: int = 120_000_000) -> list[Page]:
    """All pages at once, text-layer pages without images: for small files and tests."""
    return list(iter_pages(data, dpi=dpi, max_pixels=max_pixels, render_all=False))


def _pdf_pages(data: bytes, dpi: int, render_all: bool) -> Iterator[Page]:
    scale = dpi / POINTS_PER_INCH
    try:
        plumber = pdfplumber.open(io.BytesIO(data))
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:
        raise BadDocument("corrupt_pdf", "PDF повреждён и не может быть прочитан.") from exc
    with plumber:
        try:
            for index, plumber_page in enumerate(plumber.pages):
                width = round(float(plumber_page.width) * scale)
                height = round(float(plumber_page.height) * scale)
                words = _text_layer_words(plumber_page, scale)
                if sum(len(w.text) for w in words) >= MIN_TEXT_LAYER_CHARS:
                    image = _render_pdf_page(pdf, index, scale) if render_all else None
                    yield Page(
                        index + 1, width, height, image=image, words=words, text_source="text_layer"
                    )
                    continue
                native = _scan_dpi(plumber_page)
                page_scale = min(dpi, max(native, MIN_SCAN_DPI)) / POINTS_PER_INCH if native \
                    else scale
                image = _render_pdf_page(pdf, index, page_scale)
                yield Page(index + 1, image.shape[1], image.shape[0], image=image)
        finally:
            pdf.close()


def _scan_dpi(plumber_page: pdfplumber.page.Page) -> float | None:
    """The resolution of the image that fills a scanned page, if one does.

    Rendering a 150-dpi phone photo at 300 dpi adds no detail, only pixels: OCR then takes
    four times longer and reads the blur worse than at the photo's own size, which is how the
    same photo sent as a JPEG is read.
    """
    try:
        images = plumber_page.images
    except Exception:
        return None
    page_area = float(plumber_page.width) * float(plumber_page.height)
    for image in images:
        width_pt = float(image["x1"]) - float(image["x0"])
        height_pt = float(image["bottom"]) - float(image["top"])
        if width_pt * height_pt >= 0.8 * page_area and width_pt > 0:
            return float(image["srcsize"][0]) / (width_pt / POINTS_PER_INCH)
    return None


def _text_layer_words(plumber_page: pdfplumber.page.Page, scale: float) -> list[Word]:
    try:
        raw = plumber_page.extract_words(keep_blank_chars=False, use_text_flow=False)
    except Exception:
        return []  # a broken content stream: fall back to rendering and OCR
    words: list[Word] = []
    line_tops: list[float] = []
    for item in sorted(raw, key=lambda w: (round(float(w["top"])), float(w["x0"]))):
        top = float(item["top"])
        line = next((i for i, t in enumerate(line_tops) if abs(t - top) < 2.0), None)
        if line is None:
            line_tops.append(top)
            line = len(line_tops) - 1
        words.append(
            Word(
                text=str(item["text"]),
                x=float(item["x0"]) * scale,
                y=top * scale,
                w=(float(item["x1"]) - float(item["x0"])) * scale,
                h=(float(item["bottom"]) - top) * scale,
                conf=1.0,
                line=line,
            )
        )
    return words


def _render_pdf_page(pdf: pdfium.PdfDocument, index: int, scale: float) -> np.ndarray:
    try:
        bitmap = pdf[index].render(scale=scale, grayscale=False)
        # pdfium draws in OpenCV's own BGR order: a copy of its buffer is the page (the
        # round trip through PIL's RGB and back cost ~0.1 s a page at 300 dpi).
        if bitmap.mode == "BGR":
            return np.array(bitmap.to_numpy())
        bgr = cv2.cvtColor(np.asarray(bitmap.to_pil().convert("RGB")), cv2.COLOR_RGB2BGR)
    except Exception as exc:
        raise BadDocument(
            "corrupt_pdf", f"Страница {index + 1} PDF повреждена и не может быть отрисована."
        ) from exc
    return bgr


def _image_pages(data: bytes, max_pixels: int) -> Iterator[Page]:
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        img = Image.open(io.BytesIO(data))
        frames = getattr(img, "n_frames", 1)
        for index in range(frames):
            img.seek(index)
            frame = (
                ImageOps.exif_transpose(img.convert("RGB")) if index == 0 else img.convert("RGB")
            )
            # OpenCV swaps the channels in ~10 ms where numpy's strided copy took ~55.
            bgr = cv2.cvtColor(np.asarray(frame), cv2.COLOR_RGB2BGR)
            yield Page(index + 1, bgr.shape[1], bgr.shape[0], image=bgr)
    except BadDocument:
        raise
    except Exception as exc:
        raise BadDocument(
            "corrupt_image", "Изображение повреждено и не может быть прочитано."
        ) from exc
