"""What the review threshold trades: straight-through documents against errors nobody sees.

    .venv/bin/python bench/threshold_sweep.py EVAL.json      # `ecm eval DIR --json` output

For each threshold: the share of documents that would skip review and are right (class and every
field at or over it), the share that would skip review with something wrong, and the residual
error (wrong fields among those at or over it), overall and per profile group. Scores only:
nothing is recognized again (bench/fields_replay.py --sweep does the same on cached OCR).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

THRESHOLDS = (0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
GROUPS = {"digital": "digital+clean", "clean_scan": "digital+clean",
          "poor_scan": "poor+photo", "photo": "poor+photo"}


def _doc(doc: Mapping[str, Any], t: float) -> tuple[bool, bool, int, int]:
    """(skips review, skips review and is right, fields over t, of them wrong)."""
    fields = list(doc["fields"].values())
    sure = [f for f in fields if f.get("confidence") is not None and f["confidence"] >= t]
    wrong = sum(f["outcome"] != "correct" for f in sure)
    conf = doc.get("read_confidence")
    skips = not doc.get("failed") and (conf is None or conf >= t) and len(sure) == len(fields)
    return skips, skips and wrong == 0 and doc["class_correct"], len(sure), wrong


def sweep(docs: Iterable[Mapping[str, Any]]) -> list[str]:
    docs = list(docs)
    out = []
    for t in THRESHOLDS:
        by: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for doc in docs:
            skips, right, sure, wrong = _doc(doc, t)
            for key in ("all", GROUPS.get(doc["profile"], doc["profile"]), doc["profile"]):
                row = by[key]
                row[0] += 1
                row[1] += right
                row[2] += skips and not right
                row[3] += sure
                row[4] += wrong
        out.append(f"threshold {t:.2f}: " + "  ".join(
            f"{k} ST {r[1] / r[0]:.1%} cw {r[2] / r[0]:.1%} resid {r[4] / max(r[3], 1):.2%}"
            for k, r in sorted(by.items())))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("report", type=Path, help="`ecm eval --json` output")
    report = json.loads(ap.parse_args().report.read_text(encoding="utf-8"))
    print("\n".join(sweep(report["docs"])))


if __name__ == "__main__":
    main()
