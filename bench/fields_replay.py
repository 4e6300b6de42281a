"""Dev replay: classification and fields on cached OCR words (bench/fields_cache.py), scored
with the evaluation's own scorer; no OCR, so a change to classify/fields is measured in seconds.

    .venv/bin/python bench/fields_replay.py CACHE [CACHE ...] [--show] [--reread]

--reread: for older caches that stored page images but no re-reads, read the lines the pipeline
would read twice (recognizers/fields/reread.py) from those images (a tesseract call per page
that needs it); newer caches hold the pipeline's re-reads already.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
from collections import defaultdict
from pathlib import Path
from typing import Any

from ecm.evaluation.score import score_document
from ecm.pipeline.recognize import interpret_checked
from recognizers.card import Card, PageSize
from recognizers.fields.confidence import REVIEW_THRESHOLD


def add_rereads(doc: dict[str, Any], pkl: Path) -> None:
    import cv2

    from recognizers.fields.reread import plan_rereads, reread_lines

    for page in doc["pages"]:
        png = pkl.with_name(f"{pkl.stem}-{page.number}.png")
        if page.text_source != "ocr" or not png.exists() or getattr(page, "rereads", None):
            continue
        lines = plan_rereads(page)
        gray = cv2.imread(str(png), cv2.IMREAD_GRAYSCALE) if lines else None
        if gray is not None:
            page.rereads = reread_lines(gray, lines)


def with_first_image(doc: dict[str, Any], pkl: Path | None) -> list[Any]:
    """The cached pages, the first holding its cleaned image again (a cache made with --images),
    as the pipeline holds it for the held values' crop readings (interpret_checked)."""
    import cv2

    pages = doc["pages"]
    for page in pages:  # pickled before Page had them
        page.__dict__.setdefault("crop_reads", [])
    png = pkl.with_name(f"{pkl.stem}-1.png") if pkl is not None else None
    if pages and pages[0].text_source == "ocr" and png is not None and png.exists():
        pages[0].image = cv2.imread(str(png), cv2.IMREAD_GRAYSCALE)
    return list(pages)


def card_of(doc: dict[str, Any], pkl: Path | None = None) -> Card:
    pages = with_first_image(doc, pkl)
    found, ex = interpret_checked(pages)
    return Card(file=doc["truth"]["file"], sha256=hashlib.sha256(b"").hexdigest(),
                doc_type=found.doc_type, upd_status=found.upd_status,  # type: ignore[arg-type]
                confidence=found.confidence, pages=len(pages),
                page_sizes=[PageSize(page=p.number, width=p.width, height=p.height)
                            for p in pages],
                text_source="ocr", fields=ex.fields, field_confidence=ex.field_confidence,
                line_items=ex.line_items, issues=ex.issues)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("caches", nargs="+", type=Path)
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--reread", action="store_true")
    ap.add_argument("--no-crops", action="store_true",
                    help="no crop readings of held values (as the pipeline before them)")
    ap.add_argument("--unsure", action="store_true",
                    help="documents read right that still go to review: their unsure fields")
    ap.add_argument("--sweep", action="store_true",
                    help="straight-through and residual error at other review thresholds")
    a = ap.parse_args()
    kept: list[tuple[float, Any]] = []
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for cache in a.caches:
        for pkl in sorted(cache.glob("*.pkl")):
            doc = pickle.loads(pkl.read_bytes())
            if a.reread:
                add_rereads(doc, pkl)
            truth = doc["truth"]
            card = card_of(doc, None if a.no_crops else pkl)
            s = score_document(truth, card.to_json_dict(), REVIEW_THRESHOLD)
            kept.append((card.confidence, s))
            st = stats[truth["profile"]]
            st["docs"] += 1
            st["class_ok"] += s.class_correct
            wrong = []
            for name, f in s.fields.items():
                st["fields"] += 1
                st[f.outcome] += 1
                st["confident"] += f.confident
                st["confident_wrong"] += f.confident and f.outcome != "correct"
                if f.outcome != "correct":
                    wrong.append(f"{name}: {f.read!r}≠{f.truth!r} ({f.confidence})")
            st["stp"] += s.all_confident
            if a.unsure and s.class_correct and not wrong and not s.all_confident:
                print(f"{truth['file']} right, to review: " + "; ".join(
                    f"{name} {f.read!r} ({f.confidence})" for name, f in s.fields.items()
                    if not f.confident))
            if a.show and (not s.class_correct or wrong):
                print(f"{truth['file']}: {s.truth_label} read {s.read_label}; "
                      + "; ".join(wrong))
    for prof, st in stats.items():
        print(f"{prof}: docs {st['docs']:.0f} class {st['class_ok']:.0f} fields "
              f"{st['correct']:.0f}/{st['fields']:.0f} outcomes "
              f"{ {k: v for k, v in st.items() if k not in ('docs', 'fields')} } confident "
              f"{st['confident']:.0f} confident_wrong {st['confident_wrong']:.0f} "
              f"stp {st['stp']:.0f}")
    if a.sweep:
        _sweep(kept)


def _sweep(kept: list[tuple[float, Any]]) -> None:
    from threshold_sweep import sweep

    print("\n".join(sweep(s.model_dump() for _conf, s in kept)))


if __name__ == "__main__":
    main()
