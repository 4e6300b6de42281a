"""Recognition of one file's bytes into a document card: no storage, no side effects.

Steps, each a pure recognizer: pages one at a time (text layer or image) → OCR where there
is no text layer → marks on the page image, which is then dropped → classification on the
whole text → fields, line items and checks → document-level checks of marks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import cv2
import numpy as np

from ecm.settings import Settings, get_settings
from recognizers.card import Card, Marks, PageSize
from recognizers.classify import Classification, classify
from recognizers.cleanup import prepare
from recognizers.fields import FieldsResult, extract_fields
from recognizers.fields.by_payment import confirm_by_payment
from recognizers.fields.crop_check import FIELDS as CHECKED_FIELDS
from recognizers.fields.crop_check import check_held, held_values
from recognizers.fields.reread import plan_rereads, reread_lines
from recognizers.letter_check import settle_b_letters
from recognizers.marks import check_marks, find_page_marks, settle_roles
from recognizers.ocr import ocr_page
from recognizers.orientation import better, box_to_received, garbled, turn_order
from recognizers.page import Page, Word
from recognizers.rasterize import iter_pages
from recognizers.review import REVIEW_THRESHOLD
from recognizers.status_box import read_status_box


@dataclass(frozen=True)
class RecognizeOptions:
    languages: str = "rus+eng"
    dpi: int = 300
    page_timeout: float = 120.0
    max_pixels: int = 120_000_000
    marks: bool = True
    # Clean-up before OCR, each kept because it measured better with `ecm eval`.
    deskew: bool = True
    dewarp: bool = True
    rulings: bool = True
    upscale: bool = True
    # Pages fed sideways or upside down are read upright (recognizers/orientation.py).
    orient: bool = True
    review_threshold: float = REVIEW_THRESHOLD

    @classmethod
    def from_settings(cls, settings: Settings) -> RecognizeOptions:
        return cls(
            languages=settings.ocr_languages,
            dpi=settings.ocr_dpi,
            page_timeout=float(settings.page_time_limit),
            max_pixels=settings.max_image_pixels,
            review_threshold=settings.review_threshold,
        )


@dataclass(frozen=True)
class Recognition:
    card: Card
    page_texts: list[str]

    @property
    def text(self) -> str:
        return "\n\f\n".join(self.page_texts)


def read_pages(data: bytes, options: RecognizeOptions) -> tuple[list[Page], Marks]:
    """Every page with its words, and the marks found while each page image was at hand."""
    pages, _reading, marks = _read_pages(data, options)
    return pages, marks


def _read_pages(data: bytes, options: RecognizeOptions) -> tuple[list[Page], list[Page], Marks]:
    """Pages as received (words in the received image's pixels), the pages as read for fields
    (OCR words in the cleaned image's pixels, where lines run level), and the marks."""
    pages: list[Page] = []
    reading: list[Page] = []
    marks = Marks()
    turns = 0
    for page in iter_pages(
        data, dpi=options.dpi, max_pixels=options.max_pixels, render_all=options.marks
    ):
        read = page
        found = Marks()
        if page.text_source is None and page.image is not None:
            read, found, turns = read_image_page(page, options, turns)
        elif options.marks and page.image is not None:
            found = find_page_marks(page)
        marks.stamps.extend(found.stamps)
        marks.signatures.extend(found.signatures)
        marks.codes.extend(found.codes)
        page.image = None
        pages.append(page)
        reading.append(read if read is not page else Page(
            page.number, page.width, page.height, words=page.words, text_source=page.text_source))
    return pages, reading, marks


def read_image_page(page: Page, options: RecognizeOptions,
                     previous: int) -> tuple[Page, Marks, int]:
    """OCR and marks of a scanned page read upright, with ``page.words`` and the marks' boxes
    in the received image's pixels (the card's boxes are in the image as it came), and the
    quarter turns (np.rot90's) that made it upright; ``previous``: the last page's."""
    assert page.image is not None
    first, second = turn_order(page.image, previous) if options.orient else (0, 0)
    turns, upright = first, _turned(page, first)
    read = _ocr_page(upright, options)
    if second != first and garbled(read.words):
        # Read the other way only when the first reading is garbled: upright pages pay nothing.
        other = _turned(page, second)
        other_read = _ocr_page(other, options)
        if better(read.words, other_read.words):
            turns, upright, read = second, other, other_read
    found = find_page_marks(upright) if options.marks else Marks()
    page.words = [_word_to_received(w, turns, page) for w in upright.words]
    page.text_source = upright.text_source
    return read, _marks_to_received(found, turns, page), turns


def _turned(page: Page, turns: int) -> Page:
    """The page as np.rot90(image, turns) shows it (the same object when not turned)."""
    if turns == 0:
        return page
    assert page.image is not None
    image = np.ascontiguousarray(np.rot90(page.image, turns))
    return Page(page.number, image.shape[1], image.shape[0], image=image)


def _word_to_received(word: Word, turns: int, page: Page) -> Word:
    if turns == 0:
        return word
    x, y, w, h = box_to_received((word.x, word.y, word.w, word.h), turns, page.width,
                                 page.height)
    return Word(word.text, x, y, w, h, word.conf, word.line)


def _marks_to_received(marks: Marks, turns: int, page: Page) -> Marks:
    if turns == 0:
        return marks

    def box(bbox: list[float] | None) -> list[float] | None:
        return None if bbox is None else [round(v, 1) for v in box_to_received(
            bbox, turns, page.width, page.height)]

    return Marks(stamps=[s.model_copy(update={"bbox": box(s.bbox)}) for s in marks.stamps],
                 signatures=[s.model_copy(update={"bbox": box(s.bbox)})
                             for s in marks.signatures],
                 codes=[c.model_copy(update={"bbox": box(c.bbox)}) for c in marks.codes])


def _ocr_page(page: Page, options: RecognizeOptions) -> Page:
    """OCR of the cleaned image; ``page`` gets the words mapped back to its own pixels."""
    assert page.image is not None
    gray, matrix = prepare(page.image, outline=options.dewarp, skew=options.deskew,
                           rulings=options.rulings, upscale=options.upscale)
    words = settle_b_letters(gray, ocr_page(gray, languages=options.languages,
                                            timeout=options.page_timeout))
    page.words = _map_words(words, np.linalg.inv(matrix)) if not np.allclose(
        matrix, np.eye(3)) else words
    page.text_source = "ocr"
    read = Page(page.number, gray.shape[1], gray.shape[0], words=words, text_source="ocr")
    # Lines whose reading failed a field's check are read once more while the image is here.
    read.rereads = reread_lines(gray, plan_rereads(read), options.languages.split("+")[0])
    if page.number == 1:
        read.status_box = read_status_box(gray, words)
        read.image = gray  # for the held values' crops (interpret_checked), then dropped
    return read


def _map_words(words: list[Word], matrix: np.ndarray) -> list[Word]:
    if not words:
        return words
    corners = np.array([[[w.x, w.y], [w.x + w.w, w.y], [w.x + w.w, w.y + w.h], [w.x, w.y + w.h]]
                        for w in words], dtype=np.float64).reshape(-1, 1, 2)
    mapped = cv2.perspectiveTransform(corners, matrix).reshape(-1, 4, 2)
    out = []
    for word, pts in zip(words, mapped, strict=True):
        x0, y0 = pts.min(axis=0)
        x1, y1 = pts.max(axis=0)
        out.append(Word(word.text, float(x0), float(y0), float(x1 - x0), float(y1 - y0),
                        word.conf, word.line))
    return out


def interpret(reading: list[Page], review_threshold: float = REVIEW_THRESHOLD
              ) -> tuple[Classification, FieldsResult]:
    """The class and the fields of a document from its pages as read (the bench scripts replay
    cached readings through this same step)."""
    texts = [page.text for page in reading]
    found = classify(texts[0] if texts else "", "\n".join(texts[1:]),
                     status_box=reading[0].status_box if reading else None,
                     scanned=bool(reading) and reading[0].text_source == "ocr")
    return found, extract_fields(reading, found.doc_type, found.upd_status, found,
                                 review_threshold)


def interpret_checked(reading: list[Page], review_threshold: float = REVIEW_THRESHOLD,
                      languages: str = "rus", below: float | None = None
                      ) -> tuple[Classification, FieldsResult]:
    """``interpret``, and again once the values it held for review (a name, the number) were
    read a second time from their crops on the first page's cleaned image, which is then
    dropped. ``below``: the confidence under which a value is checked (the threshold)."""
    found, extracted = interpret(reading, review_threshold)
    first = reading[0] if reading else None
    if first is None or first.image is None:
        return found, extracted
    gray, first.image = first.image, None
    values = {name: getattr(extracted.fields, name) for name in CHECKED_FIELDS}
    held = held_values(values, extracted.field_confidence,
                       review_threshold if below is None else below)
    if not held:
        return found, extracted
    first.crop_reads = check_held(first, gray, held, languages)
    return interpret(reading, review_threshold)


def recognize_document(data: bytes, file: str, options: RecognizeOptions) -> Recognition:
    pages, reading, marks = _read_pages(data, options)
    found, extracted = interpret_checked(reading, options.review_threshold,
                                         options.languages.split("+")[0])
    card = Card(
        file=file,
        sha256=hashlib.sha256(data).hexdigest(),
        doc_type=found.doc_type,  # type: ignore[arg-type]
        upd_status=found.upd_status,  # type: ignore[arg-type]
        confidence=found.confidence,
        pages=len(pages),
        page_sizes=[PageSize(page=p.number, width=p.width, height=p.height) for p in pages],
        text_source=_text_source(pages),
        fields=extracted.fields,
        field_confidence=extracted.field_confidence,
        line_items=extracted.line_items,
        marks=marks,
        issues=extracted.issues,
    )
    if options.marks:
        # Unsearched pages say nothing about missing signatures or seals.
        settle_roles(card)
        confirm_by_payment(card)
        card.issues.extend(check_marks(card))
    return Recognition(card=card, page_texts=[page.text for page in reading])


def _text_source(pages: list[Page]) -> Literal["text_layer", "ocr", "mixed"] | None:
    sources = {p.text_source for p in pages if p.text_source}
    if not sources:
        return None
    return sources.pop() if len(sources) == 1 else "mixed"


def recognize_bytes(data: bytes, file: str, options: RecognizeOptions | None = None) -> Card:
    """Recognize a document given as bytes; ``file`` is echoed into the card."""
    opts = options or RecognizeOptions.from_settings(get_settings())
    return recognize_document(data, file, opts).card


def recognize_file(path: Path, options: RecognizeOptions | None = None) -> Card:
    """Recognize the file at ``path``; the card's ``file`` is the path as given."""
    return recognize_bytes(path.read_bytes(), str(path), options)
