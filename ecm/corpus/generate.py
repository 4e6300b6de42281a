"""Orchestration: one document = model → vector PDF → marks → profile → file + truth."""

from __future__ import annotations

import importlib
import multiprocessing
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ecm.corpus import degrade, output, placement, raster, truth
from ecm.corpus.layouts import other
from ecm.corpus.layouts.sheet import Overlay, Rendered
from ecm.corpus.model import Doc, make_doc
from ecm.corpus.style import Style, make_style

DOC_TYPES = ("upd", "torg12", "vat_invoice", "act", "payment_invoice", "other")
PROFILES = ("digital", "clean_scan", "poor_scan", "photo")
TRUTH_DPI = 300
# Share of scanned and photographed documents fed sideways or upside down (90°, 180° or 270°,
# equally often), drawn from its own random stream so a seed's other content stays as it was.
TURNED_SHARE = 0.08


@dataclass(frozen=True)
class Job:
    index: int
    doc_type: str
    profile: str
    seed: int
    out_dir: str


def feed_turns(job: Job) -> int:
    """Counter-clockwise quarter turns the document's pages were fed with (0: upright)."""
    rng = random.Random(f"ecm-corpus-rotation:{job.seed}:{job.doc_type}:{job.index}")
    return rng.choice((1, 2, 3)) if rng.random() < TURNED_SHARE else 0


def _render(doc: Doc, style: Style, overlays: list[Overlay] | None = None) -> Rendered:
    module = importlib.import_module(f"ecm.corpus.layouts.{doc.doc_type}")
    result: Rendered = module.render(doc, style, overlays)
    return result


def _mark_boxes(overlays: list[Overlay], rendered: Rendered,
                to_px: Callable[[int, tuple[float, float, float, float]], list[float] | None]
                ) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"stamps": [], "signatures": [], "codes": []}
    for code in rendered.marks.codes:
        out["codes"].append({"type": code.kind, "data": code.data, "page": code.page})
    for ov in overlays:
        if ov.kind == "code":
            out["codes"].append({"type": ov.code_type, "data": ov.data, "page": ov.page})
            continue
        from ecm.corpus.marks import ink_bbox

        ink = ink_bbox(ov.image)
        if ink is None:
            continue
        k = ov.w / ov.image.width
        box = (ov.x + ink[0] * k, ov.top + ink[1] * k, ink[2] * k, ink[3] * k)
        px = to_px(ov.page, box)
        if px is None:
            continue
        if ov.kind == "stamp":
            out["stamps"].append({"page": ov.page, "bbox": px})
        else:
            # The role lets the evaluation score whose blank a detected signature stands on.
            out["signatures"].append({"page": ov.page, "bbox": px, "role": ov.role or None})
    return out


def _digital(job: Job, doc: Doc, style: Style, rendered: Rendered,
             overlays: list[Overlay], name: str) -> dict[str, Any]:
    final = _render(doc, style, overlays)
    (Path(job.out_dir) / name).write_bytes(final.pdf)
    k = TRUTH_DPI / 72
    w, h = round(rendered.pagesize[0] * k), round(rendered.pagesize[1] * k)

    def to_px(page: int, box: tuple[float, float, float, float]) -> list[float] | None:
        return degrade.transform_box(np.eye(3) * [[k], [k], [1]], box, w, h)

    marks = _mark_boxes(overlays, final, to_px)
    return {"marks": marks, "pages": [(w, h)] * final.pages}


def _scanned(job: Job, rng: random.Random, rendered: Rendered, overlays: list[Overlay],
             name: str) -> dict[str, Any]:
    dpi = {"clean_scan": 300, "poor_scan": rng.choice((200, 240, 300)),
           "photo": rng.choice((150, 200))}[job.profile]
    pages = raster.rasterize(rendered.pdf, dpi)
    raster.composite(pages, overlays, dpi)
    fn = degrade.PROFILES[job.profile]
    turns = feed_turns(job)
    outs, mats = [], []
    for page in pages:
        img, m = fn(page, rng)
        # Turned after the scan's own skew and noise, as a sheet fed the wrong way round is.
        img, turn = degrade.quarter_turn(img, turns)
        outs.append(img)
        mats.append(turn @ m @ np.diag([dpi / 72, dpi / 72, 1.0]))
    output.write_pages(Path(job.out_dir) / name, outs, job.profile, dpi, rng)
    sizes = [(int(p.shape[1]), int(p.shape[0])) for p in outs]

    def to_px(page: int, box: tuple[float, float, float, float]) -> list[float] | None:
        w, h = sizes[page - 1]
        return degrade.transform_box(mats[page - 1], box, w, h)

    return {"marks": _mark_boxes(overlays, rendered, to_px), "pages": sizes, "turns": turns}


def build_one(job: Job) -> dict[str, Any]:
    rng = random.Random(f"ecm-corpus:{job.seed}:{job.doc_type}:{job.index}")
    doc = make_doc(rng, job.doc_type)
    style = make_style(rng)
    rendered = _render(doc, style)
    overlays = placement.place(doc, rendered, style, rng)
    ext = "pdf" if job.profile == "digital" else output.choose_ext(job.profile, rendered.pages, rng)
    name = f"{job.doc_type}_{job.index:04d}_{job.profile}.{ext}"
    if job.profile == "digital":
        result = _digital(job, doc, style, rendered, overlays, name)
    else:
        result = _scanned(job, rng, rendered, overlays, name)
    other_kind = other.kind_of(style) if job.doc_type == "other" else None
    rec = truth.record(name, doc, job.profile, other_kind, result["marks"], result["pages"])
    if result.get("turns"):
        # An annotation (the evaluation keeps extra keys): counter-clockwise degrees.
        rec["rotation"] = 90 * result["turns"]
    return rec


def plan(per_type: int, seed: int, profiles: Sequence[str], out_dir: Path) -> list[Job]:
    jobs = []
    for t, doc_type in enumerate(DOC_TYPES):
        for i in range(per_type):
            profile = profiles[(i + t) % len(profiles)]
            jobs.append(Job(i, doc_type, profile, seed, str(out_dir)))
    return jobs


def generate_corpus(out_dir: Path, per_type: int, seed: int,
                    profiles: Sequence[str] | None = None, jobs: int = 1,
                    progress: Callable[[int, int], None] | None = None) -> Path:
    """Write ``per_type`` documents of every class into ``out_dir`` with ``truth.jsonl``;
    the same seed gives the same files. Returns the truth.jsonl path."""
    chosen = tuple(profiles) if profiles else PROFILES
    unknown = set(chosen) - set(PROFILES)
    if unknown:
        raise ValueError(f"unknown profiles: {sorted(unknown)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = plan(per_type, seed, chosen, out_dir)
    records: list[dict[str, Any]] = []
    if progress:
        progress(0, len(work))
    if jobs <= 1:
        for job in work:
            records.append(build_one(job))
            if progress:
                progress(len(records), len(work))
    else:
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(jobs) as pool:
            for rec in pool.imap(build_one, work):
                records.append(rec)
                if progress:
                    progress(len(records), len(work))
    path = out_dir / "truth.jsonl"
    truth.write(path, records)
    return path
