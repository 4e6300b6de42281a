"""A document's whole journey through real processes and real servers.

HTTP upload → broker → worker process → card in the journal → original in the archive.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from sqlalchemy import create_engine, text

from tests import samples
from tests.processes import ecm_process, free_port, wait_finished, wait_healthy
from tests.servers import SeaweedServer

pytestmark = pytest.mark.slow


def _upload(base: str, *files: tuple[str, bytes]) -> list[dict[str, Any]]:
    reply = httpx.post(
        f"{base}/api/v1/documents",
        files=[("files", (name, data)) for name, data in files],
        timeout=30,
    )
    assert reply.status_code == 202, reply.text
    docs: list[dict[str, Any]] = reply.json()["documents"]
    return docs


def test_production_shape_postgres_redis_s3(
    tmp_path: Path,
    pg_url: str,
    redis_url: str,
    seaweed: SeaweedServer,
    card_schema: dict[str, Any],
) -> None:
    bucket = "ecm-e2e"
    env = {
        "ECM_DATA_DIR": str(tmp_path / "var"),
        "ECM_DATABASE_URL": pg_url,
        "ECM_BROKER_URL": redis_url,
        "ECM_S3_ENDPOINT": seaweed.endpoint,
        "ECM_S3_ACCESS_KEY": seaweed.access_key,
        "ECM_S3_SECRET_KEY": seaweed.secret_key,
        "ECM_S3_BUCKET": bucket,
        "ECM_S3_SECURE": "false",
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    pdf = samples.text_pdf(samples.PAYMENT_INVOICE)
    jpeg = samples.scan(samples.PAYMENT_INVOICE, fmt="JPEG")
    broken = samples.png_header_only(1500, 1500, idat=b"not zlib")
    with (
        ecm_process(["worker"], env, tmp_path / "worker.log"),
        ecm_process(["api", "--port", str(port)], env, tmp_path / "api.log") as api,
    ):
        wait_healthy(base, api, tmp_path / "api.log")
        docs = _upload(base, ("счёт.pdf", pdf), ("скан.jpg", jpeg), ("битый.png", broken))
        results = [wait_finished(base, d["id"]) for d in docs]

    text_pdf, scan, failed = results
    for doc in (text_pdf, scan):
        assert doc["status"] in ("done", "needs_review"), doc
        jsonschema.validate(doc["card"], card_schema)
        assert doc["card"]["doc_type"] == "payment_invoice"
    assert text_pdf["card"]["text_source"] == "text_layer"
    assert scan["card"]["text_source"] == "ocr"
    assert failed["status"] == "failed"
    assert "повреждено" in failed["reason"]

    engine = create_engine(pg_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, status, card FROM documents")).all()
    engine.dispose()
    stored = {row.id: row for row in rows}
    assert stored[docs[0]["id"]].card["sha256"] == hashlib.sha256(pdf).hexdigest()

    s3 = seaweed.client()
    for original in (pdf, jpeg, broken):
        sha = hashlib.sha256(original).hexdigest()
        key = f"originals/{sha[:2]}/{sha[2:4]}/{sha}"
        assert s3.get_object(bucket, key).read() == original


def test_embedded_defaults_with_ecm_run(tmp_path: Path, card_schema: dict[str, Any]) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {"ECM_DATA_DIR": str(tmp_path / "var")}
    for name in ("ECM_DATABASE_URL", "ECM_BROKER_URL", "ECM_S3_ENDPOINT"):
        env[name] = ""
    pdf = samples.text_pdf(samples.PAYMENT_INVOICE, pages=2)
    with ecm_process(["run", "--port", str(port)], env, tmp_path / "run.log") as proc:
        wait_healthy(base, proc, tmp_path / "run.log")
        (doc,) = _upload(base, ("счёт.pdf", pdf))
        result = wait_finished(base, doc["id"], timeout=120)
        original = httpx.get(f"{base}/api/v1/documents/{doc['id']}/original", timeout=10)
    assert result["status"] in ("done", "needs_review")
    jsonschema.validate(result["card"], card_schema)
    assert result["card"]["pages"] == 2
    assert original.content == pdf
    assert (tmp_path / "var" / "journal.sqlite3").exists()
