"""OCR of a page image with tesseract: words, boxes and confidences in one pass."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cv2
import numpy as np
import pytesseract
from PIL import Image

from recognizers.errors import BadDocument
from recognizers.ocr_fill import core_box, place_words, stack_crops, text_height, unread_runs
from recognizers.ocr_latin import read_latin
from recognizers.page import Word


class OcrUnavailable(RuntimeError):
    """Tesseract or its language data is missing: an installation problem, not the document's."""


# Tesseract re-reads every line it is unsure of as white-on-black text; primary documents
# have none, and on poor scans that second look cost ~9% of the page pass (dev pages,
# paired timing) for no field or row read differently beyond noise (2 of ~1,800).
NO_INVERT = "-c tessedit_do_invert=0"


def ocr_words(image: np.ndarray, *, languages: str = "rus+eng", timeout: float = 0,
              config: str = f"--psm 3 {NO_INVERT}") -> list[Word]:
    """Words of a BGR or grayscale page image, in the image's pixel coordinates."""
    # Parallelism comes from processes; tesseract's own OpenMP threads only contend with them.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    with _tesseract_errors(languages):
        data = _image_to_data(gray, languages, config, timeout)
    return _to_words(data)


def ocr_images(images: list[np.ndarray], *, languages: str = "rus",
               config: str = f"--psm 6 {NO_INVERT}") -> list[list[Word]]:
    """The words of each grayscale image, from one tesseract run over a list of image files:
    each is read as a page of its own (the same words as a run of its own), and starting
    tesseract and loading its model, ~30 ms of CPU a run, is paid once, not once an image."""
    if not images:
        return []
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    with tempfile.TemporaryDirectory(prefix="ecm-ocr-") as tmp:
        names = [str(Path(tmp) / f"{i}.pgm") for i in range(len(images))]
        for name, image in zip(names, images, strict=True):
            cv2.imwrite(name, image)
        listing = Path(tmp) / "images.txt"
        listing.write_text("\n".join(names) + "\n")
        with _tesseract_errors(languages):
            data = pytesseract.image_to_data(str(listing), lang=languages, config=config,
                                             output_type=pytesseract.Output.DICT)
    pages = [int(str(p)) for p in data["page_num"]]
    return [_to_words({k: [v for v, p in zip(vs, pages, strict=True) if p == n]
                       for k, vs in data.items()}) for n in range(1, len(images) + 1)]


@contextmanager
def _tesseract_errors(languages: str) -> Iterator[None]:
    """Tesseract's failures as ecm's: a missing install or language is ``OcrUnavailable``,
    a page over its time limit the document's ``BadDocument``."""
    try:
        yield
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrUnavailable("tesseract is not installed (apt-get install tesseract-ocr)") from exc
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise BadDocument(
                "page_timeout", "Распознавание страницы превысило лимит времени."
            ) from exc
        raise
    except pytesseract.TesseractError as exc:
        if "Failed loading language" in str(exc):
            raise OcrUnavailable(f"tesseract language data missing for {languages!r}") from exc
        raise


def _image_to_data(gray: np.ndarray, languages: str, config: str,
                   timeout: float) -> dict[str, list[object]]:
    """pytesseract hands tesseract a PNG it compresses itself (1-2 s for an A4 page at 300 dpi,
    a third of the OCR time under load); an uncompressed PGM costs ~0.04 s and reads the same."""
    with tempfile.TemporaryDirectory(prefix="ecm-ocr-") as tmp:
        path = Path(tmp) / "page.pgm"
        if not cv2.imwrite(str(path), gray):
            data = pytesseract.image_to_data(Image.fromarray(gray), lang=languages,
                                             config=config, timeout=timeout,
                                             output_type=pytesseract.Output.DICT)
        else:
            data = pytesseract.image_to_data(str(path), lang=languages, config=config,
                                             timeout=timeout,
                                             output_type=pytesseract.Output.DICT)
    return data


def _to_words(data: dict[str, list[object]]) -> list[Word]:
    words: list[Word] = []
    line_ids: dict[tuple[object, object, object], int] = {}
    for i, raw_text in enumerate(data["text"]):
        text = str(raw_text).strip()
        conf = float(str(data["conf"][i]))
        if not text or conf < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        line = line_ids.setdefault(key, len(line_ids))
        words.append(
            Word(
                text=text,
                x=float(str(data["left"][i])),
                y=float(str(data["top"][i])),
                w=float(str(data["width"][i])),
                h=float(str(data["height"][i])),
                conf=conf / 100.0,
                line=line,
            )
        )
    return words


def ocr_page(gray: np.ndarray, *, languages: str = "rus+eng", timeout: float = 0) -> list[Word]:
    """Words of a cleaned page image: the layout pass in the first language, the words it
    read in doubt read once more in the others (recognizers/ocr_latin.py), then the ink it
    returned no words for (recognizers/ocr_fill.py), each in one more call over a stacked
    image."""
    main, *others = languages.split("+")
    words = ocr_words(gray, languages=main, timeout=timeout)
    if others:
        words = read_latin(gray, words, lambda canvas: ocr_words(
            canvas, languages="+".join(others), timeout=timeout, config=f"--psm 6 {NO_INVERT}"))
    fill = fill_unread(gray, words, languages=main, timeout=timeout)
    return words + fill


def fill_unread(gray: np.ndarray, words: list[Word], *, languages: str = "rus+eng",
                timeout: float = 0) -> list[Word]:
    """Words read from the ink runs no word of ``words`` covers (none when all is read)."""
    runs = unread_runs(gray, words)
    if not runs:
        return []
    height = text_height(words)
    canvas, slots = stack_crops(gray, runs, pad=max(4, int(0.4 * height)))
    read = ocr_words(canvas, languages=languages, timeout=timeout, config=f"--psm 6 {NO_INVERT}")
    first_line = max(w.line for w in words) + 1
    added = [w for w in place_words(read, slots, first_line)
             if w.conf >= FILL_MIN_CONF and not any(_overlaps(w, o, height) for o in words)]
    return added


FILL_MIN_CONF = 0.3


def _overlaps(a: Word, b: Word, height: float) -> bool:
    """Boxes sharing more than half of the smaller one: the same word read twice."""
    ax0, ay0, ax1, ay1 = core_box(a, height)
    bx0, by0, bx1, by1 = core_box(b, height)
    dx = min(ax1, bx1) - max(ax0, bx0)
    dy = min(ay1, by1) - max(ay0, by0)
    return dx > 0 and dy > 0 and dx * dy > 0.5 * min((ax1 - ax0) * (ay1 - ay0),
                                                     (bx1 - bx0) * (by1 - by0))
