"""A second reading for an EAN-13 or UPC-A read once by a decoder that is not sure of it
(or a Code 128 that zbar read by one or two scanlines: ``codes_read.zbar_sure``).

Their one check digit passes a misread digit one time in ten. On photos and poor scans
zbar reads some true stickers by only 4-11 scanlines, and false ones (a UPC-A read off an
EAN-13's half) by as few; zxing-cpp reads a 2 px-a-module EAN-13 on a single scanline, at
times with a wrong left half (twice, two texts, on one synthetic photo). Such a reading
stands only when two of several independent readings of the code's crop give its text
(zbar and zxing-cpp on the crop as it is, upscaled and sharpened, and the own readers of
``codes_1d`` and ``codes_fit``); when another text is read twice as well, neither is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import cv2
import numpy as np

from recognizers.marks.codes_1d import read_linear
from recognizers.marks.codes_fit import fit_profiles
from recognizers.marks.codes_read import CHECK_DIGIT_ONLY, FoundCode, zbar_codes, zxing_codes
from recognizers.marks.codes_rescue import bars_angle

Reader = tuple[str, Callable[[], list[tuple[str, str]]]]


def _key(kind: str, data: str) -> str:
    """One text for an EAN-13 however it was named: a UPC-A is an EAN-13 starting with 0."""
    return "0" + data if kind == "UPCA" else data


def _family(kind: str) -> str:
    return "EAN" if kind in CHECK_DIGIT_ONLY else kind


def _texts(decode: Callable[[np.ndarray], list[FoundCode]],
           image: np.ndarray) -> list[tuple[str, str]]:
    return [(c.type, c.data) for c in decode(image)]


def _readers(crop: np.ndarray, px_per_mm: float) -> Iterator[Reader]:
    """(decoder, reading) of the crop, cheapest first. One decoder's readings of copies of
    the crop are not independent: zbar read one false UPC-A on a synthetic photo's crop, its
    upscaled and its sharpened copy alike."""
    f = 2.0 if px_per_mm >= 6 else 3.0
    big = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
    sharp = cv2.addWeighted(big, 2.0, cv2.GaussianBlur(big, (0, 0), f), -1.0, 0)
    for image in (crop, big, sharp):
        for decode in (zbar_codes, zxing_codes):
            yield decode.__name__, partial(_texts, decode, image)
    angle = bars_angle(crop, int(px_per_mm * 4))
    yield "edges", partial(read_linear, crop, angle, px_per_mm)
    yield "fit", partial(fit_profiles, crop, angle, px_per_mm)


def second_reading(code: FoundCode, crop: np.ndarray, px_per_mm: float) -> FoundCode | None:
    """``code`` made sure (or the text two readings agree on instead), or None."""
    # text: the decoders that read it, the first reading's among them (a synthetic photo's
    # EAN-13 read by zxing-cpp on the crop upscaled, which the vote's copies do not repeat,
    # and by the fitting reader; the edge reader read another text)
    readers: dict[str, set[str]] = {_key(code.type, code.data): {code.by or "first"}}
    kinds: dict[str, str] = {_key(code.type, code.data): code.type}
    for decoder, reader in _readers(crop, px_per_mm):
        for kind, data in reader():
            if _family(kind) == _family(code.type):
                key = _key(kind, data)
                readers.setdefault(key, set()).add(decoder)
                kinds.setdefault(key, kind)
        twice = [key for key, names in readers.items() if len(names) >= 2]
        if len(twice) > 1:
            return None
        if twice and len(readers) == 1:
            break  # read twice and nothing else read: the likeliest verdict, at the least cost
    twice = [key for key, names in readers.items() if len(names) >= 2]
    if len(twice) != 1:
        return None
    key = twice[0]
    kind = kinds[key]
    data = key[1:] if kind == "UPCA" else key
    return FoundCode(kind, data, code.bbox)
