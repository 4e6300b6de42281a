"""Check digits of Russian requisites, per the domain README (all verified on real numbers),
and of the EAN barcodes goods carry."""

from __future__ import annotations

import re

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_A = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_B = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_KPP = re.compile(r"^\d{4}[0-9A-Z]{2}\d{3}$")
_BIK = re.compile(r"^04\d{7}$")


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def figures_apart(a: str, b: str) -> int | None:
    """Places in which two readings of one number differ; None for readings of two lengths
    (no figure-for-figure misread of each other)."""
    if len(a) != len(b):
        return None
    return sum(x != y for x, y in zip(a, b, strict=True))


def inn_valid(inn: str | None) -> bool:
    """ИНН of an organisation (10 digits) or of a person / ИП (12 digits)."""
    if not inn or not inn.isdigit():
        return False
    if len(inn) == 10:
        return _weighted(inn[:9], _INN10) == int(inn[9])
    if len(inn) == 12:
        return (_weighted(inn[:10], _INN12_A) == int(inn[10])
                and _weighted(inn[:11], _INN12_B) == int(inn[11]))
    return False


def kpp_valid(kpp: str | None) -> bool:
    """КПП has no check digit: only its shape can be checked."""
    return bool(kpp) and _KPP.match(kpp or "") is not None


def ogrn_valid(ogrn: str | None) -> bool:
    """ОГРН (13 digits, mod 11) or ОГРНИП (15 digits, mod 13)."""
    if not ogrn or not ogrn.isdigit():
        return False
    if len(ogrn) == 13:
        return int(ogrn[:12]) % 11 % 10 == int(ogrn[12])
    if len(ogrn) == 15:
        return int(ogrn[:14]) % 13 % 10 == int(ogrn[14])
    return False


def bik_valid(bik: str | None) -> bool:
    return bool(bik) and _BIK.match(bik or "") is not None


def _account_key_ok(prefix: str, account: str) -> bool:
    digits = prefix + account
    weights = (7, 1, 3) * 8
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 10 == 0


def settlement_account_valid(account: str | None, bik: str | None) -> bool:
    """Расчётный счёт: the control key over the last 3 digits of the БИК + the account."""
    if not account or not bik or len(account) != 20 or not account.isdigit() or not bik_valid(bik):
        return False
    return _account_key_ok(bik[-3:], account)


def corr_account_valid(account: str | None, bik: str | None) -> bool:
    """Корреспондентский счёт: the key over "0" + БИК digits 5–6 + the account."""
    if not account or not bik or len(account) != 20 or not account.isdigit() or not bik_valid(bik):
        return False
    return _account_key_ok("0" + bik[4:6], account)


def ean_ok(digits: str) -> bool:
    """The EAN-8/13 check digit: weights 3 and 1 from the right, the total a multiple of 10."""
    values = [int(c) for c in digits]
    body = sum(v * (3 if i % 2 == 0 else 1) for i, v in enumerate(reversed(values[:-1])))
    return (10 - body % 10) % 10 == values[-1]
