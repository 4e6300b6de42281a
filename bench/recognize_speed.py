"""Seconds per page: ecm's recognition vs a bare tesseract pass vs OCRmyPDF, per profile.

Not a test: a measurement to quote in notes. Runs everything on the same pages, one process at
a time (OMP_THREAD_LIMIT=1 everywhere), and reports the ratios and the peak RSS of the process
that did ecm's recognition (what one worker process needs). Wall seconds and CPU seconds (the
process and its tesseract children) both: on a busy machine only the CPU columns compare like
with like. A second table times the same bare pass over the pages as ecm's clean-up leaves
them (what ecm's one OCR pass reads), with the words each pass read.

    .venv/bin/python bench/recognize_speed.py --per-profile 4           # makes its own corpus
    .venv/bin/python bench/recognize_speed.py --corpus DIR --per-profile 6

OCRmyPDF is optional (`pip install ocrmypdf`; it also needs Debian's ghostscript for
some inputs); without it that column says so.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROFILES = ("digital", "clean_scan", "poor_scan", "photo")


def _pick(corpus: Path, per_profile: int) -> dict[str, list[Path]]:
    chosen: dict[str, list[Path]] = {p: [] for p in PROFILES}
    for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        bucket = chosen.get(row.get("profile", ""))
        if bucket is not None and len(bucket) < per_profile:
            bucket.append(corpus / row["file"])
    return chosen


def _page_images(path: Path, out_dir: Path) -> list[Path]:
    """The file's pages as PNGs at the resolution ecm works at (300 dpi for PDFs)."""
    import cv2

    from recognizers.rasterize import iter_pages

    result = []
    for page in iter_pages(path.read_bytes(), dpi=300, render_all=True):
        assert page.image is not None
        target = out_dir / f"{path.stem}-{page.number}.png"
        cv2.imwrite(str(target), page.image)
        result.append(target)
    return result


def _ecm_worker(paths: list[str], queue: Any) -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from ecm.pipeline.recognize import RecognizeOptions, recognize_document

    options = RecognizeOptions()
    timings = []
    for path in paths:
        data = Path(path).read_bytes()
        start, cpu = time.perf_counter(), _cpu()
        card = recognize_document(data, path, options).card
        timings.append((time.perf_counter() - start, _cpu() - cpu, card.pages))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((timings, rss_mb))


def _cpu() -> float:
    """CPU seconds of this process and its finished children (tesseract runs as a child): on
    a shared machine, wall time measures the neighbours as much as the code."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def time_ecm(paths: list[Path]) -> tuple[float, float, int, float]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_ecm_worker, args=([str(p) for p in paths], queue))
    proc.start()
    timings, rss_mb = queue.get()
    proc.join()
    return (sum(t for t, _c, _n in timings), sum(c for _t, c, _n in timings),
            sum(n for _t, _c, n in timings), rss_mb)


def time_tesseract(pages: list[Path]) -> tuple[float, float, int]:
    """Wall and CPU seconds of bare tesseract passes, and the words they read."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start, cpu, words = time.perf_counter(), _cpu(), 0
    for page in pages:
        done = subprocess.run(
            ["tesseract", str(page), "-", "-l", "rus+eng"],
            check=True, capture_output=True, env=env,
        )  # fmt: skip
        words += len(done.stdout.split())
    return time.perf_counter() - start, _cpu() - cpu, words


def _cleaned(pages: list[Path], work: Path) -> list[Path]:
    """The same pages after ecm's clean-up (outline, deskew, light, rulings, enlarging), as
    ecm's own OCR pass reads them: a bare pass over a poor scan or a photo as received is cheap
    because it reads little of it."""
    import cv2

    from recognizers.cleanup import prepare

    out = []
    for page in pages:
        image = cv2.imread(str(page))
        assert image is not None
        gray, _matrix = prepare(image)
        target = work / f"{page.stem}-clean.pgm"
        cv2.imwrite(str(target), gray)
        out.append(target)
    return out


def time_ocrmypdf(pages: list[Path], work: Path) -> float | None:
    exe = shutil.which("ocrmypdf") or str(Path(sys.executable).parent / "ocrmypdf")
    if not Path(exe).exists():
        return None
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    for page in pages:
        subprocess.run(
            [exe, "-l", "rus", "--jobs", "1", "--output-type", "pdf", "--image-dpi",
             "300", "--quiet", str(page), str(work / (page.stem + ".pdf"))],
            check=True, capture_output=True, env=env,
        )  # fmt: skip
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a generated corpus (truth.jsonl inside)")
    parser.add_argument("--per-profile", type=int, default=4)
    parser.add_argument("--seed", type=int, default=9001)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ecm-bench-"))
    corpus = args.corpus
    if corpus is None:
        from ecm.corpus.generate import generate_corpus

        corpus = work / "corpus"
        generate_corpus(corpus, per_type=max(1, args.per_profile), seed=args.seed, jobs=2)
    rows = []
    cleaned: list[tuple[str, float, float, float, float]] = []
    for profile, files in _pick(corpus, args.per_profile).items():
        if not files:
            continue
        pages = [img for f in files for img in _page_images(f, work)]
        ecm_s, ecm_cpu, n_pages, rss = time_ecm(files)
        tess_s, tess_cpu, tess_words = time_tesseract(pages)
        _s, clean_cpu, clean_words = time_tesseract(_cleaned(pages, work))
        ocrmypdf_s = time_ocrmypdf(pages, work)
        rows.append((profile, len(files), n_pages, ecm_s, tess_s, ocrmypdf_s, rss,
                     ecm_cpu, tess_cpu))
        cleaned.append((profile, tess_words / n_pages, clean_cpu / n_pages,
                        clean_words / n_pages, ecm_cpu / clean_cpu))
    _print(rows)
    print("\nprofile      bare words/p  cleaned-page tess cpu/p  words/p"
          "  cpu ecm/cleaned-page tess")
    for name, bare_words, page_cpu, cleaned_words, ratio in cleaned:
        print(f"{name:12s} {bare_words:12.0f}  {page_cpu:23.2f}  {cleaned_words:7.0f}"
              f"  {ratio:27.2f}")
    shutil.rmtree(work, ignore_errors=True)


def _print(rows: list[tuple[str, int, int, float, float, float | None, float, float, float]]
           ) -> None:
    print(
        "profile      files pages  ecm s/p  tess s/p  ocrmypdf s/p  ecm/tess  ocrmypdf/tess"
        "  peak RSS MB  ecm cpu/p  tess cpu/p  cpu ecm/tess"
    )
    for profile, files, pages, ecm_s, tess_s, ocr_s, rss, ecm_cpu, tess_cpu in rows:
        ocr_pp = f"{ocr_s / pages:12.2f}" if ocr_s is not None else "   not found"
        ocr_ratio = f"{ocr_s / tess_s:13.2f}" if ocr_s is not None else "            -"
        print(
            f"{profile:12s} {files:5d} {pages:5d} {ecm_s / pages:8.2f} {tess_s / pages:9.2f} "
            f"{ocr_pp}  {ecm_s / tess_s:8.2f} {ocr_ratio}  {rss:11.0f}"
            f"  {ecm_cpu / pages:9.2f}  {tess_cpu / pages:10.2f}  {ecm_cpu / tess_cpu:12.2f}"
        )


if __name__ == "__main__":
    main()
