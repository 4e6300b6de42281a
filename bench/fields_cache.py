"""Dev helper: OCR a corpus once and cache, per document, the pages as the pipeline reads them
(OCR words, the re-read lines, the УПД status box), with the time of each step; later dev
scripts replay classification and fields on it (ecm.pipeline.recognize.interpret).

    .venv/bin/python bench/fields_cache.py CORPUS OUT [--jobs 2] [--limit N] [--images]
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


def cache_one(args: tuple[str, str, dict[str, Any], bool]) -> str:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from dataclasses import replace

    from ecm.pipeline.recognize import RecognizeOptions, read_image_page
    from recognizers.rasterize import iter_pages

    path, out, truth, images = args
    # The pipeline's own reading (orientation, clean-up, OCR, re-reads, the УПД status box),
    # without marks, which fields do not use.
    opts = replace(RecognizeOptions(), marks=False)
    pages, timings = [], []
    t0 = time.perf_counter()
    turns = 0
    for page in iter_pages(Path(path).read_bytes(), dpi=opts.dpi, render_all=False):
        t1 = time.perf_counter()
        if page.image is None:
            pages.append(page)
            continue
        read, _marks, turns = read_image_page(page, opts, turns)
        t2 = time.perf_counter()
        read.image = None  # the first page's cleaned image: --images stores it as a PNG
        pages.append(read)
        if images:
            _save_image(page.image, turns, opts, Path(out) / f"{Path(path).stem}-{page.number}.png")
        timings.append({"raster": t1 - t0, "read": t2 - t1})  # clean-up and OCR, both turns
        t0 = time.perf_counter()
    with open(Path(out) / f"{Path(path).stem}.pkl", "wb") as fh:
        pickle.dump({"truth": truth, "pages": pages, "timings": timings}, fh)
    return f"{Path(path).name} {timings}"


def _save_image(image: Any, turns: int, opts: Any, png: Path) -> None:
    """The cleaned upright page the OCR read (bench/ocr_dev.py re-reads it with variants)."""
    import cv2
    import numpy as np

    from recognizers.cleanup import prepare

    gray, _matrix = prepare(np.ascontiguousarray(np.rot90(image, turns)), outline=opts.dewarp,
                            skew=opts.deskew, rulings=opts.rulings, upscale=opts.upscale)
    cv2.imwrite(str(png), gray)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--images", action="store_true",
                    help="also store each cleaned page image (for bench/ocr_dev.py)")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    rows = [json.loads(x) for x in (a.corpus / "truth.jsonl").read_text().splitlines()]
    rows = rows[: a.limit] if a.limit else rows
    todo = [(str(a.corpus / r["file"]), str(a.out), r, a.images) for r in rows]
    with ProcessPoolExecutor(a.jobs) as pool:
        for line in pool.map(cache_one, todo):
            print(line, flush=True)


if __name__ == "__main__":
    main()
