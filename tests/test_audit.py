"""Audit trail: every action is a chained record; an unavailable S3 refuses uploads (503)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from archive.chain import verify_chain
from archive.db import Database
from archive.journal import active_entry
from archive.models import AuditEvent, Document
from archive.objectstore import open_store
from ecm.api.app import create_app
from ecm.context import AppContext
from ecm.pipeline.intake import IncomingFile, accept_batch
from ecm.pipeline.process import process_document
from ecm.pipeline.recognize import RecognizeOptions
from ecm.settings import Settings
from tests import samples
from tests.processes import free_port


def _files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


def test_upload_refused_with_503_when_s3_is_down(pg_url: str, tmp_path: Path) -> None:
    # A closed port: nothing listens, every S3 call fails fast.
    settings = Settings(
        data_dir=tmp_path,
        database_url=pg_url,
        s3_endpoint=f"127.0.0.1:{free_port()}",
        s3_access_key="k",
        s3_secret_key="secret-key",
        s3_bucket="down",
    )
    sent: list[str] = []
    with TestClient(create_app(AppContext(settings), dispatch=lambda d, _p: sent.append(d))) as c:
        before = _count(c, Document)
        pdf = samples.text_pdf(["Акт № 1 сверки"])
        reply = c.post("/api/v1/documents", files=_files(("акт.pdf", pdf)))
        assert reply.status_code == 503
        assert reply.json()["code"] == "archive_unavailable"
        assert "не приняты" in reply.json()["detail"]
        # Never "accepted" and then lost: no row, no queued task.
        assert _count(c, Document) == before and sent == []


def _count(client: TestClient, model: type) -> int:
    with client.app.state.ctx.db.session() as session:  # type: ignore[attr-defined]
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_every_action_is_a_chained_audit_record(client: TestClient) -> None:
    pdf = samples.text_pdf(samples.PAYMENT_INVOICE)
    headers = {"X-ECM-User": "buh1"}
    (doc,) = client.post(
        "/api/v1/documents", files=_files(("счёт.pdf", pdf)), headers=headers
    ).json()["documents"]
    url = f"/api/v1/documents/{doc['id']}"
    assert client.get(url, headers={"X-ECM-User": "auditor"}).status_code == 200
    assert client.get(f"{url}/original", headers={"X-ECM-User": "auditor"}).status_code == 200
    events = client.get(f"{url}/audit").json()["events"]
    assert [(e["action"], e["actor"]) for e in events] == [
        ("stored", "buh1"),
        ("viewed", "auditor"),
        ("downloaded", "auditor"),
    ]
    assert events[0]["details"]["sha256"] == doc["sha256"]
    assert all(len(e["row_hash"]) == 64 for e in events)
    with client.app.state.ctx.db.session() as session:  # type: ignore[attr-defined]
        assert verify_chain(session, "audit").ok


def test_worker_registers_after_recognition_and_extends_retention(
    embedded_settings: Settings,
) -> None:
    ctx = AppContext(embedded_settings)
    ctx.prepare()
    (doc,) = accept_batch(
        [IncomingFile("счёт.pdf", samples.text_pdf(samples.PAYMENT_INVOICE))],
        settings=ctx.settings,
        store=ctx.store,
        db=ctx.db,
        dispatch=None,
        source="upload",
        actor="t",
    )
    outcome = process_document(
        doc.id, db=ctx.db, store=ctx.store, options=RecognizeOptions(), review_threshold=0.9
    )
    assert outcome.status in ("done", "needs_review")
    db: Database = ctx.db
    with db.session() as session:
        entry = active_entry(session, doc.id)
        assert entry is not None
        assert entry.registered_by == "worker" and entry.reg_number.endswith("/1")
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.document_id == doc.id)
        ).all()
        retain_until = entry.retain_until
    assert actions == ["stored", "registered", "recognized"]
    assert open_store(embedded_settings).original_retention(doc.sha256) == retain_until
