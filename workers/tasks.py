"""Thin Celery tasks: each hands its work to the pipeline."""

from __future__ import annotations

import logging
from typing import Any

from billiard.exceptions import SoftTimeLimitExceeded
from celery import Task
from sqlalchemy.exc import OperationalError

from archive.errors import StoreUnavailable
from ecm.context import AppContext
from ecm.pipeline.process import INTERNAL_ERROR_REASON, mark_failed
from recognizers.ocr import OcrUnavailable
from workers.celery_app import PROCESS_TASK
from workers.main import app

log = logging.getLogger(__name__)
INFRASTRUCTURE_ERRORS = (StoreUnavailable, OperationalError, OcrUnavailable, ConnectionError)
_context: AppContext | None = None


def context() -> AppContext:
    global _context
    if _context is None:
        _context = AppContext()
    return _context


class DocumentTask(Task):
    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        # Retries are exhausted or the error is not retryable: the document must not hang
        # in "processing" forever; it shows why it failed and keeps its original.
        doc_id = args[0] if args else kwargs.get("doc_id")
        if isinstance(exc, INFRASTRUCTURE_ERRORS):
            reason = "Сбой инфраструктуры при обработке; повторите позже (ecm requeue)."
        else:
            reason = INTERNAL_ERROR_REASON
        try:
            mark_failed(context().db, doc_id, "processing_error", reason)
        except Exception:
            log.exception("could not mark document %s as failed", doc_id)


@app.task(
    name=PROCESS_TASK,
    base=DocumentTask,
    bind=True,
    acks_late=True,
    autoretry_for=INFRASTRUCTURE_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def process(self: Task, doc_id: str) -> str:
    ctx = context()
    try:
        outcome = ctx.process(doc_id)
    except SoftTimeLimitExceeded:
        outcome = mark_failed(
            ctx.db, doc_id, "timeout", "Обработка документа превысила лимит времени."
        )
    log.info("document %s: %s", doc_id, outcome.status)
    return outcome.status
