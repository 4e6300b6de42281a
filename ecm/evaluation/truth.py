"""Reading ``DIR/truth.jsonl``: one truth object per line, validated with the line number kept.

Validation is strict where a typo would silently change the scores (unknown field names, a
profile outside the four, a box without four numbers) and lenient elsewhere (extra top-level
keys are kept as annotations; numbers where strings are expected are read as text).
A key left out (``marks``, a mark kind, ``line_items``) means "not annotated", so that part is
not scored for the document; an empty list means "annotated: there are none".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ecm.evaluation.models import PROFILES
from recognizers.card import DocType, Fields

TRUTH_FILE = "truth.jsonl"


class TruthError(ValueError):
    """The evaluation set cannot be read; the message names the file and line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class TruthFields(Fields):
    """The card's eleven fields, strictly: a misspelt key in truth.jsonl is an error."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class TruthBox(BaseModel):
    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)
    page: int = Field(ge=1)
    bbox: list[float]
    role: str | None = None

    @field_validator("bbox")
    @classmethod
    def _four_numbers(cls, value: list[float]) -> list[float]:
        if len(value) != 4 or value[2] < 0 or value[3] < 0:
            raise ValueError("bbox must be [x, y, width, height] with width, height >= 0")
        return value


class TruthCode(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    data: str


class TruthMarks(_Strict):
    stamps: list[TruthBox] | None = None
    signatures: list[TruthBox] | None = None
    codes: list[TruthCode] | None = None


class TruthPage(BaseModel):
    page: int = Field(ge=1)
    width: float = Field(gt=0)
    height: float = Field(gt=0)


class TruthLineItem(BaseModel):
    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)
    name: str | None = None
    qty: str | None = None
    price: str | None = None
    amount: str | None = None


class TruthDoc(BaseModel):
    model_config = ConfigDict(extra="allow")
    file: str = Field(min_length=1)
    doc_type: DocType
    upd_status: Literal[1, 2] | None = None
    profile: str
    fields: TruthFields
    marks: TruthMarks | None = None
    line_items: list[TruthLineItem] | None = None
    pages: list[TruthPage] | None = None

    @field_validator("profile")
    @classmethod
    def _known_profile(cls, value: str) -> str:
        if value not in PROFILES:
            raise ValueError(f"profile must be one of {', '.join(PROFILES)}")
        return value


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(object)"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def parse_truth_line(text: str, line_no: int, source: str = TRUTH_FILE) -> dict[str, Any]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TruthError(f"{source} line {line_no}: not valid JSON ({exc.msg})") from exc
    if not isinstance(raw, dict):
        raise TruthError(f"{source} line {line_no}: expected a JSON object")
    try:
        doc = TruthDoc.model_validate(raw)
    except ValidationError as exc:
        raise TruthError(f"{source} line {line_no}: {_describe(exc)}") from exc
    return doc.model_dump(mode="json")


def load_truth(set_dir: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The truth objects of ``set_dir``, in file order, at most ``limit`` of them."""
    if not set_dir.is_dir():
        raise TruthError(f"not a directory: {set_dir}")
    path = set_dir / TRUTH_FILE
    if not path.is_file():
        raise TruthError(f"no {TRUTH_FILE} in {set_dir}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TruthError(f"cannot read {path}: {exc}") from exc
    docs: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line_no, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        if limit is not None and len(docs) >= limit:
            break
        doc = parse_truth_line(text, line_no, str(path))
        if doc["file"] in seen:
            raise TruthError(
                f"{path} line {line_no}: file {doc['file']!r} already listed "
                f"on line {seen[doc['file']]}"
            )
        seen[doc["file"]] = line_no
        docs.append(doc)
    if not docs:
        raise TruthError(f"{path} lists no documents")
    return docs
