"""Dev replay of line items and money totals only, on cached OCR words (bench/fields_cache.py),
scored with the evaluation's own row matcher; prints per profile the rows matched and,
with --show, each failing row (truth vs read).

    .venv/bin/python bench/items_dev.py CACHE [CACHE ...] [--show] [--only SUBSTR] [--classify]

By default the true document type is used, so a classification error does not hide a row
reader's change; --classify replays the classifier as the pipeline does.
"""

from __future__ import annotations

import argparse
import dataclasses
import pickle
from collections import defaultdict
from pathlib import Path
from typing import Any

from ecm.evaluation.normalize import LINE_ITEM_KINDS, normalize, normalize_field
from ecm.evaluation.score import line_items_matched
from recognizers.classify import classify
from recognizers.fields import extract_fields
from recognizers.fields.confidence import REVIEW_THRESHOLD

MONEY_FIELDS = ("total", "vat", "vat_rate")


def _key(row: dict[str, Any]) -> tuple[object, ...]:
    return tuple(normalize(kind, row.get(col)) for col, kind in LINE_ITEM_KINDS.items())


def _fmt(row: dict[str, Any] | None) -> str:
    if row is None:
        return "-"
    return " | ".join(str(row.get(k)) for k in ("name", "qty", "unit", "price", "amount",
                                                 "vat_rate", "vat"))


def _diff(truth: list[dict[str, Any]], read: list[dict[str, Any]]) -> list[str]:
    """Failing truth rows, each beside the read row at the same index (the usual misalignment
    is a lost row, visible as a run of shifted pairs)."""
    read_keys = {_key(r) for r in read}
    out = []
    for i, row in enumerate(truth):
        if _key(row) in read_keys:
            continue
        got = read[i] if i < len(read) else None
        bad = [col for col, kind in LINE_ITEM_KINDS.items()
               if got is None or normalize(kind, row.get(col)) != normalize(kind, got.get(col))]
        out.append(f"    T{i + 1}: {_fmt(row)}\n    R{i + 1}: {_fmt(got)}   [{','.join(bad)}]")
    if len(read) > len(truth):
        out.append(f"    +{len(read) - len(truth)} extra read rows")
    return out


def _with_defaults(pages: list[Any]) -> list[Any]:
    """Pages pickled before a field was added to Page get that field's default."""
    for page in pages:
        for f in dataclasses.fields(page):
            if not hasattr(page, f.name) and f.default_factory is not dataclasses.MISSING:
                setattr(page, f.name, f.default_factory())
            elif not hasattr(page, f.name):
                setattr(page, f.name, f.default)
    return pages


def replay(doc: dict[str, Any], use_classifier: bool) -> Any:
    truth = doc["truth"]
    pages = _with_defaults(doc["pages"])
    if use_classifier:
        texts = [p.text for p in pages]
        found = classify(texts[0] if texts else "", "\n".join(texts[1:]),
                         status_box=getattr(pages[0], "status_box", None) if pages else None)
        return extract_fields(pages, found.doc_type, found.upd_status)
    return extract_fields(pages, truth["doc_type"], truth.get("upd_status"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("caches", nargs="+", type=Path)
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--classify", action="store_true")
    a = ap.parse_args()
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for cache in a.caches:
        for pkl in sorted(cache.glob("*.pkl")):
            if a.only not in pkl.name:
                continue
            doc = pickle.loads(pkl.read_bytes())
            truth = doc["truth"]
            if not truth.get("line_items"):
                continue
            ex = replay(doc, a.classify)
            read = [item.model_dump() for item in ex.line_items]
            matched = line_items_matched(truth["line_items"], read)
            st = stats[truth["profile"]]
            st["docs"] += 1
            st["rows"] += len(truth["line_items"])
            st["matched"] += matched
            st["read"] += len(read)
            st["docs_all_rows"] += matched == len(truth["line_items"])
            money_bad = []
            for name in MONEY_FIELDS:
                got = getattr(ex.fields, name)
                ok = normalize_field(name, truth["fields"].get(name)) == normalize_field(name, got)
                conf = ex.field_confidence.get(name, 0.0)
                st[f"{name}_ok"] += ok
                st[f"{name}_conf_wrong"] += (not ok) and conf >= REVIEW_THRESHOLD
                if not ok:
                    money_bad.append(f"{name}: {got!r}≠{truth['fields'].get(name)!r} "
                                     f"({conf:.2f})")
            if a.show and (matched < len(truth["line_items"]) or money_bad):
                print(f"{pkl.stem}: rows {matched}/{len(truth['line_items'])} read {len(read)}"
                      + ("; " + "; ".join(money_bad) if money_bad else ""))
                for text in _diff(truth["line_items"], read):
                    print(text)
    for prof in sorted(stats):
        st = stats[prof]
        pct = 100 * st["matched"] / st["rows"] if st["rows"] else 0.0
        money = " ".join(f"{n} {st[f'{n}_ok']:.0f} (conf-wrong {st[f'{n}_conf_wrong']:.0f})"
                         for n in MONEY_FIELDS)
        print(f"{prof:11s} docs {st['docs']:3.0f} rows {st['matched']:.0f}/{st['rows']:.0f} "
              f"= {pct:5.1f}% read {st['read']:.0f} docs-all-rows {st['docs_all_rows']:.0f} | "
              f"{money}")


if __name__ == "__main__":
    main()
