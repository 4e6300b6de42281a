"""The номенклатура дел: cases, their retention terms and which document types go where."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from archive.models import NomenclatureCase

DEFAULT_FILE = Path(__file__).with_name("nomenclature_default.json")
_INDEX_RE = re.compile(r"^[0-9A-Za-zА-Яа-я]{1,6}(-[0-9A-Za-zА-Яа-я]{1,6}){0,2}$")
_TERM_FROM = ("case", "document")


class NomenclatureError(ValueError):
    """A case spec is invalid or refers to a case that does not exist; message in Russian."""


class UnknownCase(NomenclatureError):
    pass


@dataclass
class CaseSpec:
    index: str
    title: str
    retention_years: int | None
    retention_label: str
    legal_basis: str
    doc_types: list[str] = field(default_factory=list)
    retention_years_before_2003: int | None = None
    expert_review: bool = False
    term_from: str = "case"
    is_fallback: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaseSpec:
        known = set(cls.__dataclass_fields__)
        extra = set(data) - known
        if extra:
            raise NomenclatureError(f"Неизвестные поля дела: {', '.join(sorted(extra))}")
        missing = {"index", "title", "retention_label", "legal_basis"} - set(data)
        if missing:
            raise NomenclatureError(f"Не заполнены поля дела: {', '.join(sorted(missing))}")
        spec = cls(**{"retention_years": None, **data})
        spec.validate()
        return spec

    def validate(self) -> None:
        if not isinstance(self.index, str) or not _INDEX_RE.match(self.index):
            raise NomenclatureError(
                f"Некорректный индекс дела {self.index!r}: ожидается вид «05-12»"
            )
        if not str(self.title or "").strip():
            raise NomenclatureError(f"Дело {self.index}: пустой заголовок")
        for name in ("retention_years", "retention_years_before_2003"):
            years = getattr(self, name)
            if years is not None and (not isinstance(years, int) or not 1 <= years <= 200):
                raise NomenclatureError(f"Дело {self.index}: срок хранения {years!r} вне 1..200")
        if self.term_from not in _TERM_FROM:
            raise NomenclatureError(f"Дело {self.index}: term_from должен быть case или document")
        if not isinstance(self.doc_types, list) or not all(
            isinstance(t, str) for t in self.doc_types
        ):
            raise NomenclatureError(f"Дело {self.index}: doc_types должен быть списком строк")


def to_spec(row: NomenclatureCase) -> CaseSpec:
    return CaseSpec(
        index=row.index,
        title=row.title,
        retention_years=row.retention_years,
        retention_label=row.retention_label,
        legal_basis=row.legal_basis,
        doc_types=list(row.doc_types or []),
        retention_years_before_2003=row.retention_years_before_2003,
        expert_review=bool(row.expert_review),
        term_from=row.term_from,
        is_fallback=bool(row.is_fallback),
    )


def list_cases(session: Session) -> list[CaseSpec]:
    rows = session.scalars(select(NomenclatureCase).order_by(NomenclatureCase.index))
    return [to_spec(r) for r in rows]


def get_case(session: Session, index: str) -> NomenclatureCase:
    row = session.get(NomenclatureCase, index)
    if row is None:
        raise UnknownCase(f"Дело с индексом «{index}» в номенклатуре не найдено")
    return row


def upsert_case(session: Session, spec: CaseSpec, *, create_only: bool = False) -> CaseSpec:
    """Add a case or replace its settings. Terms apply to future registrations only."""
    spec.validate()
    row = session.get(NomenclatureCase, spec.index)
    if row is not None and create_only:
        raise NomenclatureError(f"Дело «{spec.index}» уже есть в номенклатуре")
    if spec.is_fallback:
        # One fallback case: the one named last wins.
        session.execute(update(NomenclatureCase).values(is_fallback=False))
    if row is None:
        row = NomenclatureCase(index=spec.index)
        session.add(row)
    for key, value in asdict(spec).items():
        setattr(row, key, value)
    session.flush()
    return to_spec(row)


def edit_case(session: Session, index: str, changes: dict[str, Any]) -> CaseSpec:
    current = asdict(to_spec(get_case(session, index)))
    if "index" in changes and changes["index"] != index:
        raise NomenclatureError("Индекс дела менять нельзя: он входит в номера регистрации")
    current.update(changes)
    return upsert_case(session, CaseSpec.from_dict(current))


def read_file(path: Path) -> list[CaseSpec]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NomenclatureError(f"Не удалось прочитать номенклатуру {path}: {exc}") from exc
    if not isinstance(data, list):
        raise NomenclatureError("Файл номенклатуры должен содержать JSON-массив дел")
    specs = [CaseSpec.from_dict(item) for item in data]
    indexes = [s.index for s in specs]
    if len(set(indexes)) != len(indexes):
        raise NomenclatureError("В файле номенклатуры повторяются индексы дел")
    return specs


def load(session: Session, specs: list[CaseSpec]) -> int:
    """Add or update every case in ``specs``; cases not listed are kept (they have history)."""
    for spec in specs:
        upsert_case(session, spec)
    return len(specs)


def case_for_doc_type(session: Session, doc_type: str | None) -> NomenclatureCase:
    """The case a document of this type goes to by default, else the fallback case."""
    rows = list(session.scalars(select(NomenclatureCase).order_by(NomenclatureCase.index)))
    for row in rows:
        if doc_type and doc_type in (row.doc_types or []):
            return row
    for row in rows:
        if row.is_fallback:
            return row
    raise UnknownCase(
        f"Для вида документа «{doc_type}» нет дела в номенклатуре и не задано дело по умолчанию"
    )
