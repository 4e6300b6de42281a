"""Summing document scores into the report: overall, per profile group and per profile.

Every group is summed by the same function, so a number means the same thing in every column.
Marks, codes and line items are micro-averaged (counts summed over documents, then divided).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ecm.evaluation.models import (
    PRF,
    PROFILE_GROUPS,
    PROFILES,
    DocScore,
    EvalReport,
    FieldStats,
    GroupScore,
    MarkCounts,
    Rate,
    StraightThrough,
    Timing,
    ratio,
)
from recognizers.card import FIELD_NAMES


def aggregate(
    scores: Sequence[DocScore],
    threshold: float,
    *,
    wall_seconds: float | None = None,
    jobs: int | None = None,
) -> EvalReport:
    by_profile = {
        profile: group_score([s for s in scores if s.profile == profile])
        for profile in _profiles_in_order(scores)
    }
    by_group = {
        name: group_score([s for s in scores if s.profile in members])
        for name, members in PROFILE_GROUPS.items()
        if any(s.profile in members for s in scores)
    }
    return EvalReport(
        threshold=threshold,
        documents=len(scores),
        failed=sum(1 for s in scores if s.failed),
        overall=group_score(scores),
        by_group=by_group,
        by_profile=by_profile,
        wall_seconds=wall_seconds,
        jobs=jobs,
        docs=list(scores),
    )


def _profiles_in_order(scores: Sequence[DocScore]) -> list[str]:
    present = {s.profile for s in scores}
    return [p for p in PROFILES if p in present] + sorted(present - set(PROFILES))


def group_score(scores: Sequence[DocScore]) -> GroupScore:
    return GroupScore(
        documents=len(scores),
        failed=sum(1 for s in scores if s.failed),
        classification=Rate.of(sum(1 for s in scores if s.class_correct), len(scores)),
        confusion=confusion(scores),
        fields=field_stats(scores, FIELD_NAMES),
        per_field={name: field_stats(scores, (name,)) for name in FIELD_NAMES},
        straight_through=straight_through(scores),
        stamps=_prf([s.stamps for s in scores]),
        signatures=_prf([s.signatures for s in scores]),
        signature_roles=Rate.of(
            sum(s.roles_correct for s in scores), sum(s.roles_scored for s in scores)
        ),
        codes=Rate.of(
            sum(s.codes_decoded for s in scores), sum(s.codes_truth or 0 for s in scores)
        ),
        codes_extra=sum(s.codes_extra for s in scores),
        line_items=Rate.of(
            sum(s.line_rows_matched for s in scores), sum(s.line_rows_truth or 0 for s in scores)
        ),
        timing=timing(scores),
    )


def confusion(scores: Sequence[DocScore]) -> dict[str, dict[str, int]]:
    """truth label -> read label -> documents."""
    matrix: dict[str, dict[str, int]] = {}
    for s in scores:
        row = matrix.setdefault(s.truth_label, {})
        row[s.read_label] = row.get(s.read_label, 0) + 1
    return matrix


def field_stats(scores: Sequence[DocScore], names: Sequence[str]) -> FieldStats:
    stats = FieldStats()
    for s in scores:
        for name in names:
            outcome = s.fields[name].outcome
            setattr(stats, outcome, getattr(stats, outcome) + 1)
            stats.total += 1
    stats.accuracy = ratio(stats.correct, stats.total)
    stats.false_value_rate = ratio(stats.false_value, stats.total)
    stats.miss_rate = ratio(stats.miss, stats.total)
    return stats


def straight_through(scores: Sequence[DocScore]) -> StraightThrough:
    """Documents that would skip review (the class and every field confident), split by whether
    they are right (the class and every field).

    ``residual_error`` is field-level: among confident fields, the share not correct (a wrong
    value, an invented one, or a confidently missing one), i.e. errors nobody will look at.
    """
    confident_docs = [s for s in scores if s.all_confident]
    clean = sum(1 for s in confident_docs
                if s.class_correct and all(f.outcome == "correct" for f in s.fields.values()))
    confident_fields = [f for s in scores for f in s.fields.values() if f.confident]
    confident_wrong_fields = sum(1 for f in confident_fields if f.outcome != "correct")
    return StraightThrough(
        documents=len(scores),
        straight_through=clean,
        straight_through_share=ratio(clean, len(scores)),
        confident_wrong=len(confident_docs) - clean,
        confident_wrong_share=ratio(len(confident_docs) - clean, len(scores)),
        confident_fields=len(confident_fields),
        confident_wrong_fields=confident_wrong_fields,
        residual_error=ratio(confident_wrong_fields, len(confident_fields)),
    )


def _prf(counts: Sequence[MarkCounts | None]) -> PRF:
    total = MarkCounts()
    for c in counts:
        if c is not None:
            total.tp += c.tp
            total.fp += c.fp
            total.fn += c.fn
    return PRF(
        tp=total.tp,
        fp=total.fp,
        fn=total.fn,
        precision=total.precision,
        recall=total.recall,
        f1=total.f1,
    )


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default), without numpy."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def timing(scores: Sequence[DocScore]) -> Timing:
    """Seconds of recognition wall time per page, per document; failed documents are left out."""
    timed = [s for s in scores if s.seconds is not None and s.pages]
    per_page = [s.seconds / s.pages for s in timed if s.seconds is not None and s.pages]
    return Timing(
        documents=len(timed),
        pages=sum(s.pages or 0 for s in timed),
        seconds=sum(s.seconds or 0.0 for s in timed),
        seconds_per_page_mean=sum(per_page) / len(per_page) if per_page else None,
        seconds_per_page_p95=percentile(per_page, 95),
    )
