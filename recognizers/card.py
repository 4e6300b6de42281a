"""The document card: what every recognition result serializes to.

Mirrors ``shared/contracts/document-card.schema.json``; ``Card.to_json_dict`` is the
only way a card leaves the process, so the contract is enforced in one place.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

DocType = Literal["upd", "torg12", "vat_invoice", "act", "payment_invoice", "other"]
DOC_TYPES: tuple[str, ...] = ("upd", "torg12", "vat_invoice", "act", "payment_invoice", "other")
FIELD_NAMES: tuple[str, ...] = (
    "number",
    "date",
    "seller_name",
    "seller_inn",
    "seller_kpp",
    "buyer_name",
    "buyer_inn",
    "buyer_kpp",
    "total",
    "vat",
    "vat_rate",
)
# The fields as an accountant names them (issue messages).
FIELD_LABELS: dict[str, str] = {
    "number": "номер", "date": "дата", "seller_name": "продавец", "seller_inn": "ИНН продавца",
    "seller_kpp": "КПП продавца", "buyer_name": "покупатель", "buyer_inn": "ИНН покупателя",
    "buyer_kpp": "КПП покупателя", "total": "сумма с НДС", "vat": "НДС", "vat_rate": "ставка НДС"}


class Fields(BaseModel):
    number: str | None = None
    date: str | None = None
    seller_name: str | None = None
    seller_inn: str | None = None
    seller_kpp: str | None = None
    buyer_name: str | None = None
    buyer_inn: str | None = None
    buyer_kpp: str | None = None
    total: str | None = None
    vat: str | None = None
    vat_rate: str | None = None


class PageSize(BaseModel):
    page: int
    width: float
    height: float


class LineItem(BaseModel):
    name: str | None = None
    qty: str | None = None
    unit: str | None = None
    price: str | None = None
    amount: str | None = None
    vat_rate: str | None = None
    vat: str | None = None


class Stamp(BaseModel):
    page: int
    bbox: list[float]
    confidence: float
    color: str | None = None
    text: str | None = None
    # Beyond the contract's required keys (stamps allow extra properties): the stamp's shape
    # ("round", "oval" or "rectangular") and the requisites read from a seal, only when their
    # check digits hold.
    kind: str | None = None
    inn: str | None = None
    ogrn: str | None = None


class Signature(BaseModel):
    page: int
    bbox: list[float]
    confidence: float
    role: str | None = None


class Code(BaseModel):
    type: str
    data: str
    page: int
    bbox: list[float] | None = None
    payment: dict[str, str] | None = None


class Marks(BaseModel):
    stamps: list[Stamp] = Field(default_factory=list)
    signatures: list[Signature] = Field(default_factory=list)
    codes: list[Code] = Field(default_factory=list)


class CardIssue(BaseModel):
    code: str
    message: str
    field: str | None = None


class Card(BaseModel):
    file: str
    sha256: str | None = None
    doc_type: DocType = "other"
    upd_status: Literal[1, 2] | None = None
    confidence: float = 0.0
    pages: int = 1
    page_sizes: list[PageSize] = Field(default_factory=list)
    text_source: Literal["text_layer", "ocr", "mixed"] | None = None
    fields: Fields = Field(default_factory=Fields)
    field_confidence: dict[str, float] = Field(default_factory=dict)
    line_items: list[LineItem] = Field(default_factory=list)
    marks: Marks = Field(default_factory=Marks)
    issues: list[CardIssue] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        # Optional keys the schema does not allow as null are dropped, not nulled.
        for key in ("sha256", "text_source"):
            if data.get(key) is None:
                data.pop(key, None)
        for code in data["marks"]["codes"]:
            if code.get("bbox") is None:
                code.pop("bbox", None)
        for stamp in data["marks"]["stamps"]:
            if stamp.get("color") is None:
                stamp.pop("color", None)
        return data
