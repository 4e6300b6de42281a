"""Field confidences that mean something: a value is trusted when a check confirms it.

The scale is used against the review threshold (REVIEW_THRESHOLD by default, the setting
ECM_REVIEW_THRESHOLD). On a text layer these are the
card's confidences: a text-layer value or a value confirmed by a checksum, by arithmetic or by a
second independent reading sits above the threshold. On OCR pages they are only preliminary:
recognizers/fields/calibrated.py replaces every OCR field's confidence with the calibrated
probability of its reading being right (calibration.json), and reads the preliminary money
confidences as evidence (CONFIRMED or more: the arithmetic confirmed the value).
"""

from __future__ import annotations

# The default review threshold: the lowest at which the fields over it stayed well inside the
# 0.5 % residual error the archive promises (dev seed 6464, 120 scans: 0.08 % at 0.85, as at
# 0.9, and 0.16 % at 0.8). bench/threshold_sweep.py weighs others on an evaluation.
REVIEW_THRESHOLD = 0.85
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
