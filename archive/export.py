"""Export for an audit or a ФНС demand (ст. 93 НК): originals, опись, manifest, SHA256SUMS.

Every original is re-hashed as it is read; a file that no longer matches its SHA-256 stops
the export rather than being handed over silently. The receiver checks the package with
``sha256sum -c SHA256SUMS`` or with manifest.json.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import mimetypes
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from openpyxl import Workbook
from sqlalchemy import select

from archive.db import Database
from archive.documents import record_event
from archive.errors import IntegrityError
from archive.models import Document, utcnow
from archive.objectstore import ObjectStore
from archive.search import MAX_PAGE_SIZE, SearchQuery, search

INVENTORY_HEADER = (
    "№", "Рег. номер", "Год", "Дата регистрации", "Вид документа", "Контрагент", "ИНН",
    "Номер документа", "Дата документа", "Сумма", "Листов", "Имя файла", "SHA-256",
)  # fmt: skip
MAX_EXPORT = 10_000
_UNSAFE = re.compile(r"[^0-9A-Za-zА-Яа-яЁё._ -]+")


class ExportError(ValueError):
    """The export cannot be made as asked; the message is for the user."""


@dataclass(frozen=True)
class Organization:
    inn: str | None
    kpp: str | None
    tax_office: str | None
    knd: str = "0160"

    def sender_code(self) -> str:
        if not self.inn or not self.tax_office or (len(self.inn) == 10 and not self.kpp):
            raise ExportError(
                "Для имён файлов по ст. 93 НК задайте ИНН и КПП организации и код налогового "
                "органа: ECM_ORG_INN, ECM_ORG_KPP, ECM_TAX_OFFICE"
            )
        return self.inn + (self.kpp or "")


@dataclass(frozen=True)
class ExportSummary:
    export_id: str
    documents: int
    files: list[dict[str, Any]]


def select_entries(db: Database, query: SearchQuery) -> list[dict[str, Any]]:
    """All journal rows the filters select (every page), oldest registration first."""
    rows: list[dict[str, Any]] = []
    page = 1
    with db.session() as session:
        while True:
            params = {**query.__dict__, "page": page, "page_size": MAX_PAGE_SIZE}
            result = search(session, SearchQuery(**params))
            rows.extend(result.items)
            if len(rows) > MAX_EXPORT:
                raise ExportError(f"Слишком много документов для одной выгрузки (> {MAX_EXPORT})")
            if not result.has_more:
                break
            page += 1
        names = {
            doc_id: (filename, content_type)
            for doc_id, filename, content_type in session.execute(
                select(Document.id, Document.filename, Document.content_type).where(
                    Document.id.in_({r["document_id"] for r in rows})
                )
            )
        }
    for row in rows:
        row["filename"], row["content_type"] = names.get(row["document_id"], ("document", ""))
    rows.sort(key=lambda r: (r["reg_date"], r["case_index"], r["year"], r["id"]))
    return rows


def _extension(row: dict[str, Any]) -> str:
    suffix = PurePath(row["filename"]).suffix.lower()
    if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
        return suffix
    return mimetypes.guess_extension(row.get("content_type") or "") or ".bin"


def file_name(row: dict[str, Any], number: int, org: Organization | None) -> str:
    """``KD_O_P_N1_GGGGMMDD_N2.ext`` for the tax office, else a readable unique name."""
    if org is not None:
        day = (row["counterparty_date"] or row["reg_date"]).replace("-", "")
        # N1: the journal row id, shared by all files of the document; N2: file within it.
        return (
            f"{org.knd}_{org.sender_code()}_{org.tax_office}_{row['id']}_{day}_1{_extension(row)}"
        )
    reg = row["reg_number"].replace("/", "-")
    stem = _UNSAFE.sub("_", PurePath(row["filename"]).stem).strip()[:80] or "document"
    return f"{number:04d}_{reg}_{row['year']}_{stem}{_extension(row)}"


def _inventory_rows(files: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            i,
            f["reg_number"],
            f["year"],
            f["reg_date"],
            f["doc_type"] or "",
            f["counterparty_name"] or "",
            f["counterparty_inn"] or "",
            f["counterparty_number"] or "",
            f["counterparty_date"] or "",
            f["total"] or "",
            f["pages"] or "",
            f["name"],
            f["sha256"],
        ]
        for i, f in enumerate(files, 1)
    ]


def _csv_bytes(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    # Semicolons and a BOM: what Excel in a Russian locale opens without asking.
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(INVENTORY_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_bytes(rows: list[list[Any]], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Опись"
    sheet.append([title])
    sheet.append(list(INVENTORY_HEADER))
    for row in rows:
        sheet.append(row)
    for column, width in zip(
        "ABCDEFGHIJKLM", (5, 14, 6, 12, 14, 32, 13, 14, 12, 14, 7, 48, 66), strict=True
    ):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_export(
    db: Database,
    store: ObjectStore,
    out: IO[bytes],
    *,
    query: SearchQuery,
    actor: str,
    org: Organization | None = None,
) -> ExportSummary:
    """Write the ZIP to ``out``; ``org`` given = ФНС file names. Audited once complete."""
    rows = select_entries(db, query)
    if not rows:
        raise ExportError("По заданным условиям документов не найдено: выгружать нечего")
    export_id = str(uuid.uuid4())
    files: list[dict[str, Any]] = []
    sums: list[tuple[str, str]] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, row in enumerate(rows, 1):
            data = store.get_original(row["sha256"])
            if hashlib.sha256(data).hexdigest() != row["sha256"]:
                raise IntegrityError(
                    f"Оригинал {row['reg_number']} ({row['sha256']}) не совпадает с "
                    "контрольной суммой: выгрузка остановлена, запустите ecm verify"
                )
            name = file_name(row, number, org)
            # Scans and PDFs are compressed already: stored as they are, byte for byte.
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED)
            files.append({**row, "name": name, "size": len(data)})
            sums.append((row["sha256"], name))
        _write_inventory(archive, files, sums, export_id=export_id, actor=actor, org=org)
    _audit(db, files, export_id=export_id, actor=actor)
    return ExportSummary(export_id, len(files), files)


def _write_inventory(
    archive: zipfile.ZipFile,
    files: list[dict[str, Any]],
    sums: list[tuple[str, str]],
    *,
    export_id: str,
    actor: str,
    org: Organization | None,
) -> None:
    rows = _inventory_rows(files)
    created = utcnow()
    title = f"Опись документов, выгрузка {export_id} от {created:%d.%m.%Y %H:%M} UTC"
    extra = {"опись.csv": _csv_bytes(rows), "опись.xlsx": _xlsx_bytes(rows, title)}
    manifest = {
        "export_id": export_id,
        "created_at": created.isoformat(),
        "created_by": actor,
        "naming": "fns_st93" if org else "plain",
        "organization": {"inn": org.inn, "kpp": org.kpp, "tax_office": org.tax_office}
        if org
        else None,
        "algorithm": "sha256",
        "files": [
            {
                "name": f["name"],
                "sha256": f["sha256"],
                "size": f["size"],
                "reg_number": f["reg_number"],
                "year": f["year"],
                "document_id": f["document_id"],
            }
            for f in files
        ],
        "inventory": [
            {"name": n, "sha256": hashlib.sha256(d).hexdigest()} for n, d in extra.items()
        ],
    }
    extra["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    for name, data in extra.items():
        archive.writestr(name, data)
        sums.append((hashlib.sha256(data).hexdigest(), name))
    archive.writestr("SHA256SUMS", "".join(f"{h}  {n}\n" for h, n in sums).encode())


def _audit(db: Database, files: list[dict[str, Any]], *, export_id: str, actor: str) -> None:
    with db.session() as session:
        for f in files:
            record_event(
                session, f["document_id"], actor, "exported",
                {"export_id": export_id, "file": f["name"], "sha256": f["sha256"]},
            )  # fmt: skip
