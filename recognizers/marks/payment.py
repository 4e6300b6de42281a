"""ГОСТ Р 56042-2014 payment codes: charset, Key=Value parsing and checks against the card."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from recognizers.card import CardIssue, Fields

CHARSETS = {"1": "cp1251", "2": "utf-8", "3": "koi8-r"}
MANDATORY = ("Name", "PersonalAcc", "BankName", "BIC", "CorrespAcc")
OPTIONAL = ("Sum", "Purpose", "PayeeINN", "PayerINN", "DrawerStatus", "KPP", "CBC", "OKTMO",
            "PaytReason", "TaxPeriod", "DocNo", "DocDate", "TaxPaytKind", "LastName",
            "FirstName", "MiddleName", "PayerAddress", "PersonalAccount", "DocIdx", "PensAcc",
            "Contract", "PersAcc", "Flat", "Phone", "PayerIdType", "PayerIdNum", "ChildFio",
            "BirthDate", "PaymTerm", "PaymPeriod", "Category", "ServiceName", "CounterId",
            "CounterVal", "QuittId", "QuittDate", "InstNum", "ClassNum", "SpecFio",
            "AddAmount", "RuleId", "ExecId", "RegType", "UIN", "TechCode")
KNOWN_KEYS = {k.lower(): k for k in MANDATORY + OPTIONAL}
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
    """The key/value pairs of a ГОСТ payment string, or None when it is not one.

    Any character after the charset digit is the separator (usually '|'); keys are matched
    to the standard's spelling whatever their case (generators differ). A string missing
    mandatory keys is still returned: ``check_payment`` reports what is missing.
    """
    m = HEADER.match(data.lstrip("\ufeff \r\n\t"))
    if not m:
        return None
    sep = m.group(2)
    out: dict[str, str] = {}
    for part in m.string[m.end():].split(sep):
        key, eq, value = part.partition("=")
        key = key.strip()
        if eq and key:
            out[KNOWN_KEYS.get(key.lower(), key)] = value.strip()
    return out or None


def account_key_ok(account: str, bic: str, correspondent: bool) -> bool:
    """ЦБ 1997 № 515 key: a 3-digit prefix from the БИК, weights 7,1,3 over 23 digits, sum ≡ 0
    (mod 10). The prefix is the БИК's last 3 digits for a settlement account in a bank, and
    "0" + its digits 5–6 for a correspondent account and for any account opened in a РКЦ
    (a БИК ending in 000, 001 or 002)."""
    if not (re.fullmatch(r"\d{20}", account) and re.fullmatch(r"\d{9}", bic)):
        return False
    rkc = bic[6:9] in ("000", "001", "002")
    prefix = "0" + bic[4:6] if correspondent or rkc else bic[6:9]
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
    issues = []
    missing = [k for k in MANDATORY if not payment.get(k)]
    if missing:
        issues.append(_issue(None, "В платёжном QR-коде нет обязательных реквизитов: "
                                   + ", ".join(missing) + "."))
    issues += _party_issues(payment, fields)
    issues += _sum_issues(payment.get("Sum"), _money(fields.total))
    issues += _account_issues(payment)
    return issues


def _issue(field: str | None, message: str) -> CardIssue:
    return CardIssue(code="payment_mismatch", field=field, message=message)


def _party_issues(payment: dict[str, str], fields: Fields) -> list[CardIssue]:
    """The payee is the document's seller, the payer (when the code names one) its buyer."""
    out = []
    pairs = (("PayeeINN", "seller_inn", "ИНН получателя", "ИНН продавца"),
             ("KPP", "seller_kpp", "КПП получателя", "КПП продавца"),
             ("PayerINN", "buyer_inn", "ИНН плательщика", "ИНН покупателя"))
    for key, field, what, whose in pairs:
        coded, printed = payment.get(key), getattr(fields, field)
        if coded and printed and coded != printed:
            out.append(_issue(field, f"{what} в QR-коде ({coded}) не совпадает с {whose} "
                                     f"в документе ({printed})."))
    return out


def _sum_issues(kop: str | None, total: Decimal | None) -> list[CardIssue]:
    if not kop:
        return []
    if not kop.isdigit():
        return [_issue("total", f"Сумма в QR-коде ({kop}) записана не в копейках, как требует "
                                "ГОСТ Р 56042-2014: банк прочтёт её неверно.")]
    if total is not None and Decimal(kop) != total * 100:
        return [_issue("total", f"Сумма в QR-коде ({Decimal(kop) / 100:.2f}) не совпадает с "
                                f"суммой документа ({total:.2f}).")]
    return []


def _account_issues(payment: dict[str, str]) -> list[CardIssue]:
    bic, acc = payment.get("BIC", ""), payment.get("PersonalAcc", "")
    corr = payment.get("CorrespAcc", "")
    if bic and not re.fullmatch(r"\d{9}", bic):
        return [_issue(None, f"БИК в QR-коде ({bic}) должен состоять из 9 цифр.")]
    out = []
    for number, correspondent, what in ((acc, False, "Расчётный счёт"),
                                        (corr, True, "Корреспондентский счёт")):
        if not number or (correspondent and number == "0"):  # "0": no correspondent account
            continue
        if not re.fullmatch(r"\d{20}", number):
            out.append(_issue(None, f"{what} в QR-коде ({number}) должен состоять из 20 цифр."))
        elif number.startswith("03") and not correspondent:
            continue  # treasury account: keyed by the Federal Treasury, not by the БИК
        elif bic and not account_key_ok(number, bic, correspondent):
            out.append(_issue(None, f"{what} {number} в QR-коде не проходит проверку ключа "
                                    f"с БИК {bic}."))
    return out
