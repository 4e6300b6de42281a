"""Export packages: originals named plainly or the ФНС way, опись, manifest, SHA256SUMS."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import stat
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from archive.db import Database, upgrade
from archive.export import write_export
from archive.models import AuditEvent
from archive.objectstore import open_store, original_key
from archive.registration import register_document
from archive.search import SearchQuery
from ecm.api.app import create_app
from ecm.cli import app as cli
from ecm.context import AppContext
from ecm.settings import Settings, get_settings
from tests.test_journal import card, make_document

ORG = {"org_inn": "7707083893", "org_kpp": "773601001", "tax_office": "7736"}


def _populate(db: Database, store: Any) -> list[dict[str, Any]]:
    entries = []
    for doc_type, fields, name in (
        (
            "torg12",
            {
                "seller_name": "ООО «Лютик»",
                "seller_inn": "7728168971",
                "date": "2026-03-15",
                "total": "12200.00",
                "number": "12",
            },
            "накладная.pdf",
        ),
        (
            "act",
            {
                "seller_name": "АО «Ромашка»",
                "seller_inn": "5003052454",
                "date": "2026-05-01",
                "total": "500.00",
            },
            "акт 7.pdf",
        ),
    ):
        doc_id = make_document(db, store, card_=card(doc_type, **fields), filename=name)
        entries.append(register_document(db, store, doc_id, actor="t"))
    return entries


def _check_package(data: bytes, tmp_path: Path) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    package = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(package.read("manifest.json"))
    for item in manifest["files"]:
        assert hashlib.sha256(package.read(item["name"])).hexdigest() == item["sha256"]
    folder = tmp_path / "unpacked"
    package.extractall(folder)
    # What the receiver runs: every original and the inventories check out.
    done = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return package, manifest


@pytest.fixture
def api(embedded_settings: Settings) -> Iterator[TestClient]:
    settings = embedded_settings.model_copy(update=ORG)
    with TestClient(create_app(AppContext(settings), dispatch=lambda *_: None)) as client:
        yield client


def test_api_export_with_fns_names(api: TestClient, tmp_path: Path) -> None:
    ctx = api.app.state.ctx  # type: ignore[attr-defined]
    entries = _populate(ctx.db, ctx.store)
    reply = api.post(
        "/api/v1/export", params={"fns_names": "true"}, headers={"X-ECM-User": "auditor"}
    )
    assert reply.status_code == 200, reply.text
    export_id = reply.headers["X-Export-Id"]
    assert f'filename="export_{export_id}.zip"' in reply.headers["Content-Disposition"]
    # The package is streamed from a spool file that is gone once sent.
    assert list((ctx.settings.data_dir / "exports").iterdir()) == []
    package, manifest = _check_package(reply.content, tmp_path)
    names = [f["name"] for f in manifest["files"]]
    assert len(names) == 2
    for name, entry in zip(names, entries, strict=True):
        assert re.fullmatch(r"0160_7707083893773601001_7736_\d+_\d{8}_1\.pdf", name), name
        assert name.split("_")[3] == str(entry["id"])
    assert names[0].split("_")[4] == "20260315"
    rows = list(
        csv.reader(io.StringIO(package.read("опись.csv").decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][0] == "№" and rows[0][-1] == "SHA-256"
    assert [r[1] for r in rows[1:]] == [e["reg_number"] for e in entries]
    assert rows[1][-2:] == [names[0], entries[0]["sha256"]]
    sheet = load_workbook(io.BytesIO(package.read("опись.xlsx"))).active
    assert sheet is not None
    assert sheet.cell(3, 2).value == entries[0]["reg_number"] and sheet.max_row == 4
    with ctx.db.session() as session:
        exported = session.scalars(select(AuditEvent).where(AuditEvent.action == "exported")).all()
    assert {e.document_id for e in exported} == {e["document_id"] for e in entries}
    assert {e.actor for e in exported} == {"auditor"}


def test_api_export_refusals(embedded_settings: Settings, tmp_path: Path) -> None:
    with TestClient(create_app(AppContext(embedded_settings), dispatch=lambda *_: None)) as api:
        ctx = api.app.state.ctx  # type: ignore[attr-defined]
        assert api.post("/api/v1/export").status_code == 422  # nothing registered yet
        entries = _populate(ctx.db, ctx.store)
        reply = api.post("/api/v1/export", params={"fns_names": "true"})
        assert reply.status_code == 422 and "ECM_ORG_INN" in reply.json()["detail"]
        assert api.post("/api/v1/export", params={"date_from": "вчера"}).status_code == 422
        path = embedded_settings.archive_dir / original_key(entries[1]["sha256"])
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
        path.write_bytes(path.read_bytes() + b"tampered")
        reply = api.post("/api/v1/export")
        assert reply.status_code == 409 and "ecm verify" in reply.json()["detail"]
        assert list((embedded_settings.data_dir / "exports").iterdir()) == []


def test_cli_export_plain_names(
    embedded_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    upgrade(embedded_settings.resolved_database_url)
    db = Database(embedded_settings.resolved_database_url)
    entries = _populate(db, open_store(embedded_settings))
    monkeypatch.setenv("ECM_DATA_DIR", str(embedded_settings.data_dir))
    get_settings.cache_clear()
    target = tmp_path / "выгрузка.zip"
    try:
        result = CliRunner().invoke(cli, ["export", "--out", str(target), "--type", "act"])
        assert result.exit_code == 0, result.output
        result = CliRunner().invoke(
            cli, ["export", "--out", str(tmp_path / "x.zip"), "--from", "2026-02-30"]
        )
        assert result.exit_code == 2 and "некорректная дата" in result.output
    finally:
        get_settings.cache_clear()
    _package, manifest = _check_package(target.read_bytes(), tmp_path)
    (item,) = manifest["files"]
    assert (
        item["name"] == f"0001_{entries[1]['reg_number'].replace('/', '-')}_"
        f"{entries[1]['year']}_акт 7.pdf"
    )
    db.dispose()


def test_export_from_postgres_and_s3(s3_settings: Settings, pg_url: str, tmp_path: Path) -> None:
    upgrade(pg_url)
    db = Database(pg_url)
    store = open_store(s3_settings)
    entries = _populate(db, store)
    buffer = io.BytesIO()
    summary = write_export(
        db, store, buffer, query=SearchQuery(inn="5003052454", case_index="05-12"), actor="t"
    )
    assert summary.documents >= 1
    _package, manifest = _check_package(buffer.getvalue(), tmp_path)
    assert entries[1]["sha256"] in {f["sha256"] for f in manifest["files"]}
    db.dispose()
