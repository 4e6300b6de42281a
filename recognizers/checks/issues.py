"""Card issues in Russian for the accountant; codes are machine-readable."""

from __future__ import annotations

import datetime as dt

from recognizers.card import CardIssue, Fields
from recognizers.checks.checksums import inn_valid, kpp_valid
from recognizers.checks.vat import general_rate, rate_valid_on

EARLIEST = dt.date(2000, 1, 1)
_ROLES = {"seller": "продавца", "buyer": "покупателя"}


def requisites_issues(fields: Fields) -> list[CardIssue]:
    out: list[CardIssue] = []
    for role, genitive in _ROLES.items():
        inn = getattr(fields, f"{role}_inn")
        kpp = getattr(fields, f"{role}_kpp")
        if inn is not None and not inn_valid(inn):
            out.append(CardIssue(code="inn_checksum", field=f"{role}_inn",
                                 message=f"ИНН {genitive} {inn} не проходит проверку "
                                 "контрольного числа."))
        if kpp is not None and not kpp_valid(kpp):
            out.append(CardIssue(code="kpp_format", field=f"{role}_kpp",
                                 message=f"КПП {genitive} {kpp} имеет неверный формат."))
        if inn is not None and len(inn) == 12 and kpp is not None:
            out.append(CardIssue(code="kpp_for_person", field=f"{role}_kpp",
                                 message=f"У {genitive} ИНН из 12 цифр (ИП или физлицо), "
                                 "но указан КПП."))
    if fields.seller_inn is not None and fields.seller_inn == fields.buyer_inn:
        out.append(CardIssue(code="same_inn", field="buyer_inn",
                             message=f"У продавца и покупателя один ИНН {fields.buyer_inn}: "
                             "проверьте стороны документа."))
    return out


def date_issues(date: dt.date | None, today: dt.date | None = None) -> list[CardIssue]:
    if date is None:
        return []
    today = today or dt.date.today()
    if date > today:
        return [CardIssue(code="date_in_future", field="date",
                          message=f"Дата документа {date:%d.%m.%Y} позже сегодняшней.")]
    if date < EARLIEST:
        return [CardIssue(code="date_too_old", field="date",
                          message=f"Дата документа {date:%d.%m.%Y} раньше 2000 года.")]
    return []


def rate_issues(rates: set[str], date: dt.date | None) -> list[CardIssue]:
    out: list[CardIssue] = []
    for rate in sorted(rates):
        if not rate_valid_on(rate, date):
            when = f" на {date:%d.%m.%Y}" if date else ""
            hint = f" (общая ставка{when}: {general_rate(date)}%)" if date else ""
            out.append(CardIssue(code="vat_rate_invalid", field="vat_rate",
                                 message=f"Ставка НДС {rate}% недопустима{when}{hint}."))
    return out


def issue(code: str, field: str | None, message: str) -> CardIssue:
    return CardIssue(code=code, field=field, message=message)
