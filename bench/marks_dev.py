"""Fast iteration on marks: run only ``find_page_marks`` on a generated corpus.

    .venv/bin/python bench/marks_dev.py /tmp/dev5 [--limit N] [--only SUBSTR] [--verbose]
        [--fast] [--by-profile] [--dump FILE]

OCR words and the signature roles (recovered from the generator, whose truth lacks them) are
cached next to the corpus in ``.marks_cache/`` so repeated runs cost only the marks step.
``--fast`` (signature work) also caches each page's ink maps, seals and codes in
``.marks_cache/fast/``, so a run skips rasterising and only signatures and roles are
recomputed; its timings cover only that part. Delete that folder after changing colors.py,
stamps.py or codes.py (it is not keyed on them: stamps and codes work in the same tree would
otherwise refill it on every run). ``--dump FILE`` writes every mark found (JSON Lines, a
document a line, roles settled), to compare two versions' outputs byte for byte.

Pages fed sideways or upside down are turned upright first, as the pipeline does
(recognizers/orientation.py): marks are found on the upright page and their boxes mapped back to
the received image for scoring; the words cache records each page's turns.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from collections import defaultdict
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import recognizers.marks as marks_mod
from ecm.evaluation.marks import PlacedBox, iou, match_boxes, match_codes
from recognizers.card import Card, Marks
from recognizers.marks import find_page_marks, settle_roles
from recognizers.ocr import ocr_words
from recognizers.orientation import box_to_received, garbled, turn_order
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


@dataclass(frozen=True)
class Frame:
    """How a page was turned upright for marks, and its size as received."""

    turns: int
    width: int
    height: int

    def to_received(self, box: Any) -> list[float]:
        return box_to_received(box, self.turns, self.width, self.height)


def _pages(path: Path, cache: Path, raw_ocr: bool = False) -> tuple[list[Page], dict[int, Frame]]:
    """Pages as the pipeline gives them to marks: turned upright, with the OCR words of the
    deskewed, cleaned image mapped back to the upright page's pixels (``raw_ocr``: tesseract on
    the raw image, the first bench's cache, whose skewed tables read badly); and how each page
    was turned. Words read on a page rendered at another size (scanned PDFs render at their
    image's resolution since 83a95dd) are read again: their boxes would miss the print they
    stand for."""
    cfile = cache / (path.name + (".words.pkl" if raw_ocr else ".pipeline-words.pkl"))
    words: dict[Any, Any] = pickle.loads(cfile.read_bytes()) if cfile.exists() else {}
    sizes: dict[int, tuple[int, int]] = words.setdefault("sizes", {})
    turned: dict[int, int] = words.setdefault("turns", {})
    pages, frames = [], {}
    previous = 0
    for page in iter_pages(path.read_bytes(), dpi=300, render_all=True):
        frames[page.number] = Frame(0, page.width, page.height)
        if page.text_source is None and page.image is not None:
            fits = _fits(words.get(page.number), sizes.get(page.number), page)
            if raw_ocr:
                if not fits:
                    words[page.number] = ocr_words(page.image)
                turned[page.number] = 0
            elif not fits or page.number not in turned:
                turned[page.number], words[page.number] = _read_upright(
                    page, words.get(page.number) if fits else None, previous)
            sizes[page.number] = (page.width, page.height)
            turns = previous = turned[page.number]
            frames[page.number] = Frame(turns, page.width, page.height)
            image = np.ascontiguousarray(np.rot90(page.image, turns))
            page = Page(page.number, image.shape[1], image.shape[0], image,
                        words[page.number], "ocr")
        pages.append(page)
    cfile.write_bytes(pickle.dumps(words))
    return pages, frames


def _read_upright(page: Page, cached: list[Any] | None, previous: int) -> tuple[int, list[Any]]:
    """The quarter turns the pipeline reads the page at, and its words on the turned page.
    Words cached before turns were recorded serve a page read upright."""
    assert page.image is not None
    # Lazy: the pipeline pulls in fields, which other work may have mid-edit.
    from ecm.pipeline.recognize import RecognizeOptions, _ocr_page, _turned
    from recognizers.orientation import better

    first, second = turn_order(page.image, previous)
    if first == 0 and cached is not None and not garbled(cached):
        return 0, cached
    options = RecognizeOptions()
    upright = _turned(page, first)
    read = _ocr_page(upright, options)
    turns, found = first, upright.words
    if second != first and garbled(read.words):
        other = _turned(page, second)
        if better(read.words, _ocr_page(other, options).words):
            turns, found = second, other.words
    return turns, found


def _fits(words: list[Any] | None, size: tuple[int, int] | None, page: Page) -> bool:
    """Whether cached words were read on a page of this size (caches from before sizes were
    recorded: whether the words lie within the page)."""
    if words is None:
        return False
    if size is not None:
        return size == (page.width, page.height)
    return all(w.x + w.w <= page.width * 1.02 and w.y + w.h <= page.height * 1.02
               for w in words)


class _FastCache:
    """Ink maps, seals and codes per page, stored once, so signature work skips rasterising.

    The stored page keeps its size and words; its image is a zero-cost stand-in of the same
    shape, so find_page_marks runs unchanged with the cached steps patched in."""

    def __init__(self, cache: Path) -> None:
        self.dir = cache / "fast"
        self.dir.mkdir(exist_ok=True)
        self.key = ""
        self.entry: dict[str, Any] = {}
        self._orig = (marks_mod.ink_maps, marks_mod.find_seals, marks_mod.find_codes,
                      marks_mod._seal_colour)

    def pages(self, path: Path, cache: Path, raw_ocr: bool
              ) -> tuple[list[Page], dict[int, Frame]]:
        meta = self.dir / (path.name + ".upright-pages.pkl")
        if meta.exists():
            stored = pickle.loads(meta.read_bytes())
            pages, frames = [], {}
            for number, width, height, shape, words, source, frame in stored:
                img = np.broadcast_to(np.zeros(1, np.uint8), shape)
                pages.append(Page(number, width, height, img, words, source))
                # (Stored as a tuple; a first version pickled the Frame itself.)
                frames[number] = frame if isinstance(frame, Frame) else Frame(*frame)
            return pages, frames
        pages, frames = _pages(path, cache, raw_ocr)
        for name, fn in zip(("ink_maps", "find_seals", "find_codes", "_seal_colour"),
                            self._orig, strict=True):
            setattr(marks_mod, name, fn)
        for page in pages:
            if page.image is None:
                continue
            maps = self._orig[0](page.image)
            k = maps.scale
            codes = self._orig[2](page.image, maps.dark, k, maps.px_per_mm / k)
            words = marks_mod._printed_words(page.words, k, maps.px_per_mm)
            seals = self._orig[1](maps, words)
            colours = [self._orig[3](page.image, s, k) for s in seals]
            u8 = {n: np.rint(getattr(maps, n) * 255).astype(np.uint8) for n in ("dark", "blue")}
            np.savez_compressed(self.dir / f"{path.name}.u{page.number}.npz", paper=maps.paper,
                                **u8)
            (self.dir / f"{path.name}.u{page.number}.pkl").write_bytes(pickle.dumps(
                (maps.scale, maps.px_per_mm, maps.colour, seals, codes, colours)))
        meta.write_bytes(pickle.dumps([(p.number, p.width, p.height,
                                        None if p.image is None else p.image.shape, p.words,
                                        p.text_source, astuple(frames[p.number]))
                                       for p in pages]))
        return self.pages(path, cache, raw_ocr)

    def select(self, path: Path, number: int) -> None:
        """Patch the marks module with this page's stored steps."""
        base = self.dir / f"{path.name}.u{number}"
        arr = np.load(str(base) + ".npz")
        scale, ppm, colour, seals, codes, colours = pickle.loads(
            Path(str(base) + ".pkl").read_bytes())
        maps = marks_mod.InkMaps(scale, ppm, arr["dark"].astype(np.float32) / 255,
                                 arr["blue"].astype(np.float32) / 255, colour, arr["paper"])
        it = iter(colours)

        def stored(value: Any) -> Any:
            return lambda *a: value

        vars(marks_mod).update(ink_maps=stored(maps), find_seals=stored(seals),
                               find_codes=stored(codes),
                               # Oval stamps ask for a colour too; only round seals' are stored.
                               _seal_colour=lambda *a: next(it, "blue"))
        # Seal text is read from the page image, which fast mode does not keep.
        vars(marks_mod).update(seal_parts=stored([]), oval_parts=stored([]),
                               rect_parts=stored([]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=Path)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--only", default="")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed, for roles")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--by-profile", action="store_true",
                    help="figures per profile (photo, poor_scan, ...) instead of clean/poor")
    ap.add_argument("--raw-ocr", action="store_true", help="words from tesseract on the raw image")
    ap.add_argument("--fast", action="store_true",
                    help="cache ink maps, seals and codes too (signature work)")
    ap.add_argument("--dump", type=Path, help="write every mark found, one document a line")
    args = ap.parse_args()
    dump = args.dump.open("w") if args.dump else None
    cache = args.dir / ".marks_cache"
    cache.mkdir(exist_ok=True)
    fast = _FastCache(cache) if args.fast else None
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
        if args.by_profile:
            group = rec["profile"]
        if rec["file"] not in roles_cache and args.seed:
            roles_cache[rec["file"]] = _roles(rec, args.seed)
        roles = [t.get("role") for t in rec["marks"]["signatures"]]
        if not any(roles):  # truth written before the corpus recorded roles
            roles = roles_cache.get(rec["file"], roles)
        path = args.dir / rec["file"]
        pages, frames = fast.pages(path, cache, args.raw_ocr) if fast else _pages(
            path, cache, args.raw_ocr)
        found_s, found_g, found_c = [], [], []
        t_sum = 0.0
        scale: dict[int, tuple[float, float]] = {}
        for page in pages:
            if fast and page.image is not None:
                fast.select(path, page.number)
            t0, c0 = time.perf_counter(), time.process_time()
            marks = find_page_marks(page)
            t_sum += time.perf_counter() - t0
            cpu[rec["profile"]] += time.process_time() - c0
            tp = rec["pages"][page.number - 1]
            frame = frames[page.number]
            scale[page.number] = (tp["width"] / frame.width, tp["height"] / frame.height)
            found_s += marks.stamps
            found_g += marks.signatures
            found_c += marks.codes
        # The document-level step the pipeline runs before check_marks (the form is the
        # truth's here: the bench scores marks, not classification).
        card = Card(file=rec["file"], doc_type=rec.get("doc_type", "other"),
                    upd_status=rec.get("upd_status"), pages=len(pages),
                    marks=Marks(signatures=found_g))
        settle_roles(card)
        found_g = card.marks.signatures
        if dump:
            dump.write(json.dumps({"file": rec["file"], "marks": Marks(
                stamps=found_s, signatures=found_g, codes=found_c).model_dump()},
                ensure_ascii=False) + "\n")
        stats[group]["pages"] += len(pages)
        stats[group]["seconds"] += t_sum
        timing[rec["profile"]][0] += len(pages)
        timing[rec["profile"]][1] += t_sum

        def placed(items: list[Any], scale: dict[int, tuple[float, float]] = scale,
                   frames: dict[int, Frame] = frames) -> list[PlacedBox]:
            out = []
            for it in items:
                sx, sy = scale.get(it.page, (1.0, 1.0))
                x, y, w, h = frames[it.page].to_received(it.bbox)
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
    if dump:
        dump.close()
    for group, s in sorted(stats.items()):
        line = [f"{group:5}"]
        for kind in ("stamps", "signatures"):
            hit, want, n_read = s[kind + "_tp"], s[kind + "_truth"], s[kind + "_read"]
            p = hit / n_read if n_read else 1.0
            rc = hit / want if want else 1.0
            f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
            line.append(f"{kind} P {p:.3f} R {rc:.3f} F1 {f1:.3f} "
                        f"({int(hit)}/{int(want)}/{int(n_read)})")
        line.append(f"roles {int(s['roles_ok'])}/{int(s['roles_scored'])}")
        line.append(f"codes {int(s['codes_ok'])}/{int(s['codes_truth'])} extra "
                    f"{int(s['codes_extra'])}")
        line.append(f"{s['seconds'] / max(s['pages'], 1):.3f} s/page")
        print("  ".join(line))
    print("  ".join(f"{p} {1000 * t / max(n, 1):.0f} ms/page (cpu {1000 * cpu[p] / max(n, 1):.0f}"
                    f", {int(n)} pages)" for p, (n, t) in sorted(timing.items())))


if __name__ == "__main__":
    main()
