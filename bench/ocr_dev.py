"""Dev helper for the OCR step: re-read the cleaned page images of a fields cache
(bench/fields_cache.py) with a given OCR variant and write a new cache next to it, so
bench/fields_replay.py and bench/items_dev.py score the variant; the tesseract CPU time per
page (children's user+sys, so a busy machine does not blur it) is printed and stored.

    .venv/bin/python bench/ocr_dev.py SRC_CACHE OUT --variant page [--only a,b,c] [--config ..]

Variants: ``bare`` (one tesseract pass with --config, default the pipeline's first pass) and
``page`` (recognizers.ocr.ocr_page: what the pipeline runs) and ``fill`` (only the pipeline's
second pass, over the source cache's words; the time is that pass's alone).
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import time
from pathlib import Path
from typing import Any

import cv2


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reocr(pkl: Path, out: Path, variant: str, config: str, fill_lang: str
          ) -> list[dict[str, float]]:
    from recognizers.ocr import fill_unread, ocr_page, ocr_words
    from recognizers.page import Page

    doc: dict[str, Any] = pickle.loads(pkl.read_bytes())
    timings = []
    pages = []
    for page in doc["pages"]:
        png = pkl.with_name(f"{pkl.stem}-{page.number}.png")
        if page.text_source != "ocr" or not png.exists():
            pages.append(page)
            continue
        gray = cv2.imread(str(png), cv2.IMREAD_GRAYSCALE)
        assert gray is not None, png
        c0, t0 = _child_cpu(), time.perf_counter()
        if variant == "bare":
            words = ocr_words(gray, config=config)
        elif variant == "fill":
            words = page.words + fill_unread(gray, page.words, languages=fill_lang)
        else:
            words = ocr_page(gray)
        timings.append({"ocr_cpu": _child_cpu() - c0, "ocr": time.perf_counter() - t0})
        pages.append(Page(page.number, gray.shape[1], gray.shape[0], words=words,
                          text_source="ocr"))
        link = out / png.name
        if not link.exists():
            link.symlink_to(png.resolve())
    (out / pkl.name).write_bytes(pickle.dumps({"truth": doc["truth"], "pages": pages,
                                               "timings": timings}))
    return timings


def main() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    ap = argparse.ArgumentParser()
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--variant", choices=("bare", "fill", "page"), default="page")
    ap.add_argument("--config", default="--psm 3")
    ap.add_argument("--fill-lang", default="rus+eng")
    ap.add_argument("--only", default="", help="comma-separated document stems")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    only = {s for s in a.only.split(",") if s}
    total, n = 0.0, 0
    for pkl in sorted(a.src.glob("*.pkl")):
        if only and pkl.stem not in only:
            continue
        timings = reocr(pkl, a.out, a.variant, a.config, a.fill_lang)
        cpu = [t["ocr_cpu"] for t in timings]
        total += sum(cpu)
        n += len(cpu)
        print(pkl.stem, " ".join(f"{c:.2f}" for c in cpu), flush=True)
    print(f"pages {n} tesseract cpu {total / max(n, 1):.2f} s/page")


if __name__ == "__main__":
    main()
