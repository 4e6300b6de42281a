"""Fast iteration on marks: run only ``find_page_marks`` on a generated corpus.

    .venv/bin/python bench/marks_dev.py /tmp/dev5 [--limit N] [--only SUBSTR] [--verbose]

OCR words and the signature roles (recovered from the generator, whose truth lacks them) are
cached next to the corpus in ``.marks_cache/`` so repeated runs cost only the marks step.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecm.evaluation.marks import PlacedBox, iou, match_boxes, match_codes
from ecm.pipeline.recognize import RecognizeOptions, _ocr_page
from recognizers.marks import find_page_marks
from recognizers.ocr import ocr_words
from recognizers.page import Page
from recognizers.rasterize import iter_pages


def _roles(rec: dict[str, Any], seed: int) -> list[str | None]:
    """Roles of the truth signatures, by re-running the generator's placement."""
    from ecm.corpus import generate, placement

    name = rec["file"]
    doc_type = next(t for t in generate.DOC_TYPES if name.startswith(t + "_"))
    index = int(name[len(doc_type) + 1:].split("_")[0])
    rng = random.Random(f"ecm-corpus:{seed}:{doc_type}:{index}")
    doc = generate.make_doc(rng, doc_type)
    style = generate.make_style(rng)
    rendered = generate._render(doc, style)
    overlays = placement.place(doc, rendered, style, rng)
    slots = rendered.marks.signs
    roles: list[str | None] = []
    for ov in overlays:
        if ov.kind != "signature":
            continue
        cx, cy = ov.x + ov.w / 2, ov.top + ov.h / 2
        best = min((s for s in slots if s.page == ov.page),
                   key=lambda s: abs((s.x0 + s.x1) / 2 - cx) + abs(s.top - cy), default=None)
        roles.append(best.role if best else None)
    return roles if len(roles) == len(rec["marks"]["signatures"]) else [None] * len(
        rec["marks"]["signatures"])


def _pages(path: Path, cache: Path, raw_ocr: bool = False) -> list[Page]:
    """Pages with words as the pipeline gives them to marks: OCR of the deskewed, cleaned
    image mapped back to the received pixels (``raw_ocr``: tesseract on the raw image, the
    first bench's cache, whose skewed tables read badly)."""
    cfile = cache / (path.name + (".words.pkl" if raw_ocr else ".pipeline-words.pkl"))
    words = pickle.loads(cfile.read_bytes()) if cfile.exists() else {}
    pages = []
    for page in iter_pages(path.read_bytes(), dpi=300, render_all=True):
        if page.text_source is None and page.image is not None:
            if page.number not in words:
                if raw_ocr:
                    words[page.number] = ocr_words(page.image)
                else:
                    _ocr_page(page, RecognizeOptions())
                    words[page.number] = page.words
            page.words = words[page.number]
            page.text_source = "ocr"
        pages.append(page)
    cfile.write_bytes(pickle.dumps(words))
    return pages


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=Path)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--only", default="")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed, for roles")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--raw-ocr", action="store_true", help="words from tesseract on the raw image")
    args = ap.parse_args()
    cache = args.dir / ".marks_cache"
    cache.mkdir(exist_ok=True)
    recs = [json.loads(line) for line in (args.dir / "truth.jsonl").open()]
    recs = [r for r in recs if args.only in r["file"]]
    if args.limit:
        recs = recs[: args.limit]
    rfile = cache / "roles.json"
    roles_cache = json.loads(rfile.read_text()) if rfile.exists() else {}
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    timing: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    cpu: dict[str, float] = defaultdict(float)  # steadier than wall time on a busy machine
    for rec in recs:
        group = "clean" if rec["profile"] in ("digital", "clean_scan") else "poor"
        if rec["file"] not in roles_cache and args.seed:
            roles_cache[rec["file"]] = _roles(rec, args.seed)
        roles = [t.get("role") for t in rec["marks"]["signatures"]]
        if not any(roles):  # truth written before the corpus recorded roles
            roles = roles_cache.get(rec["file"], roles)
        pages = _pages(args.dir / rec["file"], cache, args.raw_ocr)
        found_s, found_g, found_c = [], [], []
        t_sum = 0.0
        scale: dict[int, tuple[float, float]] = {}
        for page in pages:
            t0, c0 = time.perf_counter(), time.process_time()
            marks = find_page_marks(page)
            t_sum += time.perf_counter() - t0
            cpu[rec["profile"]] += time.process_time() - c0
            tp = rec["pages"][page.number - 1]
            scale[page.number] = (tp["width"] / page.width, tp["height"] / page.height)
            found_s += marks.stamps
            found_g += marks.signatures
            found_c += marks.codes
        stats[group]["pages"] += len(pages)
        stats[group]["seconds"] += t_sum
        timing[rec["profile"]][0] += len(pages)
        timing[rec["profile"]][1] += t_sum

        def placed(items: list[Any], scale: dict[int, tuple[float, float]] = scale
                   ) -> list[PlacedBox]:
            out = []
            for it in items:
                sx, sy = scale.get(it.page, (1.0, 1.0))
                x, y, w, h = it.bbox
                out.append(PlacedBox(it.page, (x * sx, y * sy, w * sx, h * sy)))
            return out

        for kind, found in (("stamps", found_s), ("signatures", found_g)):
            truth = [PlacedBox(t["page"], tuple(t["bbox"])) for t in rec["marks"][kind]]
            read = placed(found)
            pairs = match_boxes(truth, read)
            stats[group][kind + "_tp"] += len(pairs)
            stats[group][kind + "_truth"] += len(truth)
            stats[group][kind + "_read"] += len(read)
            if kind == "signatures":
                for ti, ri in pairs:
                    if roles[ti] is not None:
                        stats[group]["roles_scored"] += 1
                        ok = found_g[ri].role == roles[ti]
                        stats[group]["roles_ok"] += ok
                        if not ok and args.verbose:
                            print(f"  ROLE {rec['file']} want {roles[ti]!r} got "
                                  f"{found_g[ri].role!r}")
            if args.verbose and (len(pairs) < len(truth) or len(pairs) < len(read)):
                mt = {ti for ti, _ in pairs}
                mr = {ri for _, ri in pairs}
                for i, t in enumerate(truth):
                    if i not in mt:
                        best = max((iou(t.bbox, r.bbox) for r in read if r.page == t.page),
                                   default=0)
                        print(f"  MISS {kind} {rec['file']} p{t.page} {t.bbox} best iou "
                              f"{best:.2f}")
                for i, r in enumerate(read):
                    if i not in mr:
                        print(f"  FP   {kind} {rec['file']} p{r.page} "
                              f"{[round(v) for v in r.bbox]} conf {found[i].confidence:.2f} "
                              f"{getattr(found[i], 'role', None)}")
        truth_codes = rec["marks"]["codes"]
        got = [c.model_dump() for c in found_c]
        dec, extra = match_codes(truth_codes, got)
        stats[group]["codes_truth"] += len(truth_codes)
        stats[group]["codes_ok"] += dec
        stats[group]["codes_extra"] += extra
        if args.verbose and (dec < len(truth_codes) or extra):
            print(f"  CODES {rec['file']} want {[(c['type'], c['data'][:20]) for c in truth_codes]}"
                  f" got {[(c['type'], c['data'][:20]) for c in got]}")
    rfile.write_text(json.dumps(roles_cache, ensure_ascii=False))
    for group, s in sorted(stats.items()):
        line = [f"{group:5}"]
        for kind in ("stamps", "signatures"):
            tp, t, r = s[kind + "_tp"], s[kind + "_truth"], s[kind + "_read"]
            p = tp / r if r else 1.0
            rc = tp / t if t else 1.0
            f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
            line.append(f"{kind} P {p:.3f} R {rc:.3f} F1 {f1:.3f} ({int(tp)}/{int(t)}/{int(r)})")
        line.append(f"roles {int(s['roles_ok'])}/{int(s['roles_scored'])}")
        line.append(f"codes {int(s['codes_ok'])}/{int(s['codes_truth'])} extra "
                    f"{int(s['codes_extra'])}")
        line.append(f"{s['seconds'] / max(s['pages'], 1):.3f} s/page")
        print("  ".join(line))
    print("  ".join(f"{p} {1000 * t / max(n, 1):.0f} ms/page (cpu {1000 * cpu[p] / max(n, 1):.0f}"
                    f", {int(n)} pages)" for p, (n, t) in sorted(timing.items())))


if __name__ == "__main__":
    main()
