"""A self-contained HTML report: summary tables, confusion matrix, and the worst documents with
a thumbnail of their first page (truth boxes green, detected boxes red) and a field-by-field diff.

Everything, images included, is inlined so the file can be mailed or attached to an issue.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from html import escape
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from ecm.evaluation.models import DocScore, EvalReport
from ecm.evaluation.table import METRICS, columns, pct
from recognizers.card import FIELD_NAMES
from recognizers.sniff import sniff

THUMB_WIDTH = 560
TRUTH_COLOR = (0, 160, 0)
CARD_COLOR = (220, 0, 0)

_CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
td.diag { background: #dfd; } td.off { background: #fdd; }
tr.correct td { background: #f4fff4; } tr.miss td { background: #fff8e0; }
tr.wrong td, tr.false_value td { background: #ffe8e8; }
.doc { border-top: 2px solid #888; padding-top: 1em; margin-top: 2em; }
.doc-body { display: flex; gap: 2em; align-items: flex-start; }
.doc img { border: 1px solid #aaa; max-width: 560px; }
.legend span { padding: 0 6px; } .err { color: #b00; white-space: pre-wrap; }
"""


def render_first_page(path: Path, width: int = THUMB_WIDTH) -> Image.Image | None:
    """The first page at ``width`` pixels wide, or None if the file cannot be rendered."""
    try:
        data = path.read_bytes()
        if sniff(data[:1024]) == "pdf":
            pdf = pdfium.PdfDocument(data)
            try:
                page = pdf[0]
                bitmap = page.render(scale=width / page.get_width())
                image = bitmap.to_pil().convert("RGB")
            finally:
                pdf.close()
            return image
        with Image.open(io.BytesIO(data)) as source:
            source.seek(0)
            image = source.convert("RGB")
        image.thumbnail((width, width * 10))
        return image
    except Exception:  # a preview is a nicety: any unreadable file just gets no picture
        return None


def draw_boxes(image: Image.Image, doc: DocScore, page: int = 1) -> bool:
    """Draw the page's truth and detected boxes; False when there is no size to map them."""
    reference = doc.page_sizes.get(page)
    if reference is None:
        return False
    sx, sy = image.width / reference[0], image.height / reference[1]
    draw = ImageDraw.Draw(image)
    for box in doc.boxes:
        if box.page != page:
            continue
        x, y, w, h = box.bbox
        color = TRUTH_COLOR if box.source == "truth" else CARD_COLOR
        # Unmatched boxes are drawn thicker: they are the errors the reader looks for.
        draw.rectangle(
            (x * sx, y * sy, (x + w) * sx, (y + h) * sy),
            outline=color,
            width=2 if box.matched else 4,
        )
    return True


def thumbnail_uri(path: Path, doc: DocScore) -> tuple[str | None, bool]:
    image = render_first_page(path)
    if image is None:
        return None, False
    drawn = draw_boxes(image, doc)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"), drawn


def _table(
    header: list[str], rows: list[list[str]], row_classes: Sequence[str] | None = None
) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{row_classes[i]}"' if row_classes else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def summary_html(report: EvalReport) -> str:
    slices = columns(report)
    header = ["metric", *(name for name, _ in slices)]
    rows = [[escape(label), *(escape(m(g)) for _, g in slices)] for label, m in METRICS]
    field_rows = [
        [
            escape(field),
            *(
                f"{pct(g.per_field[field].accuracy)} ({g.per_field[field].false_value})"
                for _, g in slices
            ),
        ]
        for field in FIELD_NAMES
    ]
    return (
        "<h2>Summary</h2>"
        + _table(header, rows)
        + "<h2>Field exact match (false values in brackets)</h2>"
        + _table(["field", *header[1:]], field_rows)
    )


def confusion_html(report: EvalReport) -> str:
    matrix = report.overall.confusion
    read_labels = sorted({label for row in matrix.values() for label in row})
    head = "".join(f"<th>{escape(label)}</th>" for label in read_labels)
    body = []
    for truth_label in sorted(matrix):
        cells = []
        for label in read_labels:
            count = matrix[truth_label].get(label, 0)
            cls = "diag" if label == truth_label else ("off" if count else "")
            cells.append(f'<td class="{cls}">{count or ""}</td>')
        body.append(f"<tr><td>{escape(truth_label)}</td>{''.join(cells)}</tr>")
    return (
        "<h2>Classification: truth (rows) × read (columns)</h2>"
        f"<table><thead><tr><th>truth \\ read</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _opt(value: str | None) -> str:
    return "<i>null</i>" if value is None else escape(value)


def field_diff_html(doc: DocScore) -> str:
    rows, classes = [], []
    for name, result in doc.fields.items():
        confidence = "—" if result.confidence is None else f"{result.confidence:.2f}"
        flag = " ✔" if result.confident else ""
        rows.append(
            [
                escape(name),
                _opt(result.truth),
                _opt(result.read),
                escape(result.outcome),
                confidence + flag,
            ]
        )
        classes.append(result.outcome)
    return _table(["field", "truth", "read", "outcome", "confidence"], rows, classes)


def _marks_line(doc: DocScore) -> str:
    parts = []
    for label, counts in (("stamps", doc.stamps), ("signatures", doc.signatures)):
        if counts is not None:
            parts.append(f"{label}: {counts.tp} found, {counts.fn} missed, {counts.fp} extra")
    if doc.roles_scored:
        parts.append(f"signature roles {doc.roles_correct}/{doc.roles_scored}")
    if doc.codes_truth is not None:
        parts.append(f"codes {doc.codes_decoded}/{doc.codes_truth}, {doc.codes_extra} extra")
    if doc.line_rows_truth is not None:
        parts.append(
            f"line items {doc.line_rows_matched}/{doc.line_rows_truth} exact"
            f" ({doc.line_rows_read} read)"
        )
    return escape("; ".join(parts))


def doc_html(doc: DocScore, set_dir: Path) -> str:
    uri, drawn = thumbnail_uri(set_dir / doc.file, doc)
    if uri is None:
        picture = "<p><i>no preview: the file could not be rendered</i></p>"
    else:
        note = "" if drawn or not doc.boxes else "<p><i>boxes not drawn: no page size</i></p>"
        picture = f'<div><img alt="first page" src="{uri}">{note}</div>'
    verdict = "✔" if doc.class_correct else "✘"
    error = f'<p class="err">{escape(doc.error)}</p>' if doc.error else ""
    notes = "".join(f"<p><i>{escape(n)}</i></p>" for n in doc.notes)
    return (
        f'<section class="doc"><h3>{escape(doc.file)}</h3>'
        f"<p>profile <b>{escape(doc.profile)}</b>; class truth <b>{escape(doc.truth_label)}</b>,"
        f" read <b>{escape(doc.read_label)}</b> {verdict}; badness {doc.badness:.1f}</p>"
        f"{error}<p>{_marks_line(doc)}</p>{notes}"
        f'<div class="doc-body">{picture}<div>{field_diff_html(doc)}</div></div></section>'
    )


def build_html(report: EvalReport, set_dir: Path, worst: int = 20) -> str:
    worst_docs = report.worst(worst)
    legend = (
        '<p class="legend">Boxes: <span style="color:#00a000">■ truth</span>'
        '<span style="color:#dc0000">■ detected</span> (thick = unmatched). '
        "✔ next to a confidence: at or above the review threshold.</p>"
    )
    wall = (
        f"; {report.wall_seconds:.1f} s wall time, {report.jobs or 1} job(s)"
        if report.wall_seconds is not None
        else ""
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>ecm eval: {escape(str(set_dir))}</title><style>{_CSS}</style></head><body>"
        f"<h1>Evaluation of {escape(str(set_dir))}</h1>"
        f"<p>{report.documents} documents, {report.failed} failed; review threshold"
        f" {report.threshold:g}{wall}.</p>"
        + summary_html(report)
        + confusion_html(report)
        + f"<h2>Worst {len(worst_docs)} documents</h2>"
        + legend
        + "".join(doc_html(doc, set_dir) for doc in worst_docs)
        + "</body></html>"
    )


def write_report(report: EvalReport, set_dir: Path, out: Path, worst: int = 20) -> None:
    out.write_text(build_html(report, set_dir, worst), encoding="utf-8")
