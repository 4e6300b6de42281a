"""Cheap checks on an uploaded file before it is accepted: type, integrity, size in pixels.

Runs at upload time, so it opens only headers (no rendering, no decoding of pixels).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image

from recognizers.errors import BadDocument
from recognizers.sniff import CONTENT_TYPES, FileKind, sniff


@dataclass(frozen=True)
class FileInfo:
    kind: FileKind
    content_type: str
    pages: int


def inspect_file(data: bytes, *, max_pixels: int, max_pages: int) -> FileInfo:
    """Check that ``data`` is a document we can process; raise BadDocument with a reason if not."""
    if not data:
        raise BadDocument("empty", "Файл пустой.")
    kind = sniff(data[:1024])
    if kind is None:
        raise BadDocument(
            "unsupported_type",
            "Неподдерживаемый тип файла: принимаются PDF, JPEG, PNG и TIFF.",
        )
    pages = _pdf_pages(data) if kind == "pdf" else _image_pages(data, max_pixels)
    if pages > max_pages:
        raise BadDocument(
            "too_many_pages", f"Слишком много страниц: {pages} (не более {max_pages})."
        )
    return FileInfo(kind=kind, content_type=CONTENT_TYPES[kind], pages=pages)


def _pdf_pages(data: bytes) -> int:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise BadDocument(
                "encrypted_pdf", "PDF защищён паролем: загрузите файл без защиты."
            ) from exc
        raise BadDocument("corrupt_pdf", "PDF повреждён и не может быть прочитан.") from exc
    try:
        count = len(pdf)
    finally:
        pdf.close()
    if count < 1:
        raise BadDocument("corrupt_pdf", "В PDF нет ни одной страницы.")
    return count


def _image_pages(data: bytes, max_pixels: int) -> int:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                frames = getattr(img, "n_frames", 1)
                for index in range(frames):
                    img.seek(index)
                    width, height = img.size
                    if width * height > max_pixels:
                        raise BadDocument(
                            "image_too_large",
                            f"Изображение слишком большое: {width}×{height} пикселей "
                            f"(не более {max_pixels // 1_000_000} мегапикселей).",
                        )
                    if width < 16 or height < 16:
                        raise BadDocument("image_too_small", "Изображение слишком маленькое.")
                return int(frames)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise BadDocument("image_too_large", "Изображение слишком большое (риск «бомбы»).") from exc
    except BadDocument:
        raise
    except Exception as exc:  # PIL raises many types for damaged files
        raise BadDocument(
            "corrupt_image", "Изображение повреждено и не может быть прочитано."
        ) from exc
