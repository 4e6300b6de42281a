"""The upload API on embedded defaults: what a client sees, and that nothing half-stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ecm.api.app import create_app
from ecm.context import AppContext
from ecm.settings import Settings
from tests import samples
from tests.conftest import Dispatched


def _files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


def _archived_files(settings: Settings) -> list[Path]:
    root = settings.archive_dir / "originals"
    return (
        [p for p in root.rglob("*") if p.is_file() and len(p.name) == 64] if root.exists() else []
    )


def test_upload_stores_originals_before_replying(
    client: TestClient, embedded_settings: Settings, dispatched: Dispatched
) -> None:
    pdf = samples.text_pdf(samples.PAYMENT_INVOICE, pages=2)
    png = samples.scan(["Письмо"], dpi=100)
    reply = client.post("/api/v1/documents", files=_files(("счёт.pdf", pdf), ("скан.png", png)))
    assert reply.status_code == 202
    docs = reply.json()["documents"]
    assert [d["filename"] for d in docs] == ["счёт.pdf", "скан.png"]
    assert [d["pages"] for d in docs] == [2, 1]
    assert len(_archived_files(embedded_settings)) == 2
    assert sorted(d[0] for d in dispatched) == sorted(d["id"] for d in docs)

    shown = client.get(f"/api/v1/documents/{docs[0]['id']}").json()
    assert shown["status"] == "queued" and "card" not in shown
    original = client.get(f"/api/v1/documents/{docs[0]['id']}/original")
    assert original.status_code == 200
    assert original.content == pdf
    assert original.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''" in original.headers["content-disposition"]


def test_same_file_twice_is_flagged_as_duplicate(client: TestClient) -> None:
    pdf = samples.text_pdf(["Акт № 1"])
    first = client.post("/api/v1/documents", files=_files(("a.pdf", pdf))).json()["documents"][0]
    second = client.post("/api/v1/documents", files=_files(("b.pdf", pdf))).json()["documents"][0]
    assert second["duplicate_of"] == first["id"]
    assert second["id"] != first["id"]


BAD = [
    ("empty.pdf", b"", 422, "empty"),
    ("scan.pdf", b"PK\x03\x04 zip in disguise", 415, "unsupported_type"),
    ("broken.pdf", samples.corrupt_pdf(), 422, "corrupt_pdf"),
    ("locked.pdf", samples.text_pdf(["x"], encrypt="pw"), 422, "encrypted_pdf"),
    ("bomb.png", samples.png_header_only(20_000, 10_000), 422, "image_too_large"),
    ("../../etc/passwd.pdf", samples.text_pdf(["x"]), 422, "bad_filename"),
    ("name\\with\\backslashes.pdf", samples.text_pdf(["x"]), 422, "bad_filename"),
]


@pytest.mark.parametrize(
    ("name", "data", "status", "code"), BAD, ids=[b[3] + ":" + b[0][:8] for b in BAD]
)
def test_bad_file_gets_a_reason_and_nothing_of_the_batch_is_stored(
    client: TestClient,
    embedded_settings: Settings,
    dispatched: Dispatched,
    name: str,
    data: bytes,
    status: int,
    code: str,
) -> None:
    good = samples.text_pdf(samples.PAYMENT_INVOICE)
    reply = client.post("/api/v1/documents", files=_files(("good.pdf", good), (name, data)))
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert [p["code"] for p in body["problems"]] == [code]
    assert body["problems"][0]["problem"]
    assert _archived_files(embedded_settings) == []
    assert client.get("/api/v1/documents").json()["documents"] == []
    assert dispatched == []
    # ... and the service keeps serving.
    assert client.post("/api/v1/documents", files=_files(("good.pdf", good))).status_code == 202


def test_file_over_the_size_limit(embedded_settings: Settings, dispatched: Dispatched) -> None:
    settings = embedded_settings.model_copy(update={"max_upload_mb": 1})
    with TestClient(create_app(AppContext(settings), dispatch=dispatched)) as client:
        big = samples.text_pdf(["x"]) + b"%" * (1024 * 1024 + 10)
        reply = client.post("/api/v1/documents", files=_files(("big.pdf", big)))
        assert reply.status_code == 413
        assert reply.json()["problems"][0]["code"] == "too_large"
        assert _archived_files(settings) == []


def test_request_over_the_request_limit_is_refused_before_reading(
    embedded_settings: Settings, dispatched: Dispatched
) -> None:
    settings = embedded_settings.model_copy(update={"max_request_mb": 1})
    with TestClient(create_app(AppContext(settings), dispatch=dispatched)) as client:
        reply = client.post(
            "/api/v1/documents", files=_files(("big.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024)))
        )
        assert reply.status_code == 413
        assert reply.json()["code"] == "request_too_large"


def test_unknown_and_malformed_ids(client: TestClient) -> None:
    for path in ("/api/v1/documents/00000000-0000-0000-0000-000000000000", "/api/v1/documents/x"):
        reply = client.get(path)
        assert reply.status_code == 404
        assert reply.json()["detail"] == "Документ не найден."


def test_upload_without_files_is_a_clear_422(client: TestClient) -> None:
    reply = client.post("/api/v1/documents", data={"x": "1"})
    assert reply.status_code == 422
    assert reply.json()["detail"] == "Неверный запрос."


def test_health_and_web_page(client: TestClient) -> None:
    assert client.get("/api/v1/health").json()["status"] == "ok"
    page = client.get("/")
    assert page.status_code == 200 and "Приём первичных документов" in page.text


def test_control_characters_in_a_filename(client: TestClient, embedded_settings: Settings) -> None:
    # Sent raw: HTTP clients escape such names themselves, hostile ones do not.
    boundary = "b0undary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="scan\x07\x1b.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + samples.text_pdf(["x"])
        + f"\r\n--{boundary}--\r\n".encode()
    )
    reply = client.post(
        "/api/v1/documents",
        content=body,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert reply.status_code == 422, reply.text
    assert reply.json()["problems"][0]["code"] == "bad_filename"
    assert _archived_files(embedded_settings) == []


def test_timestamps_carry_their_zone(client: TestClient) -> None:
    pdf = samples.text_pdf(["Акт № 2"])
    doc = client.post("/api/v1/documents", files=_files(("a.pdf", pdf))).json()["documents"][0]
    shown = client.get(f"/api/v1/documents/{doc['id']}").json()
    assert shown["created_at"].endswith("+00:00")
    assert shown["processed_at"] is None
