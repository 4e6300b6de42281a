"""The review queue: a scan recognition was unsure of waits for a person, whose verdict is
audited, carried into the journal and ends the document as done."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from archive.documents import finish_document
from archive.models import Document
from archive.verify import verify_archive
from ecm.context import AppContext
from ecm.settings import Settings
from tests.conftest import context_of, run_cli
from tests.samples import PAYMENT_INVOICE, scan
from tests.test_journal import card, make_document


def _upload_and_process(api: TestClient, data: bytes, name: str) -> str:
    reply = api.post("/api/v1/documents", files=[("files", (name, data, "image/png"))])
    assert reply.status_code == 202, reply.text
    doc_id: str = reply.json()["documents"][0]["id"]
    context_of(api).process(doc_id)
    return doc_id


def test_unsure_scan_waits_for_review_and_the_verdict_finishes_it(api: TestClient) -> None:
    # The number is not printed at all: no reading can be sure of it.
    lines = [ln.replace("№ 137 ", "") for ln in PAYMENT_INVOICE]
    doc_id = _upload_and_process(api, scan(lines), "invoice.png")
    assert api.get(f"/api/v1/documents/{doc_id}").json()["status"] == "needs_review"

    queue = api.get("/api/v1/review").json()
    assert queue["total"] == 1
    item = queue["items"][0]
    assert item["id"] == doc_id and item["doc_type"] == "payment_invoice"
    unsure = {f["field"]: f for f in item["unsure_fields"]}
    assert unsure["number"]["value"] is None and unsure["number"]["confidence"] < 0.9

    reply = api.post(
        f"/api/v1/documents/{doc_id}/review",
        json={"fields": {"number": "137"}, "comment": "номер по реестру"},
        headers={"X-ECM-User": "sidorova"},
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["changed"] == {"number": [None, "137"]}

    shown = api.get(f"/api/v1/documents/{doc_id}").json()
    assert shown["status"] == "done"
    assert shown["card"]["fields"]["number"] == "137"
    assert shown["card"]["review"]["by"] == "sidorova"
    assert shown["card"]["review"]["corrected"] == ["number"]
    assert api.get("/api/v1/review").json()["total"] == 0
    registration = api.get(f"/api/v1/documents/{doc_id}/registration").json()["registrations"]
    assert registration[0]["counterparty_number"] == "137"
    actions = [e["action"] for e in api.get(f"/api/v1/documents/{doc_id}/audit").json()["events"]]
    assert actions.index("field_corrected") < actions.index("reviewed")
    # The recognizer's own card stays as it read the page.
    ctx = context_of(api)
    with ctx.db.session() as session:
        doc = session.get(Document, doc_id)
        assert doc is not None
        sha = doc.sha256
    stored = json.loads(ctx.store.get_derived(f"derived/{sha}/card.json"))
    assert stored["fields"]["number"] is None and "review" not in stored


def _waiting_document(api: TestClient, doc_type: str = "torg12", **fields: Any) -> str:
    ctx = context_of(api)
    doc_id = make_document(ctx.db, ctx.store)
    with ctx.db.session() as session:
        finish_document(session, doc_id, card=card(doc_type, **fields), text="накладная",
                        needs_review=True)
    return doc_id


def test_bad_verdicts_are_refused_and_change_nothing(api: TestClient) -> None:
    doc_id = _waiting_document(api, seller_inn="7707083893")
    url = f"/api/v1/documents/{doc_id}/review"
    reply = api.post(url, json={"fields": {"seller_inn": "7707083894"}})
    assert reply.status_code == 422 and "контрольных цифр" in reply.json()["detail"]
    assert api.post(url, json={"fields": {"colour": "red"}}).status_code == 422
    assert api.post(url, json={"doc_type": "letter"}).status_code == 422
    reply = api.post(url, json={"doc_type": "act", "upd_status": 1})
    assert reply.status_code == 422 and "УПД" in reply.json()["detail"]
    assert api.post("/api/v1/documents/00000000-0000-0000-0000-000000000000/review",
                    json={}).status_code == 404
    shown = api.get(f"/api/v1/documents/{doc_id}").json()
    assert shown["status"] == "needs_review"
    assert shown["card"]["fields"]["seller_inn"] == "7707083893"

    assert api.post(url, json={}).status_code == 200
    reply = api.post(url, json={})
    assert reply.status_code == 409 and "не ждёт проверки" in reply.json()["detail"]


def test_a_corrected_class_moves_the_registration_to_its_case(api: TestClient) -> None:
    doc_id = _waiting_document(api, "torg12", number="15")
    url = f"/api/v1/documents/{doc_id}"
    first = api.post(f"{url}/registration", json={}).json()
    reply = api.post(f"{url}/review", json={"doc_type": "vat_invoice"})
    assert reply.status_code == 200, reply.text
    assert reply.json()["reclassified"] is True
    registrations = api.get(f"{url}/registration").json()["registrations"]
    by_number = {r["reg_number"]: r for r in registrations}
    assert by_number[first["reg_number"]]["status"] == "cancelled"
    moved = next(r for r in registrations if r["status"] == "registered")
    assert moved["case_index"] != first["case_index"] and moved["doc_type"] == "vat_invoice"
    assert api.get(url).json()["card"]["doc_type"] == "vat_invoice"


def test_a_corrected_class_within_the_same_case_keeps_the_number(api: TestClient) -> None:
    # ТОРГ-12 and acts share one case of the default nomenclature.
    doc_id = _waiting_document(api, "torg12", number="16")
    url = f"/api/v1/documents/{doc_id}"
    first = api.post(f"{url}/registration", json={}).json()
    assert api.post(f"{url}/review", json={"doc_type": "act"}).status_code == 200
    [entry] = api.get(f"{url}/registration").json()["registrations"]
    assert entry["reg_number"] == first["reg_number"] and entry["status"] == "registered"
    assert entry["doc_type"] == "act"
    assert entry["annotations"][-1]["kind"] == "corrected"
    ctx = context_of(api)
    report = verify_archive(ctx.db, ctx.store)
    assert report.journal_problem is None and all(c.ok for c in report.chains)


def test_cli_lists_the_queue_and_accepts_a_verdict(cli_env: Settings) -> None:
    ctx = AppContext(cli_env)
    doc_id = make_document(ctx.db, ctx.store)
    with ctx.db.session() as session:
        finish_document(session, doc_id, card={**card("act"), "field_confidence": {"total": 0.4}},
                        text="акт", needs_review=True)
    ctx.close()
    code, printed = run_cli("review", "list", "--json")
    assert code == 0
    [item] = json.loads(printed)["items"]
    assert item["id"] == doc_id and "total" in {f["field"] for f in item["unsure_fields"]}

    code, printed = run_cli("review", "accept", doc_id, "--set", "total")
    assert code == 2 and "ПОЛЕ=ЗНАЧЕНИЕ" in printed
    code, printed = run_cli("review", "accept", doc_id, "--set", "total=1200.00")
    assert code == 0, printed
    code, printed = run_cli("review", "accept", doc_id)
    assert code == 2 and "не ждёт проверки" in printed
    code, printed = run_cli("review", "list", "--json")
    assert json.loads(printed)["total"] == 0


def test_review_page_is_served_in_russian(api: TestClient) -> None:
    reply = api.get("/review")
    assert reply.status_code == 200 and "Проверка распознанных документов" in reply.text
    assert 'href="/review"' in api.get("/").text
