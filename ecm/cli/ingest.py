"""``ecm ingest``: store, register and recognize files through the same pipeline as the API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from archive.documents import get_document, requeueable
from archive.errors import StoreUnavailable
from ecm.cli.common import advance, err, expand_paths, fail, out, parallel_map, progress_bar
from ecm.context import AppContext
from ecm.pipeline.intake import BatchRejected, IncomingFile, accept_batch

_worker_ctx: AppContext | None = None


def _process_one(doc_id: str) -> tuple[str, str, str | None, str | None]:
    global _worker_ctx
    if _worker_ctx is None:
        _worker_ctx = AppContext()
    ctx = _worker_ctx
    outcome = ctx.process(doc_id)
    with ctx.db.session() as session:
        doc = get_document(session, doc_id)
        doc_type = doc.doc_type if doc else None
    return doc_id, outcome.status, outcome.reason, doc_type


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="файлы или папки (рекурсивно)")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="процессов")] = 1,
    user: Annotated[str, typer.Option("--user", help="кто загружает")] = "cli",
) -> None:
    """Принять файлы в архив, зарегистрировать и распознать; напечатать сводку."""
    ctx = AppContext()
    ctx.prepare()
    files = expand_paths(paths)
    table = Table()
    # The path folds instead of being cut: an operator must see which file a row is about,
    # however deep the scanned folder is.
    table.add_column("Файл", overflow="fold")
    for title in ("Документ", "Статус", "Вид", "Причина"):
        table.add_column(title, overflow="fold")
    ids: dict[str, Path] = {}
    with progress_bar(len(files), "Приём в архив") as progress:
        for path in files:
            advance(progress)
            doc_id = _accept_one(ctx, path, user, table)
            if doc_id:
                ids[doc_id] = path
    failures = len(files) - len(ids)
    with progress_bar(len(ids), "Распознавание") as progress, parallel_map(jobs) as pmap:
        for doc_id, status, reason, doc_type in pmap(_process_one, list(ids)):
            advance(progress)
            failures += status == "failed"
            table.add_row(str(ids[doc_id]), doc_id, status, doc_type or "", reason or "")
    out.print(table)
    out.print(f"Принято: {len(ids)} из {len(files)}")
    raise typer.Exit(1 if failures else 0)


def _accept_one(ctx: AppContext, path: Path, user: str, table: Table) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        table.add_row(str(path), "", "не принят", "", f"не удалось прочитать: {exc.strerror}")
        return None
    try:
        accepted = accept_batch(
            [IncomingFile(path.name, data)],
            settings=ctx.settings,
            store=ctx.store,
            db=ctx.db,
            dispatch=None,
            source="scan",
            actor=user,
        )
    except BatchRejected as exc:
        table.add_row(str(path), "", "не принят", "", exc.rejections[0].message)
        return None
    except StoreUnavailable as exc:
        raise fail(f"архив недоступен: {exc}") from exc
    return accepted[0].id


def requeue(
    limit: Annotated[int, typer.Option(help="не более документов")] = 1000,
) -> None:
    """Повторно поставить в очередь документы, застрявшие в статусах queued/processing."""
    from ecm.api.app import celery_dispatch

    ctx = AppContext()
    ctx.prepare()
    with ctx.db.session() as session:
        ids = requeueable(session, limit)
    dispatch = celery_dispatch(ctx)
    with ctx.db.session() as session:
        for doc_id in ids:
            doc = get_document(session, doc_id)
            dispatch(doc_id, doc.pages if doc else 1)
    err.print(f"В очередь поставлено документов: {len(ids)}")
