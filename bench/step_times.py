"""CPU seconds per page of each recognition step, per profile: where a page's time goes.

Not a test: a measurement to quote in notes (issue #5 asks the marks step to add at most 10%
to a page's time). CPU time of this process and its tesseract children, so a busy machine
blurs it less than wall time; each step is timed where the pipeline calls it.

    .venv/bin/python bench/step_times.py CORPUS [--per-profile 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ecm.pipeline.recognize as pipeline

# Parts of the marks step, patched where recognizers.marks calls them (rect_words runs inside
# find_rect_stamps, so "rect stamps" includes "rect text"; "stamp text" is the seals' and the
# other office stamps' text, read in one tesseract run a page, "stamp parts" its images).
MARK_PARTS = {"ink_maps": "ink maps", "find_codes": "codes", "find_seals": "seals",
              "find_rect_stamps": "rect stamps", "rect_words": "rect text",
              "find_ovals": "ovals", "seal_parts": "stamp parts", "read_texts": "stamp text",
              "find_scribbles": "signatures", "signature_role": "roles"}
STEPS = {"find_page_marks": "marks", "prepare": "clean-up", "ocr_page": "OCR page+fill",
         "reread_lines": "re-reads", "read_status_box": "status box", "turn_order": "orientation",
         "interpret": "class+fields", "check_held": "held crops"}


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _timed(spent: dict[str, float], label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = _cpu()
        try:
            return func(*args, **kwargs)
        finally:
            spent[label] += _cpu() - start
    return wrapper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--per-profile", type=int, default=3)
    ap.add_argument("--marks", action="store_true", help="also split the marks step")
    a = ap.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    spent: dict[str, float] = defaultdict(float)
    for name, label in STEPS.items():
        setattr(pipeline, name, _timed(spent, label, getattr(pipeline, name)))
    import recognizers.ocr as ocr
    ocr.fill_unread = _timed(spent, "fill pass", ocr.fill_unread)  # inside "OCR page+fill"
    labels = [*STEPS.values(), "fill pass"]
    if a.marks:
        import recognizers.marks as marks
        for name, label in MARK_PARTS.items():
            setattr(marks, name, _timed(spent, label, getattr(marks, name)))
        labels += list(MARK_PARTS.values())
    rows = [json.loads(x) for x in (a.corpus / "truth.jsonl").read_text().splitlines()]
    options = pipeline.RecognizeOptions()
    for profile in ("clean_scan", "poor_scan", "photo"):
        files = [r["file"] for r in rows if r["profile"] == profile][:a.per_profile]
        spent.clear()
        pages, start = 0, _cpu()
        for file in files:
            data = (a.corpus / file).read_bytes()
            pages += pipeline.recognize_document(data, file, options).card.pages
        total = _cpu() - start
        if not pages:
            continue
        shares = ", ".join(f"{label} {spent[label] / pages:.2f} ({spent[label] / total:.0%})"
                           for label in labels if spent[label])
        print(f"{profile:10s} {pages} pages, {total / pages:.2f} s/page: {shares}")


if __name__ == "__main__":
    main()
