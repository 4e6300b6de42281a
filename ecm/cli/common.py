"""Shared CLI helpers: consoles, progress bars, error exits."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]Ошибка:[/red] {message}")
    return typer.Exit(code)


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Progress]:
    """A progress bar on stderr (stdout stays clean for JSON), hidden for a single item."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
        disable=total <= 1,
    )
    with progress:
        progress.add_task(label, total=total)
        yield progress


def advance(progress: Progress) -> None:
    progress.advance(progress.task_ids[0])


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given plus every file under given folders, recursively, hidden ones skipped."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in sorted(files) if not f.startswith("."))
        elif path.exists():
            found.append(path)
        else:
            raise fail(f"нет такого файла или папки: {path}")
    return found


def single_thread_ocr() -> None:
    """Pool initializer: one tesseract thread per process (parallelism is across processes)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[Any]]


@contextmanager
def parallel_map(jobs: int) -> Iterator[Mapper]:
    """An ordered map over ``jobs`` processes; in this process when ``jobs`` is 1."""
    single_thread_ocr()
    if jobs <= 1:
        yield map
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=single_thread_ocr) as pool:
        yield pool.map
