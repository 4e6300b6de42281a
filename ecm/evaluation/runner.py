"""Running an evaluation: recognize every file of a set, time it, score it.

The recognize function is a parameter (default: the pipeline's ``recognize_file``) so the whole
run can be exercised with any pure function of a path; with ``jobs > 1`` it must be picklable,
i.e. a module-level function.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecm.evaluation.models import EvalReport
from ecm.evaluation.score import aggregate, score_document
from ecm.evaluation.truth import load_truth
from ecm.pipeline.recognize import recognize_file
from ecm.settings import get_settings
from recognizers.card import Card

RecognizeFn = Callable[[Path], Card]
ProgressFn = Callable[[str], None]


@dataclass(frozen=True)
class Recognition:
    card: dict[str, Any] | None
    seconds: float | None
    error: str | None = None


def recognize_one(recognize: RecognizeFn, path: Path) -> Recognition:
    """Recognize one file; any exception becomes a failed recognition, never an abort."""
    start = time.perf_counter()
    try:
        card = recognize(path)
        seconds = time.perf_counter() - start
        return Recognition(card.to_json_dict(), seconds)
    except Exception as exc:
        return Recognition(None, None, f"{type(exc).__name__}: {exc}")


def _init_worker() -> None:
    # One tesseract thread per process: with one process per core this beats tesseract's own
    # threading for batches (see shared/domain/README.md, OCR notes).
    os.environ["OMP_THREAD_LIMIT"] = "1"


@contextmanager
def _single_thread_ocr() -> Iterator[None]:
    """The in-process path gets the same setting as pool workers, so timings compare."""
    previous = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = previous


def recognize_all(
    paths: Sequence[Path],
    *,
    jobs: int = 1,
    recognize: RecognizeFn = recognize_file,
    on_done: ProgressFn | None = None,
) -> list[Recognition]:
    """Recognitions in the order of ``paths``; ``jobs`` > 1 uses that many worker processes."""
    if jobs <= 1 or len(paths) <= 1:
        results: list[Recognition] = []
        with _single_thread_ocr():
            for path in paths:
                results.append(recognize_one(recognize, path))
                if on_done:
                    on_done(path.name)
        return results
    return _recognize_in_pool(paths, min(jobs, len(paths)), recognize, on_done)


def _recognize_in_pool(
    paths: Sequence[Path], jobs: int, recognize: RecognizeFn, on_done: ProgressFn | None
) -> list[Recognition]:
    # forkserver, not fork: the parent runs threads (the pool's manager, the progress bar), and
    # forking a threaded process can deadlock a child on a lock some thread held.
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker)
    results: list[Recognition | None] = [None] * len(paths)
    try:
        futures: dict[Future[Recognition], int] = {
            pool.submit(recognize_one, recognize, path): i for i, path in enumerate(paths)
        }
        for future in as_completed(futures):
            index = futures[future]
            try:
                results[index] = future.result()
            except Exception as exc:  # a worker died (killed, out of memory) or pickling failed
                results[index] = Recognition(None, None, f"worker failed: {exc!r}")
            if on_done:
                on_done(paths[index].name)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [r if r is not None else Recognition(None, None, "not run") for r in results]


def evaluate(
    set_dir: Path,
    *,
    jobs: int = 1,
    threshold: float | None = None,
    limit: int | None = None,
    recognize: RecognizeFn = recognize_file,
    on_start: Callable[[int], None] | None = None,
    on_done: ProgressFn | None = None,
) -> EvalReport:
    """Recognize and score every document of ``set_dir/truth.jsonl``.

    Raises ``TruthError`` (before any recognition) when the set cannot be read.
    ``threshold`` defaults to the review threshold from the settings.
    """
    if threshold is None:
        threshold = get_settings().review_threshold
    truths = load_truth(set_dir, limit)
    if on_start:
        on_start(len(truths))
    start = time.perf_counter()
    recognitions = recognize_all(
        [set_dir / truth["file"] for truth in truths],
        jobs=jobs,
        recognize=recognize,
        on_done=on_done,
    )
    wall = time.perf_counter() - start
    scores = [
        score_document(truth, rec.card, threshold, seconds=rec.seconds, error=rec.error)
        for truth, rec in zip(truths, recognitions, strict=True)
    ]
    return aggregate(scores, threshold, wall_seconds=wall, jobs=jobs)
