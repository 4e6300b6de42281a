"""Dev replay of classification alone on fields caches (bench/fields_cache.py): per profile
accuracy, each miss with its scores, and the confidence of right and wrong answers.

    .venv/bin/python bench/classify_dev.py CACHE [CACHE ...] [-v] [--text SUBSTR]
"""

from __future__ import annotations

import argparse
import pickle
from collections import defaultdict
from pathlib import Path

from recognizers.classify import classify
from recognizers.fields.confidence import REVIEW_THRESHOLD


def _label(doc_type: str, status: int | None) -> str:
    return f"{doc_type}/{status}" if status else doc_type


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("caches", nargs="+", type=Path)
    ap.add_argument("-v", action="store_true", help="print every document's scores")
    ap.add_argument("--text", default="", help="print the first page text of matching files")
    a = ap.parse_args()
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    conf_ok: list[float] = []
    conf_bad: list[float] = []
    for cache in a.caches:
        for pkl in sorted(cache.glob("*.pkl")):
            doc = pickle.loads(pkl.read_bytes())
            truth = doc["truth"]
            pages = doc["pages"]
            texts = [p.text for p in pages]
            box = getattr(pages[0], "status_box", None) if pages else None  # newer caches
            found = classify(texts[0] if texts else "", "\n".join(texts[1:]), status_box=box)
            want = _label(truth["doc_type"], truth.get("upd_status"))
            got = _label(found.doc_type, found.upd_status)
            ok = want == got
            total[truth["profile"]] += 1
            right[truth["profile"]] += ok
            (conf_ok if ok else conf_bad).append(found.confidence)
            scores = {k: round(v, 1) for k, v in sorted(found.scores.items(),
                                                        key=lambda kv: -kv[1])}
            if not ok or a.v:
                print(f"{'  ' if ok else '!!'} {truth['file']}: {want} read {got} "
                      f"conf {found.confidence} {scores}")
            if a.text and a.text in truth["file"]:
                print(texts[0])
    for prof in sorted(total):
        print(f"{prof}: {right[prof]}/{total[prof]}")
    t = REVIEW_THRESHOLD
    hi_bad = sum(c >= t for c in conf_bad)
    print(f"right {len(conf_ok)} (conf>={t}: {sum(c >= t for c in conf_ok)}), "
          f"wrong {len(conf_bad)} (conf>={t}: {hi_bad})")


if __name__ == "__main__":
    main()
