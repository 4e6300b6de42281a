"""The registration journal: gapless numbers under concurrency, retention locks, bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from minio.commonconfig import COMPLIANCE
from minio.error import S3Error
from minio.retention import Retention
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import sessionmaker

from archive.db import Database, upgrade
from archive.documents import (
    NewDocument,
    create_document,
    finish_document,
    lock_document,
    record_event,
)
from archive.errors import ObjectLocked
from archive.folder_store import FolderStore
from archive.journal import AlreadyRegistered
from archive.models import JournalEntry
from archive.nomenclature import CaseSpec, UnknownCase, upsert_case
from archive.objectstore import ObjectStore, open_store, original_key
from archive.registration import register_document
from ecm.settings import Settings
from recognizers.card import FIELD_NAMES
from tests.conftest import context_of
from tests.servers import SeaweedServer


def card(doc_type: str = "torg12", **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = dict.fromkeys(FIELD_NAMES)
    base.update(fields)
    return {"doc_type": doc_type, "pages": 1, "text_source": "text_layer", "fields": base}


def make_document(
    db: Database,
    store: ObjectStore,
    *,
    text: str = "Товарная накладная",
    card_: dict[str, Any] | None = None,
    filename: str = "doc.pdf",
    data: bytes | None = None,
) -> str:
    """A stored, recognized document without running recognition (fast, exact fields)."""
    data = data or f"%PDF-1.4 {uuid.uuid4()} {text}".encode()
    sha = hashlib.sha256(data).hexdigest()
    store.put_original(
        data,
        sha256=sha,
        content_type="application/pdf",
        retain_until=dt.date.today() + dt.timedelta(days=1),
    )
    with db.session() as session:
        doc = create_document(
            session,
            NewDocument(sha, filename, "application/pdf", len(data), 1, "upload", "test"),
        )
        if card_ is not None:
            finish_document(session, doc.id, card=card_, text=text, needs_review=False)
        return doc.id


def add_case(db: Database, index: str, years: int | None = 5, **extra: Any) -> None:
    with db.session() as session:
        upsert_case(
            session,
            CaseSpec(
                index=index,
                title=f"Тестовое дело {index}",
                retention_years=years,
                retention_label=f"{years} лет",
                legal_basis="Перечень 2019 № 236, ст. 277",
                **extra,
            ),
        )


@pytest.fixture(scope="module")
def pg_db(pg_url: str) -> Iterator[Database]:
    upgrade(pg_url)
    db = Database(pg_url)
    # Enough connections for real contention, but well below the shared server's limit.
    db.engine.dispose()
    db.engine = create_engine(pg_url, pool_size=30, max_overflow=0, pool_timeout=60)
    db.sessions = sessionmaker(db.engine, expire_on_commit=False)
    yield db
    db.dispose()


def test_hundred_concurrent_registrations_are_gapless(pg_db: Database, tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "archive")
    case = f"T{secrets.token_hex(2)}-01"
    add_case(pg_db, case)
    docs = [make_document(pg_db, store, card_=card()) for _ in range(100)]
    start = threading.Barrier(100)

    def register(doc_id: str) -> str:
        start.wait()
        return str(
            register_document(pg_db, store, doc_id, actor="t", case_index=case)["reg_number"]
        )

    with ThreadPoolExecutor(max_workers=100) as pool:
        numbers = list(pool.map(register, docs))
    year = dt.date.today().year
    assert sorted(numbers, key=lambda n: int(n.split("/")[1])) == [
        f"{case}/{n}" for n in range(1, 101)
    ]
    with pg_db.session() as session:
        seqs = session.scalars(
            select(JournalEntry.seq)
            .where(JournalEntry.case_index == case, JournalEntry.year == year)
            .order_by(JournalEntry.seq)
        ).all()
    assert seqs == list(range(1, 101))
    # A second registration of the same document is refused and uses no number.
    with pytest.raises(AlreadyRegistered):
        register_document(pg_db, store, docs[0], actor="t", case_index=case)
    other = make_document(pg_db, store, card_=card())
    assert register_document(pg_db, store, other, actor="t", case_index=case)["seq"] == 101


def test_audit_of_a_document_locked_for_work_does_not_wait(
    pg_db: Database, tmp_path: Path
) -> None:
    """A viewer's audit row must not wait for a worker that holds the document: the worker
    goes on to take the audit chain, and the two deadlocked (seen in CI as an HTTP 500)."""
    doc_id = make_document(pg_db, FolderStore(tmp_path / "archive"), card_=card())
    with pg_db.session() as worker:
        assert lock_document(worker, doc_id) is not None
        with pg_db.session() as viewer:
            viewer.execute(text("SET LOCAL lock_timeout = '3s'"))
            record_event(viewer, doc_id, "auditor", "viewed", None)


def test_registration_by_doc_type_and_retention_term(pg_db: Database, tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "archive")
    doc_id = make_document(
        pg_db,
        store,
        card_=card(
            "vat_invoice",
            seller_name="ООО «Ромашка»",
            seller_inn="7707083893",
            number="А-15",
            date="2026-03-15",
            total="12200.00",
        ),
    )
    entry = register_document(pg_db, store, doc_id, actor="оператор", today=dt.date(2026, 4, 2))
    assert entry["case_index"] == "05-10" and entry["reg_number"].startswith("05-10/")
    assert entry["counterparty_inn"] == "7707083893" and entry["total"] == "12200.00"
    assert entry["counterparty_date"] == "2026-03-15" and entry["pages"] == 1
    # 5 years from 1 January after the case closes: locked through 2031, eligible in 2032.
    assert entry["retain_until"] == "2031-12-31" and entry["destruction_date"] == "2032-01-01"
    with pg_db.session() as session:
        (sha,) = session.execute(
            select(JournalEntry.sha256).where(JournalEntry.id == entry["id"])
        ).one()
    assert store.original_retention(sha) == dt.date(2031, 12, 31)
    # Null fields (recognition found nothing) still register, into the fallback case.
    bare = make_document(pg_db, store, card_=card("other"))
    entry = register_document(pg_db, store, bare, actor="t")
    assert entry["case_index"] == "05-99" and entry["counterparty_inn"] is None


def test_unknown_case_and_missing_document(pg_db: Database, tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "archive")
    doc_id = make_document(pg_db, store, card_=card())
    with pytest.raises(UnknownCase, match="99-99"):
        register_document(pg_db, store, doc_id, actor="t", case_index="99-99")
    from archive.journal import DocumentMissing

    with pytest.raises(DocumentMissing):
        register_document(pg_db, store, str(uuid.uuid4()), actor="t")


def test_s3_registered_original_cannot_be_deleted_or_replaced(
    s3_settings: Settings, seaweed: SeaweedServer, tmp_path: Path
) -> None:
    upgrade(s3_settings.resolved_database_url)
    db = Database(s3_settings.resolved_database_url)
    store = open_store(s3_settings)
    add_case(db, "07-01", years=10)
    data = b"%PDF-1.4 original " + secrets.token_bytes(16)
    doc_id = make_document(db, store, card_=card(), data=data)
    entry = register_document(db, store, doc_id, actor="t", case_index="07-01")
    sha = hashlib.sha256(data).hexdigest()
    until = dt.date.fromisoformat(entry["retain_until"])
    assert until.year == dt.date.today().year + 10
    assert store.original_retention(sha) == until
    with pytest.raises(ObjectLocked):
        store.delete_original(sha)
    raw = seaweed.client()
    key = original_key(sha)
    (version,) = [
        v for v in raw.list_objects(s3_settings.s3_bucket, prefix=key, include_version=True)
    ]
    with pytest.raises(S3Error):
        raw.remove_object(s3_settings.s3_bucket, key, version_id=version.version_id)
    with pytest.raises(S3Error):  # COMPLIANCE: not even shortened
        raw.set_object_retention(
            s3_settings.s3_bucket,
            key,
            Retention(COMPLIANCE, dt.datetime.now(dt.UTC) + dt.timedelta(days=2)),
            version_id=version.version_id,
        )
    # An "overwrite" only adds a version; the archive keeps serving the first one.
    import io

    raw.put_object(s3_settings.s3_bucket, key, io.BytesIO(b"forged"), 6)
    assert store.get_original(sha) == data and store.verify_original(sha)
    db.dispose()


def test_api_registration_annotations_and_corrections(api: TestClient) -> None:
    ctx = context_of(api)
    doc_id = make_document(ctx.db, ctx.store, card_=card("act", seller_inn="7707083893"))
    url = f"/api/v1/documents/{doc_id}"
    reply = api.post(
        f"{url}/registration", json={"case_index": "05-12"}, headers={"X-ECM-User": "ivanova"}
    )
    assert reply.status_code == 201, reply.text
    first = reply.json()
    assert first["reg_number"] == "05-12/1" and first["registered_by"] == "ivanova"
    assert api.post(f"{url}/registration", json={}).status_code == 409

    reply = api.patch(
        f"{url}/fields",
        json={"fields": {"total": "1500.00", "number": "77"}},
        headers={"X-ECM-User": "petrov"},
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["changed"]["total"] == [None, "1500.00"]
    shown = api.get(f"{url}/registration").json()["registrations"][0]
    assert shown["total"] == "1500.00" and shown["counterparty_number"] == "77"
    assert shown["annotations"][0]["kind"] == "corrected"
    events = api.get(f"{url}/audit").json()["events"]
    corrected = [e for e in events if e["action"] == "field_corrected"]
    assert {(e["details"]["field"], e["details"]["new"], e["actor"]) for e in corrected} == {
        ("total", "1500.00", "petrov"),
        ("number", "77", "petrov"),
    }

    assert api.post(f"{url}/annotations", json={"kind": "cancelled"}).status_code == 422
    reply = api.post(f"{url}/annotations", json={"kind": "cancelled", "text": "дубль"})
    assert reply.status_code == 201 and reply.json()["status"] == "cancelled"
    # Cancelled, not deleted: a new registration takes the next number, the old one stays.
    second = api.post(f"{url}/registration", json={"case_index": "05-12"}).json()
    assert second["reg_number"] == "05-12/2"
    assert len(api.get(f"{url}/registration").json()["registrations"]) == 2


def test_api_bad_input(api: TestClient) -> None:
    ctx = context_of(api)
    doc_id = make_document(ctx.db, ctx.store, card_=card())
    reply = api.post(f"/api/v1/documents/{doc_id}/registration", json={"case_index": "99-99"})
    assert reply.status_code == 422 and "99-99" in reply.json()["detail"]
    missing = f"/api/v1/documents/{uuid.uuid4()}/registration"
    assert api.post(missing, json={}).status_code == 404
    reply = api.patch(f"/api/v1/documents/{doc_id}/fields", json={"fields": {"date": "31.02.2026"}})
    assert reply.status_code == 422 and "date" in reply.json()["detail"]
    reply = api.patch(f"/api/v1/documents/{doc_id}/fields", json={"fields": {"color": "red"}})
    assert reply.status_code == 422
    assert (
        api.post(
            "/api/v1/nomenclature",
            json={"index": "05-12", "title": "x", "retention_label": "5 лет", "legal_basis": "x"},
        ).status_code
        == 422
    )
    assert api.patch("/api/v1/nomenclature/99-99", json={"title": "x"}).status_code == 404
    reply = api.post(
        "/api/v1/nomenclature",
        json={
            "index": "07-07",
            "title": "Акты сверки",
            "retention_years": 5,
            "retention_label": "5 лет",
            "legal_basis": "ст. 277",
        },
    )
    assert reply.status_code == 201
    assert api.patch("/api/v1/nomenclature/07-07", json={"retention_years": 0}).status_code == 422
    assert api.get("/api/v1/retention?year=abc").status_code == 422
