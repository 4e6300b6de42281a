"""Evaluation scoring, runner and CLI, on hand-built truth/card pairs; no real recognition."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import typer
from PIL import Image
from typer.testing import CliRunner

from ecm.evaluation import cli
from ecm.evaluation.aggregate import aggregate, percentile
from ecm.evaluation.html_report import write_report
from ecm.evaluation.marks import PlacedBox, iou, match_boxes
from ecm.evaluation.normalize import normalize_field, same_value
from ecm.evaluation.runner import evaluate, recognize_all
from ecm.evaluation.score import field_outcome, line_items_matched, score_document
from ecm.evaluation.truth import TruthError, load_truth
from recognizers.card import FIELD_NAMES, Card

FIELDS = {
    "number": "УТ-000123",
    "date": "2026-03-15",
    "seller_name": "ООО «Ромашка»",
    "seller_inn": "7707083893",
    "seller_kpp": "770701001",
    "buyer_name": 'АО "Лютик"',
    "buyer_inn": "7707083893",
    "buyer_kpp": None,
    "total": "1200.50",
    "vat": "200.08",
    "vat_rate": "20",
}
A4_300 = {"page": 1, "width": 2480, "height": 3508}
A4_150 = {"page": 1, "width": 1240, "height": 1754}


def truth(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "file": "a.pdf",
        "doc_type": "act",
        "upd_status": None,
        "profile": "digital",
        "fields": dict(FIELDS),
        "pages": [A4_300],
    }
    base.update(overrides)
    return base


def card(fields: dict[str, Any] | None = None, conf: float = 0.95, **overrides: Any) -> dict:
    values = dict(FIELDS if fields is None else fields)
    base: dict[str, Any] = {
        "file": "a.pdf",
        "doc_type": "act",
        "upd_status": None,
        "confidence": 0.99,
        "pages": 1,
        "page_sizes": [A4_150],
        "fields": values,
        "field_confidence": {name: conf for name in FIELD_NAMES},
        "marks": {"stamps": [], "signatures": [], "codes": []},
        "line_items": [],
    }
    base.update(overrides)
    return base


# --- normalisation ---------------------------------------------------------------------------


def test_names_fold_quotes_case_and_spaces() -> None:
    assert same_value("name", "ООО «Ромашка»", '  ооо   "РОМАШКА" ')
    assert same_value("name", "ООО “Ромашка”", "ООО «Ромашка»")
    assert same_value("name", "ООО\u00a0«Ромашка»", "ООО «Ромашка»")
    assert not same_value("name", "ООО «Ромашка»", "ООО «Ромашки»")


def test_case_matters_outside_names() -> None:
    assert field_outcome("number", "УТ-123", "ут-123") == "wrong"
    assert field_outcome("number", "УТ-123", " УТ-123 ") == "correct"
    assert field_outcome("seller_name", "ООО «Ромашка»", "ооо «ромашка»") == "correct"


def test_money_and_dates_compare_as_values() -> None:
    assert field_outcome("total", "100.5", "100.50") == "correct"
    assert field_outcome("total", "100.50", "100.51") == "wrong"
    assert field_outcome("vat", "0.00", "0") == "correct"
    assert field_outcome("date", "2026-03-15", "15.03.2026") == "correct"
    assert field_outcome("date", "2026-03-15", "2026-03-16") == "wrong"
    # An unparseable read never equals a parsed truth value.
    assert field_outcome("total", "100.50", "сто") == "wrong"
    assert normalize_field("total", "NaN") == "NaN"


def test_null_vs_value_is_a_miss_and_value_vs_null_a_false_value() -> None:
    assert field_outcome("seller_inn", "7707083893", None) == "miss"
    assert field_outcome("seller_inn", "7707083893", "   ") == "miss"
    assert field_outcome("buyer_kpp", None, "770701001") == "false_value"
    assert field_outcome("buyer_kpp", None, None) == "correct"


def test_score_document_counts_outcomes() -> None:
    read = dict(FIELDS, seller_inn=None, buyer_kpp="770701001", total="1200.60")
    doc = score_document(truth(), card(read), 0.9)
    outcomes = {name: result.outcome for name, result in doc.fields.items()}
    assert outcomes["seller_inn"] == "miss"
    assert outcomes["buyer_kpp"] == "false_value"
    assert outcomes["total"] == "wrong"
    assert sum(1 for o in outcomes.values() if o == "correct") == 8
    stats = aggregate([doc], 0.9).overall.fields
    assert (stats.total, stats.correct, stats.miss, stats.false_value) == (11, 8, 1, 1)
    assert stats.false_value_rate == pytest.approx(1 / 11)


# --- marks -----------------------------------------------------------------------------------


def test_iou() -> None:
    assert iou([0, 0, 10, 10], [0, 0, 10, 10]) == 1.0
    assert iou([0, 0, 10, 10], [5, 0, 10, 10]) == pytest.approx(50 / 150)
    assert iou([0, 0, 10, 10], [20, 20, 5, 5]) == 0.0


def test_card_boxes_are_rescaled_to_truth_page_size() -> None:
    marks = {"stamps": [{"page": 1, "bbox": [1000, 2000, 400, 400]}], "signatures": []}
    found = {"stamps": [{"page": 1, "bbox": [500, 1000, 200, 200], "confidence": 0.9}]}
    doc = score_document(truth(marks=marks), card(marks=found), 0.9)
    assert doc.stamps is not None and (doc.stamps.tp, doc.stamps.fp, doc.stamps.fn) == (1, 0, 0)
    # Without rescaling, the same box at half size overlaps far too little.
    same_size = card(marks=found, page_sizes=[A4_300])
    doc = score_document(truth(marks=marks), same_size, 0.9)
    assert doc.stamps is not None and (doc.stamps.tp, doc.stamps.fp, doc.stamps.fn) == (0, 1, 1)


def test_each_truth_box_is_matched_once_greedy_by_iou() -> None:
    truth_boxes = [PlacedBox(1, (0, 0, 10, 10))]
    read = [
        PlacedBox(1, (1, 0, 10, 10)),
        PlacedBox(1, (0, 0, 10, 10)),
        PlacedBox(1, (2, 0, 10, 10)),
    ]
    assert match_boxes(truth_boxes, read) == [(0, 1)]
    # The other page never matches, however well it overlaps.
    assert match_boxes(truth_boxes, [PlacedBox(2, (0, 0, 10, 10))]) == []


def test_precision_recall_f1_for_a_known_case() -> None:
    t = [{"page": 1, "bbox": [x, 100, 100, 100]} for x in (0, 300, 600, 900)]
    r = [
        {"page": 1, "bbox": [x / 2, 50, 50, 50], "confidence": 0.9}
        for x in (0, 300, 1500)  # two hits (rescaled from 150 dpi) and one stray box
    ]
    doc = score_document(truth(marks={"stamps": t}), card(marks={"stamps": r}), 0.9)
    stamps = aggregate([doc], 0.9).overall.stamps
    assert (stamps.tp, stamps.fp, stamps.fn) == (2, 1, 2)
    assert stamps.precision == pytest.approx(2 / 3)
    assert stamps.recall == pytest.approx(1 / 2)
    assert stamps.f1 == pytest.approx(4 / 7)
    # Signatures were not annotated in this truth: not scored, not counted as perfect.
    assert doc.signatures is None


def test_signature_roles_and_codes() -> None:
    marks = {
        "signatures": [
            {"page": 1, "bbox": [0, 0, 100, 50], "role": "Главный бухгалтер"},
            {"page": 1, "bbox": [0, 500, 100, 50], "role": "руководитель"},
            {"page": 1, "bbox": [0, 900, 100, 50]},
        ],
        "codes": [{"type": "QRCODE", "data": "ST00012|Name=X"}, {"type": "EAN13", "data": "1"}],
    }
    found = {
        "signatures": [
            {"page": 1, "bbox": [0, 0, 50, 25], "confidence": 1, "role": "главный  бухгалтер"},
            {"page": 1, "bbox": [0, 250, 50, 25], "confidence": 1, "role": "груз принял"},
            {"page": 1, "bbox": [0, 450, 50, 25], "confidence": 1, "role": None},
        ],
        "codes": [{"type": "QR_CODE", "data": "ST00012|Name=X", "page": 1}],
    }
    doc = score_document(truth(marks=marks), card(marks=found), 0.9)
    assert (doc.roles_scored, doc.roles_correct) == (2, 1)
    assert (doc.codes_truth, doc.codes_decoded, doc.codes_extra) == (2, 1, 0)


# --- classification, straight-through, line items --------------------------------------------


def test_confusion_matrix_counts() -> None:
    pairs = [
        ("upd", 1, "upd", 1),
        ("upd", 1, "upd", 2),  # the status is part of the class for УПД
        ("upd", 2, "vat_invoice", None),
        ("act", None, "act", None),
        ("act", None, "act", None),
        ("torg12", None, "act", None),
    ]
    scores = [
        score_document(
            truth(doc_type=t, upd_status=ts), card(doc_type=r, upd_status=rs), threshold=0.9
        )
        for t, ts, r, rs in pairs
    ]
    failed = score_document(truth(doc_type="act"), None, 0.9, error="boom")
    overall = aggregate([*scores, failed], 0.9).overall
    assert overall.confusion == {
        "upd/1": {"upd/1": 1, "upd/2": 1},
        "upd/2": {"vat_invoice": 1},
        "act": {"act": 2, "(failed)": 1},
        "torg12": {"act": 1},
    }
    assert (overall.classification.count, overall.classification.total) == (3, 7)
    assert overall.failed == 1


def test_straight_through_and_residual_error() -> None:
    clean = card()
    confidently_wrong = card(dict(FIELDS, total="1300.00"))
    hesitant = card(field_confidence={n: 0.95 for n in FIELD_NAMES if n != "vat"} | {"vat": 0.5})
    unclaimed = card(field_confidence={n: 0.95 for n in FIELD_NAMES if n != "buyer_kpp"})
    scores = [score_document(truth(), c, 0.9) for c in (clean, confidently_wrong, hesitant)]
    scores.append(score_document(truth(), unclaimed, 0.9))
    st = aggregate(scores, 0.9).overall.straight_through
    assert (st.straight_through, st.confident_wrong) == (1, 1)
    assert st.straight_through_share == pytest.approx(1 / 4)
    assert st.confident_fields == 11 + 11 + 10 + 10
    assert st.confident_wrong_fields == 1
    assert st.residual_error == pytest.approx(1 / 42)
    # A lower threshold lets the hesitant document through as well.
    low = aggregate([score_document(truth(), hesitant, 0.4)], 0.4).overall.straight_through
    assert low.straight_through == 1
    # The class counts as the pipeline counts it: unsure, the document goes to review;
    # sure and wrong, it went through wrong.
    unsure_class = card(confidence=0.5)
    wrong_class = card(doc_type="torg12")
    st = aggregate([score_document(truth(), c, 0.9) for c in (unsure_class, wrong_class)],
                   0.9).overall.straight_through
    assert (st.straight_through, st.confident_wrong) == (0, 1)


def test_line_items_aligned_in_order_with_values_normalised() -> None:
    rows = [
        {"name": "Бумага «Снегурочка»", "qty": "2", "price": "300.5", "amount": "601.00"},
        {"name": "Ручка", "qty": "10", "price": "15.00", "amount": "150.00"},
        {"name": "Скрепки", "qty": "1", "price": "40.00", "amount": "40.00"},
    ]
    read: list[dict[str, str | None]] = [
        {"name": 'бумага "снегурочка"', "qty": "2.000", "price": "300.50", "amount": "601"},
        {"name": "Итого", "qty": None, "price": None, "amount": "791.00"},  # an extra row
        {"name": "Ручка", "qty": "10", "price": "15.00", "amount": "150.00"},
        {"name": "Скрепки", "qty": "1", "price": "40.00", "amount": "41.00"},  # misread
    ]
    assert line_items_matched(rows, read) == 2
    doc = score_document(truth(line_items=rows), card(line_items=read), 0.9)
    assert (doc.line_rows_truth, doc.line_rows_matched, doc.line_rows_read) == (3, 2, 4)
    assert aggregate([doc], 0.9).overall.line_items.rate == pytest.approx(2 / 3)


def test_profile_groups_and_timing() -> None:
    docs = [
        score_document(truth(profile="digital"), card(), 0.9, seconds=1.0),
        score_document(truth(profile="photo"), card(dict(FIELDS, total=None)), 0.9, seconds=3.0),
    ]
    report = aggregate(docs, 0.9)
    assert report.by_group["digital+clean_scan"].fields.accuracy == 1.0
    assert report.by_group["poor_scan+photo"].fields.accuracy == pytest.approx(10 / 11)
    assert list(report.by_profile) == ["digital", "photo"]
    assert report.overall.timing.seconds_per_page_mean == pytest.approx(2.0)
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95) == pytest.approx(4.8)


# --- truth file, runner, CLI -----------------------------------------------------------------


def write_set(root: Path, lines: list[dict[str, Any]]) -> Path:
    for line in lines:
        Image.new("RGB", (124, 175), "white").save(root / line["file"])
    (root / "truth.jsonl").write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8"
    )
    return root


def fake_recognize(path: Path) -> Card:
    """A stand-in recognizer: the file name says how well it "reads"."""
    if path.name.startswith("boom"):
        raise RuntimeError("страница не читается")
    fields = dict(FIELDS, seller_name='ооо "ромашка"', total="1200.5")
    doc_type = "act"
    if path.name.startswith("bad"):
        fields.update(total="1300.00", buyer_kpp="770701001")
        doc_type = "torg12"
    return Card.model_validate(
        card(
            fields,
            file=str(path),
            doc_type=doc_type,
            marks={"stamps": [{"page": 1, "bbox": [500, 1000, 200, 200], "confidence": 0.9}]},
            issues=[{"code": "omp", "message": os.environ.get("OMP_THREAD_LIMIT", "unset")}],
        )
    )


SET = [
    truth(file="good.png", marks={"stamps": [{"page": 1, "bbox": [1000, 2000, 400, 400]}]}),
    truth(file="bad.png", profile="photo"),
    truth(file="boom.png", profile="poor_scan"),
]


def test_truth_errors_name_the_line(tmp_path: Path) -> None:
    lines = [json.dumps(SET[0]), "", json.dumps(truth(profile="fax"))]
    (tmp_path / "truth.jsonl").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(TruthError, match=r"line 3: profile"):
        load_truth(tmp_path)
    (tmp_path / "truth.jsonl").write_text('{"file": "a.pdf",\n', encoding="utf-8")
    with pytest.raises(TruthError, match=r"line 1: not valid JSON"):
        load_truth(tmp_path)
    bad_field = truth(fields=dict(FIELDS, totl="1.00"))
    (tmp_path / "truth.jsonl").write_text(json.dumps(bad_field), encoding="utf-8")
    with pytest.raises(TruthError, match=r"line 1: fields.totl"):
        load_truth(tmp_path)
    assert len(load_truth(write_set(tmp_path, SET), limit=2)) == 2


def test_runner_end_to_end_json_and_html(tmp_path: Path) -> None:
    set_dir = write_set(tmp_path, SET)
    report = evaluate(set_dir, threshold=0.9, recognize=fake_recognize)
    data = json.loads(json.dumps(report.model_dump(mode="json")))
    assert (data["documents"], data["failed"]) == (3, 1)
    docs = {d["file"]: d for d in data["docs"]}
    assert docs["boom.png"]["error"] == "RuntimeError: страница не читается"
    assert docs["good.png"]["badness"] == 0
    assert docs["bad.png"]["fields"]["buyer_kpp"]["outcome"] == "false_value"
    overall = data["overall"]
    assert overall["classification"]["count"] == 1
    assert overall["stamps"]["tp"] == 1 and overall["stamps"]["fn"] == 0
    assert overall["straight_through"]["straight_through"] == 1
    assert overall["straight_through"]["confident_wrong"] == 1
    assert overall["timing"]["documents"] == 2
    assert set(data["by_group"]) == {"digital+clean_scan", "poor_scan+photo"}

    out = tmp_path / "report.html"
    write_report(report, set_dir, out, worst=2)
    html = out.read_text(encoding="utf-8")
    worst = html.split("Worst 2 documents")[1]
    assert worst.index("boom.png") < worst.index("bad.png")
    assert "good.png" not in worst
    assert "страница не читается" in worst
    assert "data:image/png;base64," in worst


def test_pool_keeps_order_catches_failures_and_limits_ocr_threads(tmp_path: Path) -> None:
    write_set(tmp_path, SET)
    paths = [tmp_path / line["file"] for line in SET]
    results = recognize_all(paths, jobs=2, recognize=fake_recognize)
    assert [r.card["doc_type"] if r.card else None for r in results] == ["act", "torg12", None]
    assert results[2].error == "RuntimeError: страница не читается"
    assert all(r.card["issues"][0]["message"] == "1" for r in results if r.card)


def test_cli_mounted_as_eval_prints_json_and_writes_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_set(tmp_path, SET)
    monkeypatch.setattr(cli, "recognize_file", fake_recognize)
    main = typer.Typer()
    main.command("eval")(cli.eval_command)
    main.command("other")(lambda: None)
    out = tmp_path / "r.html"
    args = ["eval", str(tmp_path), "--json", "--report", str(out), "--threshold", "0.99"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["threshold"] == 0.99
    assert data["overall"]["straight_through"]["straight_through"] == 0
    assert "bad.png" in out.read_text(encoding="utf-8")


def test_cli_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli.app, [str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "not a directory" in result.output
    result = runner.invoke(cli.app, [str(tmp_path)])
    assert result.exit_code == 2 and "no truth.jsonl" in result.output
    (tmp_path / "truth.jsonl").write_text(json.dumps(SET[0]) + "\n[1, 2]\n", encoding="utf-8")
    result = runner.invoke(cli.app, [str(tmp_path)])
    assert result.exit_code == 2 and "line 2" in result.output
    assert "Traceback" not in result.output


def test_thumbnail_of_a_pdf_draws_truth_green_and_detected_red(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from ecm.evaluation.html_report import CARD_COLOR, TRUTH_COLOR, draw_boxes, render_first_page

    pdf = canvas.Canvas(str(tmp_path / "a.pdf"), pagesize=A4)
    pdf.drawString(100, 750, "АКТ")
    pdf.save()
    # Truth: from 10 % to 30 % of the page at 300 dpi; detected: 50 % to 60 %, given at 150 dpi.
    marks = {"stamps": [{"page": 1, "bbox": [248, 350.8, 496, 701.6]}]}
    found = {"stamps": [{"page": 1, "bbox": [620, 877, 124, 175.4], "confidence": 0.9}]}
    doc = score_document(truth(marks=marks), card(marks=found), 0.9)
    image = render_first_page(tmp_path / "a.pdf", width=560)
    assert image is not None and image.width == 560
    height = image.height
    assert image.getpixel((57, int(0.2 * height))) == (255, 255, 255)
    assert draw_boxes(image, doc)
    assert image.getpixel((57, int(0.2 * height))) == TRUTH_COLOR
    assert image.getpixel((281, int(0.55 * height))) == CARD_COLOR
    assert image.getpixel((200, int(0.4 * height))) == (255, 255, 255)
