"""Dev helper: OCR a corpus once and cache, per document, the cleaned page images and the OCR
words, with the time of each step; later dev scripts replay classification and fields on it.

    .venv/bin/python bench/fields_cache.py CORPUS OUT [--jobs 2] [--limit N] [--no-fill]

The words are the pipeline's (recognizers.ocr.ocr_page: the page pass and the re-read of ink it
returned no words for); --no-fill keeps the page pass alone, as caches made before the re-read.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import cv2
import numpy as np


def cache_one(args: tuple[str, str, dict[str, Any], bool]) -> str:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from ecm.pipeline.recognize import RecognizeOptions
    from recognizers.cleanup import prepare
    from recognizers.ocr import ocr_page, ocr_words
    from recognizers.orientation import better, garbled, turn_order
    from recognizers.page import Page
    from recognizers.rasterize import iter_pages

    path, out, truth, fill = args
    opts = RecognizeOptions()
    pages, timings = [], []
    t0 = time.perf_counter()
    turns = 0

    def read(image: Any) -> tuple[Any, list[Any]]:
        gray, _m = prepare(image)
        return gray, (ocr_page(gray, languages=opts.languages) if fill
                      else ocr_words(gray, languages=opts.languages))

    for page in iter_pages(Path(path).read_bytes(), dpi=opts.dpi, render_all=False):
        t1 = time.perf_counter()
        if page.image is None:
            pages.append(page)
            continue
        # Turned pages are read upright, as the pipeline reads them (ecm/pipeline/recognize.py).
        first, second = turn_order(page.image, turns)
        gray, words = read(np.rot90(page.image, first))
        turns = first
        if second != first and garbled(words):
            other_gray, other_words = read(np.rot90(page.image, second))
            if better(words, other_words):
                gray, words, turns = other_gray, other_words, second
        t2 = time.perf_counter()
        png = Path(out) / f"{Path(path).stem}-{page.number}.png"
        cv2.imwrite(str(png), gray)
        pages.append(Page(page.number, gray.shape[1], gray.shape[0], words=words,
                          text_source="ocr"))
        timings.append({"raster": t1 - t0, "read": t2 - t1})  # clean-up and OCR, both turns
        t0 = time.perf_counter()
    with open(Path(out) / f"{Path(path).stem}.pkl", "wb") as fh:
        pickle.dump({"truth": truth, "pages": pages, "timings": timings}, fh)
    return f"{Path(path).name} {timings}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--no-fill", action="store_true",
                    help="the page pass only, without the re-read of unread ink")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    rows = [json.loads(x) for x in (a.corpus / "truth.jsonl").read_text().splitlines()]
    rows = rows[: a.limit] if a.limit else rows
    todo = [(str(a.corpus / r["file"]), str(a.out), r, not a.no_fill) for r in rows]
    with ProcessPoolExecutor(a.jobs) as pool:
        for line in pool.map(cache_one, todo):
            print(line, flush=True)


if __name__ == "__main__":
    main()
