"""Dev timing: per page, a bare `tesseract page.png - -l rus+eng` and ecm's steps on the same
page, one after the other (same load), single-threaded OCR everywhere.

    .venv/bin/python bench/fields_speed.py FILE [FILE ...] [--no-marks]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"

import cv2

from ecm.pipeline.recognize import RecognizeOptions, _ocr_page
from recognizers.classify import classify
from recognizers.fields import extract_fields
from recognizers.marks import find_page_marks
from recognizers.rasterize import iter_pages


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--no-marks", action="store_true")
    a = ap.parse_args()
    opts = RecognizeOptions()
    tot = {"bare": 0.0, "ecm": 0.0, "marks": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        for path in a.files:
            t0 = time.perf_counter()
            for page in iter_pages(path.read_bytes(), dpi=300, render_all=True):
                t1 = time.perf_counter()
                assert page.image is not None
                png = Path(tmp) / "page.png"
                cv2.imwrite(str(png), page.image)
                b0 = time.perf_counter()
                subprocess.run(["tesseract", str(png), "-", "-l", "rus+eng"], check=True,
                               capture_output=True)
                bare = time.perf_counter() - b0
                e0 = time.perf_counter()
                read = _ocr_page(page, opts)
                e1 = time.perf_counter()
                m = 0.0
                if not a.no_marks:
                    find_page_marks(page)
                    m = time.perf_counter() - e1
                e2 = time.perf_counter()
                found = classify(read.text)
                extract_fields([read], found.doc_type, found.upd_status)
                e3 = time.perf_counter()
                ecm = (t1 - t0) + (e1 - e0) + (e3 - e2)
                print(f"{path.name} p{page.number}: bare {bare:.2f}  ecm(no marks) {ecm:.2f}"
                      f" = raster {t1 - t0:.2f} + ocr_page {e1 - e0:.2f} + fields {e3 - e2:.2f};"
                      f" marks {m:.2f}; ratio {ecm / bare:.2f} (+marks {(ecm + m) / bare:.2f})",
                      flush=True)
                tot["bare"] += bare
                tot["ecm"] += ecm
                tot["marks"] += m
                t0 = time.perf_counter()
    print(f"TOTAL bare {tot['bare']:.1f}s ecm {tot['ecm']:.1f}s marks {tot['marks']:.1f}s "
          f"ratio {tot['ecm'] / tot['bare']:.3f} with marks "
          f"{(tot['ecm'] + tot['marks']) / tot['bare']:.3f}")


if __name__ == "__main__":
    main()
