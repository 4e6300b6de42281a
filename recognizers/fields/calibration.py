"""Calibrated confidences: a reading's features (recognizers/fields/evidence.py) mapped to a
conservative probability that the reading is right.

The model is package data (calibration.json, written by bench/calibrate.py from a calibration
corpus): per field kind, a logistic score over the features, and a table of score bins, each
holding the lower confidence bound of the share of readings in that bin that were right. The
lower bound, not the share, makes a bin seen rarely count as unsure: the review threshold then
passes only readings whose kind of evidence was right often enough to be sure of it.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from functools import cache
from importlib import resources
from typing import Any

from recognizers.fields.evidence import Reading


@cache
def model() -> dict[str, Any]:
    """The calibration table, read once; an unreadable file trusts nothing (all to review)."""
    try:
        text = resources.files("recognizers.fields").joinpath("calibration.json").read_text(
            encoding="utf-8")
        data: dict[str, Any] = json.loads(text)
    except (OSError, ValueError):
        return {"kinds": {}}
    return data


def score(kind_model: dict[str, Any], reading: Reading) -> float:
    """The logistic score (log-odds of being right) of a reading under its kind's model."""
    coef: dict[str, float] = kind_model["coef"]
    return float(kind_model["bias"]) + sum(w * reading.x.get(name, 0.0)
                                           for name, w in coef.items())


def passes(kind_model: dict[str, Any], reading: Reading) -> bool:
    """Whether a reading passes its kind's gates ({feature: [min, max]}): a reading that fails
    its own check (an ИНН checksum, readings that disagree) gets the gated-out readings' bound,
    since a corpus shows too few of them for the score to learn how bad they are."""
    gates: dict[str, list[float]] = kind_model.get("gates", {})
    return all(low <= reading.x.get(name, 0.0) <= high for name, (low, high) in gates.items())


def confidence(reading: Reading, table: dict[str, Any] | None = None) -> float:
    """The calibrated confidence of a reading: its score's bin's lower bound of being right."""
    kinds = (table or model()).get("kinds", {})
    kind_model = kinds.get(reading.kind)
    if kind_model is None:
        return 0.0
    if not passes(kind_model, reading):
        return round(float(kind_model.get("fallback", 0.0)), 3)
    bins: list[list[float]] = kind_model["bins"]  # [lowest score, confidence], ascending
    if not bins:
        return 0.0
    edges = [edge for edge, _conf in bins]
    index = bisect_right(edges, score(kind_model, reading)) - 1
    # A reading scored below anything the calibration corpus showed is not extrapolated to.
    found = bins[index][1] if index >= 0 else 0.0
    return round(min(found, _word_bound(kind_model, reading)), 3)


def _word_bound(kind_model: dict[str, Any], reading: Reading) -> float:
    """The lower bound of readings whose least sure word was as sure as this one's: the score
    bins alone would trust a rare unsure word as much as the sure ones around it."""
    bins: list[list[float]] = kind_model.get("word_bins", [])
    if not bins or reading.x.get("verbatim", 0.0) < 1:
        return 1.0  # not every part of the value is a printed word: the score alone speaks
    if reading.kind == "money" and reading.x.get("shape", 0.0) >= 1:
        # The figures add up (net + VAT = total, and the rows' sum or the rate): a second
        # reading of the value, which a misread digit breaks whatever tesseract's own score
        # said. The same sum derived from figures no word holds passed already (above).
        return 1.0
    if reading.x.get("reread", 0.0) >= 1:
        # Read verbatim again from its own crop at two scales (fields/crop_check.py): the unsure
        # word was read alike three times, which a misread glyph seldom survives.
        return 1.0
    index = bisect_right([edge for edge, _conf in bins], reading.x.get("wmin", 0.0)) - 1
    return bins[index][1] if index >= 0 else 0.0


def wilson_lower(right: float, total: float, z: float) -> float:
    """Lower bound of a share seen as ``right`` of ``total`` (Wilson score interval)."""
    if total <= 0:
        return 0.0
    share = right / total
    denom = 1 + z * z / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return max(0.0, (centre - spread) / denom)
