"""Fit the OCR field-confidence calibration (recognizers/fields/calibration.json) on cached OCR
of a calibration corpus, and measure it on other caches. Seconds, no OCR.

    .venv/bin/python bench/calibrate.py fit CALIB_CACHE [...]    # writes calibration.json
    .venv/bin/python bench/calibrate.py cv CALIB_CACHE [...]     # 5-fold by document
    .venv/bin/python bench/calibrate.py check CACHE [...]        # the shipped table

Caches are bench/fields_cache.py output (digital documents are skipped: a text layer keeps its
own confidences). The calibration corpus must not be the one the result is measured on (the
lead's: seed 31337, clean_scan/poor_scan/photo, 20 per type).

Readings that fail their kind's check (GATES: an ИНН checksum, readings that disagree, ...) get
one lower bound per kind. The others: a logistic score (pooled over kinds, a prior that keeps the
evidence's natural sign), readings sorted by score pooled into monotone bins (pool-adjacent-
violators, at least --min-bin readings each), each bin holding the Wilson lower bound (--z,
one-sided 90 %) of its share of right readings, non-increasing downwards; and a second table of
fixed bins of the least sure word's tesseract confidence: a reading's confidence is the smaller
of its two bins'. A document classified "other" is one decision for all its empty fields: those
count once per document, with a tighter bound (--z-doc).
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from fields_replay import with_first_image  # a script beside this one

from ecm.evaluation.score import field_outcome
from ecm.pipeline.recognize import interpret_checked
from recognizers.card import FIELD_NAMES
from recognizers.fields.calibration import confidence, passes, wilson_lower
from recognizers.fields.confidence import REVIEW_THRESHOLD
from recognizers.fields.evidence import FEATURES, Reading

OUT = Path(__file__).resolve().parents[1] / "recognizers" / "fields" / "calibration.json"
THRESHOLD = REVIEW_THRESHOLD  # --threshold weighs another (cv, check)
# A reading that fails its own check is never sure, whatever threshold a site sets (0.7 and up).
FALLBACK_CAP = 0.69
FIXED_ZERO = ("missing",)  # a null where a value is due is never trusted
CROPS_BELOW = 0.95  # names and numbers under this get crop readings (a superset: see load)


@dataclass
class Sample:
    doc: str
    profile: str
    field: str
    reading: Reading
    right: bool
    weight: float = 1.0


def load(caches: Sequence[Path]) -> list[Sample]:
    out: list[Sample] = []
    for cache in caches:
        for pkl in sorted(cache.glob("*.pkl")):
            doc = pickle.loads(pkl.read_bytes())
            truth = doc["truth"]
            if truth.get("profile") == "digital":
                continue
            # Crop readings for every name and number under CROPS_BELOW (the pipeline reads those
            # under the threshold only, by a table this fit replaces: a superset of them).
            _found, result = interpret_checked(with_first_image(doc, pkl), below=CROPS_BELOW)
            samples = []
            for name in FIELD_NAMES:
                reading = result.readings.get(name, Reading("missing"))
                outcome = field_outcome(name, truth["fields"].get(name),
                                        getattr(result.fields, name))
                samples.append(Sample(f"{cache}/{pkl.stem}", truth["profile"], name, reading,
                                      outcome == "correct"))
            others = [s for s in samples if s.reading.kind == "other_absent"]
            for s in others:
                s.weight = 1.0 / len(others)
            out.extend(samples)
    return out


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float,
                 prior: np.ndarray) -> np.ndarray:
    """Newton steps on the weighted log-loss with an L2 pull towards ``prior``; column 0 is
    the bias (free). The prior keeps the evidence's natural order (surer words, a passed check
    speak for a reading) where the corpus shows too few wrong readings to learn it."""
    beta = prior.astype(float).copy()
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 1e-6
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(x @ beta, -30, 30)))
        grad = x.T @ (w * (p - y)) + penalty * (beta - prior)
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def pav_bins(scores: np.ndarray, y: np.ndarray, w: np.ndarray, min_bin: float,
             z: float) -> list[list[float]]:
    """Monotone bins over ascending scores: [[lowest score, lower bound of right share], ...]."""
    order = np.argsort(scores, kind="stable")
    blocks: list[list[float]] = []  # [right, total, lowest score]
    for i in order:
        blocks.append([float(y[i] * w[i]), float(w[i]), float(scores[i])])
        while len(blocks) > 1 and (blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]
                                   or blocks[-2][1] < min_bin):
            right, total, _lo = blocks.pop()
            blocks[-1][0] += right
            blocks[-1][1] += total
    while len(blocks) > 1 and blocks[-1][1] < min_bin:  # the top block is small too
        right, total, _lo = blocks.pop()
        blocks[-1][0] += right
        blocks[-1][1] += total
    out: list[list[float]] = []
    ceiling = 1.0
    for right, total, low in reversed(blocks):
        ceiling = min(ceiling, wilson_lower(right, total, z))
        out.append([round(low, 4), round(ceiling, 4)])
    out.reverse()  # below the lowest score calibration saw, nothing is trusted
    return out


# Kinds whose readings share one model and one bin table (more readings per bin: a tighter
# lower bound); each kind keeps its own bias and its own weights for its checks.
POOLED = ("number", "date", "name", "inn", "kpp", "money", "rate", "kpp_absent", "other_number",
          "other_date")
SHARED = ("wmean", "verbatim", "line", "page", "classified")
PER_KIND = ("wmin", "shape", "agree", "disagree", "unlike", "reread")


def _design(group: Sequence[Sample], kinds: Sequence[str]) -> np.ndarray:
    rows = []
    for s in group:
        x = s.reading.x
        row = [1.0] + [x.get(f, 0.0) for f in SHARED]
        for kind in kinds:
            mine = float(s.reading.kind == kind)
            row += [mine] + [mine * x.get(f, 0.0) for f in PER_KIND]
        rows.append(row)
    return np.array(rows)


# Evidence that can only speak for a reading (or only against it): a fitted weight of the
# other sign is noise of a small corpus, so it is dropped and the model refitted.
POSITIVE = ("wmin", "wmean", "verbatim", "line", "page", "classified", "shape", "agree",
            "reread")
NEGATIVE = ("disagree",)
PRIOR_WEIGHT = 1.0  # the prior weight of each feature (its sign from POSITIVE / NEGATIVE)


def _signs(kinds: Sequence[str]) -> np.ndarray:
    names = ["bias", *SHARED]
    for _kind in kinds:
        names += ["kind", *PER_KIND]
    return np.array([1 if n in POSITIVE else -1 if n in NEGATIVE else 0 for n in names])


def fit_signed(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float,
               signs: np.ndarray) -> np.ndarray:
    keep = np.ones(x.shape[1], dtype=bool)
    prior = signs * PRIOR_WEIGHT
    while True:
        beta = np.zeros(x.shape[1])
        beta[keep] = fit_logistic(x[:, keep], y, w, l2, prior[keep])
        wrong = keep & (beta * signs < 0)
        if not wrong.any():
            return beta
        keep &= ~wrong


# Checks a reading must pass to be scored at all, per kind ({feature: [min, max]}); the readings
# that fail share one lower bound per kind (usually far below the threshold).
SURE_SHAPE = {"shape": [1.0, 1.0]}
AGREED = {"shape": [1.0, 1.0], "disagree": [0.0, 0.0]}
GATES: dict[str, dict[str, list[float]]] = {
    "number": SURE_SHAPE, "other_number": SURE_SHAPE, "date": SURE_SHAPE,
    "other_date": SURE_SHAPE, "kpp_absent": SURE_SHAPE, "name": AGREED, "inn": AGREED,
    "kpp": AGREED, "money": SURE_SHAPE}


def _gated(group: Sequence[Sample], kinds: Sequence[str], z: float, min_bin: float,
           l2: float) -> dict[str, Any]:
    """Fit the group on the readings that pass their gates; the others get a fallback."""
    inside = [s for s in group if passes({"gates": GATES.get(s.reading.kind, {})}, s.reading)]
    kept = {id(s) for s in inside}
    out = _fit_group(inside, kinds, z, min_bin, l2)
    for kind in kinds:
        failed = [s for s in group if s.reading.kind == kind and id(s) not in kept]
        right = sum(s.weight for s in failed if s.right)
        total = sum(s.weight for s in failed)
        out[kind]["gates"] = GATES.get(kind, {})
        # A reading that fails its own check (money no arithmetic confirms, a broken ИНН
        # checksum) is never sure, however often such readings were right in the corpus.
        out[kind]["fallback"] = round(min(wilson_lower(right, total, z), FALLBACK_CAP), 4)
        out[kind]["seen"]["gated_out"] = {"weight": round(total, 2), "right": round(right, 2)}
    return out


def _fit_group(group: Sequence[Sample], kinds: Sequence[str], z: float, min_bin: float,
               l2: float) -> dict[str, Any]:
    x = _design(group, kinds)
    y = np.array([float(s.right) for s in group])
    w = np.array([s.weight for s in group])
    beta = fit_signed(x, y, w, l2, _signs(kinds))
    bins = pav_bins(x @ beta, y, w, min_bin * (w.sum() / len(w)), z)
    printed = np.array([s.reading.kind in WORD_KINDS and s.reading.x.get("verbatim", 0.0) >= 1
                        for s in group])
    words = word_bins([s.reading.x.get("wmin", 0.0) for s in group], y * printed, w * printed, z)
    shared = dict(zip(SHARED, beta[1:1 + len(SHARED)], strict=True))
    out: dict[str, Any] = {}
    for index, kind in enumerate(kinds):
        at = 1 + len(SHARED) + index * (1 + len(PER_KIND))
        mine = [s for s in group if s.reading.kind == kind]
        coef = shared | dict(zip(PER_KIND, beta[at + 1:at + 1 + len(PER_KIND)], strict=True))
        out[kind] = {"bias": round(float(beta[0] + beta[at]), 4),
                     "coef": {f: round(float(v), 4) for f, v in coef.items()},
                     "bins": bins,
                     "word_bins": words if kind in WORD_KINDS else [],
                     "seen": {"readings": len(mine),
                              "weight": round(sum(s.weight for s in mine), 2),
                              "right": round(sum(s.weight for s in mine if s.right), 2)}}
    return out


WORD_EDGES = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
# Kinds read from printed words (not a null, not the VAT rate derived from rows and totals).
WORD_KINDS = ("number", "date", "name", "inn", "kpp", "money", "other_number", "other_date")


def word_bins(wmin: Sequence[float], y: np.ndarray, w: np.ndarray,
              z: float) -> list[list[float]]:
    """Fixed bins of the value's least sure word, each with its own lower bound (made
    non-increasing downwards): words surer than calibration saw often enough to bound are
    never trusted on the score alone."""
    values = np.array(wmin)
    out: list[list[float]] = []
    ceiling = 1.0
    for low, high in reversed(list(zip(WORD_EDGES, (*WORD_EDGES[1:], 1.01), strict=True))):
        inside = (values >= low) & (values < high)
        ceiling = min(ceiling, wilson_lower(float((w * y)[inside].sum()), float(w[inside].sum()),
                                            z))
        out.append([low, round(ceiling, 4)])
    out.reverse()
    return out


# A document classified "other" is one decision for its nine empty fields: one wrong decision
# is nine confident errors, so its bound is tighter (one-sided 95 % instead of 90 %).
DOC_LEVEL = ("other_absent",)
Z_DOC = 1.645


def fit(samples: Sequence[Sample], z: float, min_bin: float, l2: float,
        z_doc: float = Z_DOC) -> dict[str, Any]:
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_kind[s.reading.kind].append(s)
    pooled = [k for k in POOLED if k in by_kind]
    kinds = _gated([s for k in pooled for s in by_kind[k]], pooled, z, min_bin, l2)
    for kind in sorted(set(by_kind) - set(POOLED) - set(FIXED_ZERO)):
        kinds |= _gated(by_kind[kind], [kind], z_doc if kind in DOC_LEVEL else z, min_bin, l2)
    return {"version": 1, "z": z, "z_doc": z_doc, "min_bin": min_bin, "l2": l2,
            "threshold": THRESHOLD,
            "features": list(FEATURES), "kinds": kinds}


def table_conf(table: dict[str, Any]) -> Callable[[Sample], float]:
    def conf(s: Sample) -> float:
        return confidence(s.reading, table) if s.reading.kind not in FIXED_ZERO else 0.0
    return conf


def report(samples: Sequence[Sample], conf_of: Callable[[Sample], float], label: str) -> None:
    per: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    docs: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    profile_of = {s.doc: s.profile for s in samples}
    for s in samples:
        sure = conf_of(s) >= THRESHOLD
        docs[s.doc].append((sure, s.right))
        for key in (s.profile, "kind:" + s.reading.kind):
            st = per[key]
            st["fields"] += 1
            st["confident"] += sure
            st["confident_wrong"] += sure and not s.right
            st["right"] += s.right
    for doc, fields in docs.items():
        st = per[profile_of[doc]]
        st["docs"] += 1
        st["stp"] += all(sure for sure, _r in fields)
        st["stp_right"] += all(sure and right for sure, right in fields)
        st["perfect"] += all(right for _sure, right in fields)
    print(f"== {label}")
    for key in sorted(per):
        st = per[key]
        residual = st["confident_wrong"] / st["confident"] if st["confident"] else 0.0
        extra = (f" docs {st['docs']:.0f} stp {st['stp']:.0f} ({st['stp'] / st['docs']:.0%}),"
                 f" all right {st['stp_right']:.0f}, perfect {st['perfect']:.0f}"
                 if st["docs"] else
                 f" right {st['right']:.0f}")
        print(f"{key:20} fields {st['fields']:4.0f} confident {st['confident']:4.0f} "
              f"wrong {st['confident_wrong']:2.0f} residual {residual:.2%}{extra}")
    total = sum(st["confident"] for k, st in per.items() if not k.startswith("kind:"))
    wrong = sum(st["confident_wrong"] for k, st in per.items() if not k.startswith("kind:"))
    stp = sum(st["stp"] for k, st in per.items() if not k.startswith("kind:"))
    print(f"all scans: docs {len(docs)} stp {stp:.0f} ({stp / max(1, len(docs)):.0%}), "
          f"confident fields {total:.0f}, wrong {wrong:.0f}, residual "
          f"{wrong / total if total else 0:.2%}")
    _blockers(samples, conf_of)


def _blockers(samples: Sequence[Sample], conf_of: Callable[[Sample], float]) -> None:
    """Which fields keep documents from going straight through: per field, the documents it
    holds back, and those it alone holds back (all other fields sure)."""
    unsure: dict[str, list[str]] = defaultdict(list)
    for s in samples:
        if conf_of(s) < THRESHOLD:
            unsure[s.doc].append(s.field)
    held: dict[str, int] = defaultdict(int)
    alone: dict[str, int] = defaultdict(int)
    for fields in unsure.values():
        for name in fields:
            held[name] += 1
        if len(fields) == 1:
            alone[fields[0]] += 1
    print("held back by: " + ", ".join(f"{k} {v} (alone {alone[k]})"
                                       for k, v in sorted(held.items(), key=lambda kv: -kv[1])))


def cross_validate(samples: Sequence[Sample], z: float, min_bin: float, l2: float,
                   z_doc: float, folds: int = 5) -> None:
    docs = sorted({s.doc for s in samples})
    random.Random(7).shuffle(docs)
    fold_of = {d: i % folds for i, d in enumerate(docs)}
    held: dict[int, float] = {}
    for k in range(folds):
        conf = table_conf(fit([s for s in samples if fold_of[s.doc] != k], z, min_bin, l2,
                              z_doc))
        held.update({id(s): conf(s) for s in samples if fold_of[s.doc] == k})
    report(samples, lambda s: held[id(s)], f"{folds}-fold cross-validation by document")


def dump(table: dict[str, Any]) -> str:
    """The table as JSON with one line per field kind: small diffs when it is refitted."""
    head = {k: v for k, v in table.items() if k != "kinds"}
    lines = [f"  {json.dumps(kind)}: {json.dumps(body, ensure_ascii=False)}"
             for kind, body in table["kinds"].items()]
    return (json.dumps(head, ensure_ascii=False)[:-1] + ', "kinds": {\n' + ",\n".join(lines)
            + "\n}}\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("fit", "check", "cv"))
    ap.add_argument("caches", nargs="+", type=Path)
    ap.add_argument("--z", type=float, default=1.28)
    ap.add_argument("--z-doc", type=float, default=Z_DOC)
    ap.add_argument("--min-bin", type=float, default=25.0)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--threshold", type=float, default=REVIEW_THRESHOLD)
    a = ap.parse_args()
    global THRESHOLD
    THRESHOLD = a.threshold
    samples = load(a.caches)
    if a.mode == "fit":
        table = fit(samples, a.z, a.min_bin, a.l2, a.z_doc)
        table["fitted_on"] = [str(c) for c in a.caches]
        a.out.write_text(dump(table))
        report(samples, table_conf(table), f"fitted on {len(samples)} readings (in-sample)")
        print(f"wrote {a.out}")
    elif a.mode == "cv":
        cross_validate(samples, a.z, a.min_bin, a.l2, a.z_doc)
    else:
        report(samples, table_conf(json.loads(a.out.read_text())), "shipped table")


if __name__ == "__main__":
    main()
