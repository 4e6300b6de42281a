"""The report as rich tables: one column per slice (overall, profile groups, profiles)."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console, Group
from rich.table import Table

from ecm.evaluation.models import PRF, EvalReport, GroupScore, Rate
from recognizers.card import FIELD_NAMES

Metric = Callable[[GroupScore], str]


def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def rate(value: Rate) -> str:
    return "—" if value.rate is None else f"{pct(value.rate)} ({value.count}/{value.total})"


def _fraction(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def prf(value: PRF) -> str:
    return f"{_fraction(value.precision)} / {_fraction(value.recall)} / {_fraction(value.f1)}"


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def columns(report: EvalReport) -> list[tuple[str, GroupScore]]:
    return [("overall", report.overall), *report.by_group.items(), *report.by_profile.items()]


METRICS: list[tuple[str, Metric]] = [
    ("documents", lambda g: str(g.documents)),
    ("failed", lambda g: str(g.failed)),
    ("classification", lambda g: rate(g.classification)),
    ("header fields exact", lambda g: pct(g.fields.accuracy)),
    ("false values (of fields)", lambda g: pct(g.fields.false_value_rate)),
    ("misses (of fields)", lambda g: pct(g.fields.miss_rate)),
    ("straight-through docs", lambda g: pct(g.straight_through.straight_through_share)),
    ("confident but wrong docs", lambda g: pct(g.straight_through.confident_wrong_share)),
    ("residual error (fields)", lambda g: pct(g.straight_through.residual_error)),
    ("stamps P / R / F1", lambda g: prf(g.stamps)),
    ("signatures P / R / F1", lambda g: prf(g.signatures)),
    ("signature roles", lambda g: rate(g.signature_roles)),
    ("codes decoded", lambda g: rate(g.codes)),
    ("line item rows exact", lambda g: rate(g.line_items)),
    ("s/page mean", lambda g: seconds(g.timing.seconds_per_page_mean)),
    ("s/page p95", lambda g: seconds(g.timing.seconds_per_page_p95)),
]


def summary_table(report: EvalReport) -> Table:
    table = Table(title=f"Evaluation (review threshold {report.threshold:g})")
    table.add_column("metric", style="bold", no_wrap=True)
    slices = columns(report)
    for name, _ in slices:
        table.add_column(name, justify="right", overflow="fold")
    for label, metric in METRICS:
        table.add_row(label, *(metric(group) for _, group in slices))
    return table


def fields_table(report: EvalReport) -> Table:
    table = Table(title="Field exact match (false values in brackets)")
    table.add_column("field", style="bold", no_wrap=True)
    slices = columns(report)
    for name, _ in slices:
        table.add_column(name, justify="right", overflow="fold")
    for field in FIELD_NAMES:
        cells = []
        for _, group in slices:
            stats = group.per_field[field]
            cells.append(f"{pct(stats.accuracy)} ({stats.false_value})")
        table.add_row(field, *cells)
    return table


def confusion_table(report: EvalReport) -> Table:
    matrix = report.overall.confusion
    read_labels = sorted({label for row in matrix.values() for label in row})
    table = Table(title="Classification: truth (rows) × read (columns)")
    table.add_column("truth \\ read", style="bold")
    for label in read_labels:
        table.add_column(label, justify="right")
    for truth_label in sorted(matrix):
        row = matrix[truth_label]
        cells = []
        for label in read_labels:
            count = row.get(label, 0)
            text = str(count) if count else "·"
            cells.append(f"[green]{text}[/]" if label == truth_label and count else text)
        table.add_row(truth_label, *cells)
    return table


def failures_table(report: EvalReport) -> Table | None:
    failed = [doc for doc in report.docs if doc.failed]
    if not failed:
        return None
    table = Table(title="Failed recognitions")
    table.add_column("file")
    table.add_column("error", overflow="fold")
    for doc in failed:
        table.add_row(doc.file, doc.error or "")
    return table


def render(report: EvalReport) -> Group:
    parts: list[Table] = [summary_table(report), fields_table(report), confusion_table(report)]
    failures = failures_table(report)
    if failures is not None:
        parts.append(failures)
    return Group(*parts)


def print_report(report: EvalReport, console: Console | None = None) -> None:
    console = console or Console()
    console.print(render(report))
    if report.wall_seconds is not None:
        console.print(
            f"{report.documents} documents in {report.wall_seconds:.1f} s wall time"
            f" with {report.jobs or 1} job(s)."
        )
