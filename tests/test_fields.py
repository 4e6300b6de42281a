"""Field extraction on generated documents (digital and one clean scan) and the card schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ecm.corpus.generate import generate_corpus
from ecm.pipeline.recognize import RecognizeOptions, recognize_file
from recognizers.card import FIELD_NAMES
from recognizers.fields.layout import page_lines
from recognizers.fields.values import find_dates, parse_money
from recognizers.page import Page, Word

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "shared/contracts/document-card.schema.json")
    .read_text(encoding="utf-8"))
OPTIONS = RecognizeOptions(marks=False)


@pytest.fixture(scope="module")
def digital(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("digital")
    generate_corpus(out, per_type=1, seed=4242, profiles=("digital",))
    return out, [json.loads(line) for line in (out / "truth.jsonl").open(encoding="utf-8")]


def _same(field: str, truth: str | None, read: str | None) -> bool:
    if truth is None or read is None:
        return truth == read
    if field.endswith("_name"):
        def norm(v: str) -> str:
            return " ".join(v.replace("«", '"').replace("»", '"').lower().split())
        return norm(truth) == norm(read)
    return truth == read


def test_digital_documents_read_exactly(digital: tuple[Path, list[dict[str, Any]]]) -> None:
    folder, truths = digital
    for truth in truths:
        card = recognize_file(folder / truth["file"], OPTIONS).to_json_dict()
        jsonschema.validate(card, SCHEMA)
        assert card["doc_type"] == truth["doc_type"], truth["file"]
        assert set(card["field_confidence"]) >= set(FIELD_NAMES)
        wrong = {f: (truth["fields"][f], card["fields"][f]) for f in FIELD_NAMES
                 if not _same(f, truth["fields"][f], card["fields"][f])}
        assert not wrong, (truth["file"], wrong)
        read_rows = [(r["qty"], r["price"], r["amount"]) for r in card["line_items"]]
        true_rows = [(r["qty"], r["price"], r["amount"]) for r in truth["line_items"]]
        assert read_rows == true_rows, truth["file"]


def test_clean_scan_card_is_valid_and_mostly_right(tmp_path: Path) -> None:
    generate_corpus(tmp_path, per_type=1, seed=4243, profiles=("clean_scan",))
    truth = next(json.loads(line) for line in (tmp_path / "truth.jsonl").open(encoding="utf-8")
                 if json.loads(line)["doc_type"] == "payment_invoice")
    card = recognize_file(tmp_path / truth["file"], OPTIONS).to_json_dict()
    jsonschema.validate(card, SCHEMA)
    assert card["doc_type"] == "payment_invoice"
    right = sum(_same(f, truth["fields"][f], card["fields"][f]) for f in FIELD_NAMES)
    assert right >= 8
    # A confident field must be right: the confidence has to mean something.
    for f in FIELD_NAMES:
        if card["field_confidence"][f] >= 0.9:
            assert _same(f, truth["fields"][f], card["fields"][f]), f


def test_lines_rejoin_split_letters_and_keep_cells() -> None:
    words = [Word("КПП", 0, 0, 30, 10, 1.0), Word("50", 34, 0, 10, 10, 1.0),
             Word("3", 44.5, 0, 5, 10, 1.0), Word("Коды", 300, 1, 40, 10, 1.0)]
    page = Page(1, 1000, 1000, words=words, text_source="text_layer")
    (line,) = page_lines(page)
    assert line.text == "КПП 503 Коды"
    assert len(line.cells()) == 2


def test_values() -> None:
    assert [d.isoformat() for _p, d in find_dates("от «05» марта 2025 г. и 1.2.2024")] == [
        "2025-03-05", "2024-02-01"]
    assert parse_money("1 234,56") is not None and parse_money("12,345") is None
