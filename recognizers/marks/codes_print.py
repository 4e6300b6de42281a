"""An EAN's bars checked against the digits printed under them.

A scan's streak across the bars or bars cut short can make them decode as another code whose
check digit still holds (three digits off pass it: "7387436920823" for 2395436920823 on a poor
scan of blind seed 10909). The human-readable line under the bars is a second, independent
reading: where OCR read it whole, with its own check digit right (one misread digit never
passes it), it is the code's data.
"""

from __future__ import annotations

import re

from recognizers.card import Code
from recognizers.checks.checksums import ean_ok
from recognizers.page import Word

_LENGTHS = {"EAN13": 13, "EAN8": 8}
# Under the bars: within this many printed-digit heights of the code box's bottom.
BELOW = 3.0
MIN_CONF = 0.5


def settle_by_print(codes: list[Code], words: list[Word]) -> list[Code]:
    """The codes, each EAN taking the digits printed under its bars where those differ from
    the decoded ones and are a valid EAN themselves."""
    out = []
    for code in codes:
        printed = _printed(code, words)
        if printed is not None and printed != code.data:
            code = code.model_copy(update={"data": printed})
        out.append(code)
    return out


def _printed(code: Code, words: list[Word]) -> str | None:
    length = _LENGTHS.get(code.type)
    if length is None or not code.bbox or len(code.bbox) != 4:
        return None
    x, y, w, h = code.bbox
    under = sorted((wd for wd in words
                    if wd.x < x + w and wd.x + wd.w > x and wd.conf >= MIN_CONF
                    and y <= wd.y <= y + h + BELOW * wd.h and any(c.isdigit() for c in wd.text)),
                   key=lambda wd: (wd.line, wd.x))
    for line in sorted({wd.line for wd in under}):
        digits = "".join(re.sub(r"\D", "", wd.text) for wd in under if wd.line == line)
        if len(digits) == length and ean_ok(digits):
            return digits
    return None

