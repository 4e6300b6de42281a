"""Result shapes of an evaluation: one document's score and the aggregated report.

All are pydantic models so that ``model_dump(mode="json")`` is the ``--json`` output as is.
Rates are None where their denominator is zero: "no data" must not print as 0 % or 100 %.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Outcome = Literal["correct", "wrong", "miss", "false_value"]
PROFILES: tuple[str, ...] = ("digital", "clean_scan", "poor_scan", "photo")
# Issues compare clean inputs against degraded ones; these are the two halves they name.
PROFILE_GROUPS: dict[str, tuple[str, ...]] = {
    "digital+clean_scan": ("digital", "clean_scan"),
    "poor_scan+photo": ("poor_scan", "photo"),
}
FAILED_LABEL = "(failed)"


def ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


class FieldResult(BaseModel):
    truth: str | None
    read: str | None
    outcome: Outcome
    confidence: float | None = None
    confident: bool = False


class Box(BaseModel):
    """A box to draw, in the truth's page coordinates (card boxes already rescaled)."""

    page: int
    kind: Literal["stamp", "signature"]
    source: Literal["truth", "card"]
    bbox: list[float]
    matched: bool


class MarkCounts(BaseModel):
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        # Same as the harmonic mean of P and R where both exist, and still defined (0) when
        # nothing was detected but something should have been.
        return ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)


class DocScore(BaseModel):
    file: str
    profile: str
    failed: bool = False
    error: str | None = None
    truth_label: str
    read_label: str
    # The card's class confidence: with the fields' own, what a report needs to weigh another
    # review threshold without recognizing again.
    read_confidence: float | None = None
    class_correct: bool
    fields: dict[str, FieldResult] = Field(default_factory=dict)
    all_confident: bool = False
    stamps: MarkCounts | None = None
    signatures: MarkCounts | None = None
    roles_scored: int = 0
    roles_correct: int = 0
    codes_truth: int | None = None
    codes_decoded: int = 0
    codes_extra: int = 0
    line_rows_truth: int | None = None
    line_rows_matched: int = 0
    line_rows_read: int = 0
    pages: int | None = None
    seconds: float | None = None
    page_sizes: dict[int, tuple[float, float]] = Field(default_factory=dict)
    boxes: list[Box] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    badness: float = 0.0

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.fields.values() if result.outcome == outcome)


class Rate(BaseModel):
    count: int
    total: int
    rate: float | None

    @classmethod
    def of(cls, count: int, total: int) -> Rate:
        return cls(count=count, total=total, rate=ratio(count, total))


class FieldStats(BaseModel):
    """Every (document, field) slot lands in exactly one of the four outcomes."""

    total: int = 0
    correct: int = 0
    wrong: int = 0
    miss: int = 0
    false_value: int = 0
    accuracy: float | None = None
    false_value_rate: float | None = None
    miss_rate: float | None = None


class PRF(BaseModel):
    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None
    f1: float | None


class StraightThrough(BaseModel):
    documents: int
    straight_through: int
    straight_through_share: float | None
    confident_wrong: int
    confident_wrong_share: float | None
    confident_fields: int
    confident_wrong_fields: int
    residual_error: float | None


class Timing(BaseModel):
    documents: int
    pages: int
    seconds: float
    seconds_per_page_mean: float | None
    seconds_per_page_p95: float | None


class GroupScore(BaseModel):
    documents: int
    failed: int
    classification: Rate
    confusion: dict[str, dict[str, int]]
    fields: FieldStats
    per_field: dict[str, FieldStats]
    straight_through: StraightThrough
    stamps: PRF
    signatures: PRF
    signature_roles: Rate
    codes: Rate
    codes_extra: int
    line_items: Rate
    timing: Timing


class EvalReport(BaseModel):
    threshold: float
    documents: int
    failed: int
    overall: GroupScore
    by_group: dict[str, GroupScore]
    by_profile: dict[str, GroupScore]
    wall_seconds: float | None = None
    jobs: int | None = None
    docs: list[DocScore] = Field(default_factory=list)

    def worst(self, n: int) -> list[DocScore]:
        ranked = sorted(self.docs, key=lambda d: d.badness, reverse=True)
        return [doc for doc in ranked[:n] if doc.badness > 0]
