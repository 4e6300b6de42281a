"""The nomenclature: shipped defaults, load from a file, add and edit from the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from archive.nomenclature import DEFAULT_FILE
from ecm.settings import Settings
from tests.conftest import run_cli


def _cases() -> dict[str, dict[str, object]]:
    code, output = run_cli("nomenclature", "list", "--json")
    assert code == 0, output
    return {c["index"]: c for c in json.loads(output)}


def test_default_nomenclature_covers_every_document_type(cli_env: Settings) -> None:
    cases = _cases()
    assert len(cases) == len(json.loads(DEFAULT_FILE.read_text(encoding="utf-8")))
    routed = {t for c in cases.values() for t in c["doc_types"]}  # type: ignore[attr-defined]
    assert {"upd", "torg12", "vat_invoice", "act", "payment_invoice", "other"} <= routed
    assert cases["05-10"]["legal_basis"] and "317" in str(cases["05-10"]["legal_basis"])
    assert cases["02-01"]["retention_years_before_2003"] == 75
    assert [i for i, c in cases.items() if c["is_fallback"]] == ["05-99"]


def test_add_edit_load_and_errors(cli_env: Settings, tmp_path: Path) -> None:
    code, output = run_cli(
        "nomenclature",
        "add",
        "07-01",
        "--title",
        "Акты сверки",
        "--years",
        "5",
        "--label",
        "5 лет",
        "--basis",
        "ст. 277",
        "--doc-types",
        "reconciliation",
    )
    assert code == 0, output
    code, output = run_cli("nomenclature", "edit", "07-01", "--years", "6", "--label", "6 лет")
    assert code == 0 and _cases()["07-01"]["retention_years"] == 6
    code, output = run_cli("nomenclature", "edit", "99-99", "--years", "6")
    assert code == 2 and "99-99" in output
    code, output = run_cli(
        "nomenclature", "add", "07-01", "--title", "x", "--label", "x", "--basis", "x"
    )
    assert code == 2 and "уже есть" in output
    code, output = run_cli(
        "nomenclature", "add", "bad index!", "--title", "x", "--label", "x", "--basis", "x"
    )
    assert code == 2 and "индекс" in output.lower()
    seed = tmp_path / "номенклатура.json"
    seed.write_text(
        json.dumps(
            [
                {
                    "index": "08-01",
                    "title": "Авансовые отчёты",
                    "retention_years": 5,
                    "retention_label": "5 лет",
                    "legal_basis": "ст. 277",
                    "doc_types": ["advance_report"],
                }
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    code, output = run_cli("nomenclature", "load", str(seed))
    assert code == 0 and "08-01" in _cases()
    seed.write_text('[{"index": "08-02"}]', encoding="utf-8")
    code, output = run_cli("nomenclature", "load", str(seed))
    assert code == 2 and "Не заполнены" in output
    code, output = run_cli("register", "00000000-0000-0000-0000-000000000000", "--case", "99-99")
    assert code == 2 and "не найден" in output
