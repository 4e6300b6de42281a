"""Field confidences that mean something: a value is trusted when a check confirms it.

The scale is used against the review threshold (REVIEW_THRESHOLD by default, the setting
ECM_REVIEW_THRESHOLD). On a text layer these are the card's confidences: a text-layer value or
a value confirmed by a checksum, by arithmetic or by a second independent reading sits above
the threshold. On OCR pages they are only preliminary:
recognizers/fields/calibrated.py replaces every OCR field's confidence with the calibrated
probability of its reading being right (calibration.json), and reads the preliminary money
confidences as evidence (CONFIRMED or more: the arithmetic confirmed the value).
"""

from __future__ import annotations

from recognizers.review import REVIEW_THRESHOLD as REVIEW_THRESHOLD  # re-exported

CONFIRMED = 0.99
TEXT_LAYER = 0.98
CHECKSUM = 0.95
ABSENT_SURE = 0.97
ABSENT_UNSURE = 0.3
MISSING = 0.0


def ocr_single(word_conf: float) -> float:
    """A lone OCR reading: tesseract's own score, capped below the review threshold."""
    return round(min(REVIEW_THRESHOLD - 0.05, max(0.0, word_conf) * 0.88), 3)


def clamp(value: float) -> float:
    return round(max(0.0, min(1.0, value)), 3)
