"""ГОСТ Р 56042-2014 payment codes: charset, Key=Value parsing and checks against the card."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from recognizers.card import CardIssue, Fields

CHARSETS = {"1": "cp1251", "2": "utf-8", "3": "koi8-r"}
MANDATORY = ("Name", "PersonalAcc", "BankName", "BIC", "CorrespAcc")
HEADER = re.compile(r"^ST0001([123])(.)")


def decode_payload(raw: bytes) -> str:
    """Text of a code's bytes, honouring a ГОСТ header's charset digit.

    zbar hands over QR bytes already re-encoded as UTF-8 from its own guess (often
    ISO-8859-1 or Shift-JIS); for windows-1251 and KOI8-R payloads that guess is undone first.
    """
    text = _utf8(raw)
    m = HEADER.match(text)
    if not m or m.group(1) == "2":
        return text
    target = CHARSETS[m.group(1)]
    for guess in ("latin-1", "shift_jis", "cp1252"):
        try:
            return text.encode(guess).decode(target)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    try:
        return raw.decode(target)
    except UnicodeDecodeError:
        return text


def _utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def parse_payment(data: str) -> dict[str, str] | None:
    """The key/value pairs of a ГОСТ payment string, or None when it is not one."""
    m = HEADER.match(data)
    if not m:
        return None
    sep = m.group(2)
    out: dict[str, str] = {}
    for part in data[m.end():].split(sep):
        key, eq, value = part.partition("=")
        if eq and key.strip():
            out[key.strip()] = value.strip()
    if not all(k in out for k in MANDATORY[:2]):
        return None
    return out


def account_key_ok(account: str, bic: str, correspondent: bool) -> bool:
    """ЦБ 1997 № 515 key: prefix from the БИК, weights 7,1,3 over 23 digits, sum ≡ 0 (mod 10)."""
    if not (re.fullmatch(r"\d{20}", account) and re.fullmatch(r"\d{9}", bic)):
        return False
    prefix = "0" + bic[4:6] if correspondent else bic[6:9]
    digits = prefix + account
    weights = (7, 1, 3) * 8
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 10 == 0


def _money(value: str | None) -> Decimal | None:
    if not value:
        return None
    try:
        return Decimal(value.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None


def check_payment(payment: dict[str, str], fields: Fields) -> list[CardIssue]:
    """Mismatches between a payment code and the card, in the accountant's words."""
    issues: list[CardIssue] = []

    def add(field: str | None, message: str) -> None:
        issues.append(CardIssue(code="payment_mismatch", field=field, message=message))

    missing = [k for k in MANDATORY if not payment.get(k)]
    if missing:
        add(None, "В платёжном QR-коде нет обязательных реквизитов: " + ", ".join(missing) + ".")
    inn = payment.get("PayeeINN")
    if inn and fields.seller_inn and inn != fields.seller_inn:
        add("seller_inn", f"ИНН получателя в QR-коде ({inn}) не совпадает с ИНН продавца "
            f"в документе ({fields.seller_inn}).")
    kpp = payment.get("KPP")
    if kpp and fields.seller_kpp and kpp != fields.seller_kpp:
        add("seller_kpp", f"КПП в QR-коде ({kpp}) не совпадает с КПП продавца "
            f"в документе ({fields.seller_kpp}).")
    total = _money(fields.total)
    kop = payment.get("Sum")
    if kop and total is not None and kop.isdigit() and Decimal(kop) != total * 100:
        add("total", f"Сумма в QR-коде ({Decimal(kop) / 100:.2f}) не совпадает с суммой "
            f"документа ({total:.2f}).")
    bic = payment.get("BIC", "")
    acc = payment.get("PersonalAcc", "")
    if acc and bic and not account_key_ok(acc, bic, correspondent=False):
        add(None, f"Расчётный счёт {acc} в QR-коде не проходит проверку ключа с БИК {bic}.")
    corr = payment.get("CorrespAcc", "")
    if corr and corr != "0" and bic and not account_key_ok(corr, bic, correspondent=True):
        add(None, f"Корреспондентский счёт {corr} в QR-коде не проходит проверку ключа "
            f"с БИК {bic}.")
    return issues
