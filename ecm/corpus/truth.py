"""Ground-truth records in the shared contracts' truth.jsonl format."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ecm.corpus import amounts
from ecm.corpus.model import Doc

FIELD_KEYS = ("number", "date", "seller_name", "seller_inn", "seller_kpp", "buyer_name",
              "buyer_inn", "buyer_kpp", "total", "vat", "vat_rate")


def fields(doc: Doc, other_kind: str | None) -> dict[str, str | None]:
    """The eleven card fields as printed; for `other` only what the page really carries."""
    out: dict[str, str | None] = dict.fromkeys(FIELD_KEYS)
    out["number"] = doc.number
    out["date"] = doc.date.isoformat()
    if other_kind is not None:
        if other_kind == "contract":
            out["seller_name"] = doc.seller.full_name
            out["buyer_name"] = doc.buyer.full_name
        return out
    s, b = doc.seller, doc.buyer
    out.update({
        "seller_name": s.name, "seller_inn": s.inn, "seller_kpp": s.kpp,
        "buyer_name": b.name, "buyer_inn": b.inn, "buyer_kpp": b.kpp,
        "total": amounts.truth_money(doc.total), "vat": amounts.truth_money(doc.total_vat),
        "vat_rate": doc.vat_rate_label,
    })
    return out


def line_items(doc: Doc) -> list[dict[str, str | None]]:
    """``amount`` is the line's total with VAT, so the amounts sum to the document total."""
    return [{"name": i.name, "qty": amounts.truth_qty(i.qty), "unit": i.unit,
             "price": amounts.truth_money(i.price), "amount": amounts.truth_money(i.gross),
             "vat_rate": i.rate, "vat": amounts.truth_money(i.vat)} for i in doc.items]


def record(file: str, doc: Doc, profile: str, other_kind: str | None,
           marks: dict[str, list[dict[str, Any]]],
           pages: list[tuple[int, int]]) -> dict[str, Any]:
    return {
        "file": file,
        "doc_type": doc.doc_type,
        "upd_status": doc.upd_status,
        "profile": profile,
        "fields": fields(doc, other_kind),
        "marks": marks,
        "line_items": [] if other_kind is not None else line_items(doc),
        "pages": [{"page": i, "width": w, "height": h} for i, (w, h) in enumerate(pages, 1)],
    }


def write(path: Path, records: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=False) + "\n")
