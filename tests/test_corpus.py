"""Tests of the synthetic corpus generator (ecm.corpus), on small corpora made here."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from PIL import Image
from pyzbar import pyzbar

from ecm.corpus.generate import Job, build_one, generate_corpus
from ecm.corpus.requisites import make_party

SCHEMA = Path(__file__).parents[2] / "shared/contracts/document-card.schema.json"
SEED = 20260315


# Independent checksum implementations, from shared/domain/README.md -------------------------
def inn_ok(inn: str) -> bool:
    d = [int(c) for c in inn]

    def check(weights: list[int], n: int) -> int:
        return sum(a * b for a, b in zip(d[:n], weights, strict=True)) % 11 % 10

    if len(d) == 10:
        return check([2, 4, 10, 3, 5, 9, 4, 6, 8], 9) == d[9]
    if len(d) == 12:
        return (check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 10) == d[10]
                and check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 11) == d[11])
    return False


def ogrn_ok(ogrn: str) -> bool:
    if len(ogrn) == 13:
        return int(ogrn[:12]) % 11 % 10 == int(ogrn[12])
    if len(ogrn) == 15:
        return int(ogrn[:14]) % 13 % 10 == int(ogrn[14])
    return False


def account_ok(bik: str, account: str, corr: bool) -> bool:
    prefix = "0" + bik[4:6] if corr else bik[-3:]
    digits = prefix + account
    weights = [7, 1, 3] * 8
    return len(account) == 20 and sum(int(c) * w for c, w in zip(digits, weights,
                                                                 strict=False)) % 10 == 0


def test_independent_checks_accept_known_valid_numbers() -> None:
    assert inn_ok("7707083893")  # Sberbank, from the domain README
    assert not inn_ok("7707083894")
    assert account_ok("044525225", "30101810400000000225", corr=True)  # Sberbank's к/с
    assert not account_ok("044525225", "30101810500000000225", corr=True)


# Corpus fixtures ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("corpus")
    path = generate_corpus(out, 2, SEED, jobs=2)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return out, rows


def test_every_class_and_profile_present(corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    out, rows = corpus
    assert len(rows) == 12
    assert {r["doc_type"] for r in rows} == {"upd", "torg12", "vat_invoice", "act",
                                             "payment_invoice", "other"}
    assert {r["profile"] for r in rows} == {"digital", "clean_scan", "poor_scan", "photo"}
    for r in rows:
        assert (out / r["file"]).is_file()
        assert (r["upd_status"] in (1, 2)) == (r["doc_type"] == "upd")


def test_same_seed_same_corpus(tmp_path: Path,
                               corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    out, _rows = corpus
    again = generate_corpus(tmp_path, 2, SEED, jobs=1)
    assert again.read_text(encoding="utf-8") == (out / "truth.jsonl").read_text(encoding="utf-8")
    for row in json.loads("[" + ",".join(again.read_text().splitlines()) + "]"):
        assert (tmp_path / row["file"]).read_bytes() == (out / row["file"]).read_bytes(), \
            row["file"]


def test_requisites_pass_checksums(corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    _out, rows = corpus
    for r in rows:
        for key in ("seller_inn", "buyer_inn"):
            if r["fields"][key] is not None:
                assert inn_ok(r["fields"][key]), (r["file"], key)
    rng = random.Random(5)
    for _ in range(300):
        p = make_party(rng, 0.4)
        assert inn_ok(p.inn)
        assert ogrn_ok(p.ogrn) and len(p.ogrn) == (15 if p.kind == "ip" else 13)
        assert account_ok(p.bank.bik, p.account, corr=False)
        assert account_ok(p.bank.bik, p.bank.corr, corr=True)
        assert (p.kpp is None) == (p.kind == "ip")
        assert len(p.inn) == (12 if p.kind == "ip" else 10)


def test_fields_validate_against_card_schema(
        corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema["properties"]["fields"],
                                     format_checker=FormatChecker())
    items = Draft202012Validator(schema["properties"]["line_items"])
    _out, rows = corpus
    for r in rows:
        assert list(r["fields"]) == schema["properties"]["fields"]["required"]
        validator.validate(r["fields"])
        items.validate(r["line_items"])


def test_arithmetic_is_consistent(corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    _out, rows = corpus
    for r in rows:
        f = r["fields"]
        if r["doc_type"] == "other":
            assert f["total"] is None and r["line_items"] == []
            continue
        amounts = [Decimal(i["amount"]) for i in r["line_items"]]
        vats = [Decimal(i["vat"]) for i in r["line_items"]]
        assert sum(amounts) == Decimal(f["total"]), r["file"]
        assert sum(vats) == Decimal(f["vat"]), r["file"]
        rates = {i["vat_rate"] for i in r["line_items"]}
        assert f["vat_rate"] == (rates.pop() if len(rates) == 1 else "mixed")
        year = int(f["date"][:4])
        for item in r["line_items"]:
            _check_item(item, year)


def _check_item(item: dict[str, str], year: int) -> None:
    amount, vat = Decimal(item["amount"]), Decimal(item["vat"])
    if item["vat_rate"] == "none":
        assert vat == 0
        return
    rate = Decimal(item["vat_rate"])
    assert item["vat_rate"] != ("20" if year >= 2026 else "22")
    on_top = abs((amount - vat) * rate / 100 - vat) <= Decimal("0.01")
    inside = abs(amount * rate / (100 + rate) - vat) <= Decimal("0.01")
    assert on_top or inside, item
    qty, price = Decimal(item["qty"]), Decimal(item["price"])
    assert abs(qty * price - amount) <= Decimal("0.01") or \
        abs(qty * price - (amount - vat)) <= Decimal("0.01"), item


def test_boxes_inside_their_pages(corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    _out, rows = corpus
    boxes = 0
    for r in rows:
        sizes = {p["page"]: (p["width"], p["height"]) for p in r["pages"]}
        for kind in ("stamps", "signatures"):
            for m in r["marks"][kind]:
                w, h = sizes[m["page"]]
                x, y, bw, bh = m["bbox"]
                assert x >= 0 and y >= 0 and bw > 0 and bh > 0
                assert x + bw <= w + 0.5 and y + bh <= h + 0.5, (r["file"], m)
                boxes += 1
    assert boxes > 5


def test_signature_truth_names_roles(corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    _out, rows = corpus
    signatures = [m for r in rows for m in r["marks"]["signatures"]]
    assert signatures
    # Every blank the generator signs has a role; the evaluation scores roles from it.
    assert all(isinstance(m.get("role"), str) and m["role"] for m in signatures), signatures


def test_page_sizes_match_files(corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    out, rows = corpus
    for r in rows:
        if r["profile"] == "digital" or r["file"].endswith(".pdf"):
            continue
        with Image.open(out / r["file"]) as img:
            assert img.size == (r["pages"][0]["width"], r["pages"][0]["height"])


def test_digital_pdf_has_text_layer_with_number(
        corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    out, rows = corpus
    digital = [r for r in rows if r["profile"] == "digital"]
    assert digital
    for r in digital:
        with pdfplumber.open(out / r["file"]) as pdf:
            text = "".join(page.extract_text() or "" for page in pdf.pages)
            assert len(pdf.pages) == len(r["pages"])
        assert r["fields"]["number"] in text, r["file"]


def _page_images(path: Path) -> list[Image.Image]:
    if path.suffix == ".pdf":
        doc = pdfium.PdfDocument(path)
        return [doc[i].render(scale=300 / 72).to_pil() for i in range(len(doc))]
    img = Image.open(path)
    frames = []
    for i in range(getattr(img, "n_frames", 1)):
        img.seek(i)
        frames.append(img.convert("RGB"))
    return frames


def test_codes_decode_on_clean_scans(tmp_path: Path) -> None:
    found: list[tuple[str, str]] = []
    for i in range(14):
        rec = build_one(Job(i, "payment_invoice", "clean_scan", SEED, str(tmp_path)))
        if not rec["marks"]["codes"]:
            continue
        decoded = set()
        for img in _page_images(tmp_path / rec["file"]):
            for sym in pyzbar.decode(np.asarray(img.convert("L"))):
                decoded.add((sym.type, sym.data.decode("utf-8")))
        for code in rec["marks"]["codes"]:
            assert (code["type"], code["data"]) in decoded, (rec["file"], code["type"])
            found.append((code["type"], code["data"]))
        if len(found) >= 4:
            break
    assert any(t == "QRCODE" and d.startswith("ST00012|Name=") for t, d in found)
