"""The worker step on one stored document: idempotent, honest about whose fault a failure is."""

from __future__ import annotations

import pytest

from archive.documents import get_document
from archive.errors import StoreUnavailable
from archive.objectstore import open_store
from ecm.context import AppContext
from ecm.pipeline.intake import IncomingFile, accept_batch
from ecm.pipeline.process import process_document
from ecm.pipeline.recognize import RecognizeOptions
from ecm.settings import Settings
from tests import samples


def _stored(ctx: AppContext, name: str, data: bytes) -> str:
    (doc,) = accept_batch(
        [IncomingFile(name, data)],
        settings=ctx.settings,
        store=ctx.store,
        db=ctx.db,
        dispatch=None,
        source="upload",
        actor="test",
    )
    return doc.id


def _process(ctx: AppContext, doc_id: str, store: object | None = None) -> str:
    return process_document(
        doc_id,
        db=ctx.db,
        store=store or ctx.store,  # type: ignore[arg-type]
        options=RecognizeOptions(),
        review_threshold=0.9,
    ).status


def test_a_finished_document_is_not_processed_again(embedded_settings: Settings) -> None:
    ctx = AppContext(embedded_settings)
    ctx.prepare()
    doc_id = _stored(ctx, "счёт.pdf", samples.text_pdf(samples.PAYMENT_INVOICE))
    assert _process(ctx, doc_id) in ("done", "needs_review")
    assert _process(ctx, doc_id) == "skipped"
    with ctx.db.session() as session:
        doc = get_document(session, doc_id)
        assert doc is not None and doc.attempts == 1


def test_document_fault_fails_it_with_a_reason(embedded_settings: Settings) -> None:
    ctx = AppContext(embedded_settings)
    ctx.prepare()
    doc_id = _stored(ctx, "broken.png", samples.png_header_only(900, 900, idat=b"junk"))
    assert _process(ctx, doc_id) == "failed"
    with ctx.db.session() as session:
        doc = get_document(session, doc_id)
        assert doc is not None
        assert doc.failure_code == "corrupt_image" and doc.failure_reason
    assert ctx.store.original_exists(doc.sha256)


def test_infrastructure_fault_propagates_for_a_retry(
    embedded_settings: Settings, tmp_path: object
) -> None:
    ctx = AppContext(embedded_settings)
    ctx.prepare()
    doc_id = _stored(ctx, "счёт.pdf", samples.text_pdf(samples.PAYMENT_INVOICE))
    dead = open_store(
        embedded_settings.model_copy(
            update={
                "s3_endpoint": "127.0.0.1:9",
                "s3_access_key": "x",
                "s3_secret_key": "y",
            }
        )
    )
    with pytest.raises(StoreUnavailable):
        _process(ctx, doc_id, store=dead)
    with ctx.db.session() as session:
        doc = get_document(session, doc_id)
        assert doc is not None and doc.status == "processing"  # not failed: it will be retried
    assert _process(ctx, doc_id) in ("done", "needs_review")
