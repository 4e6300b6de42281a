"""Check digits of Russian requisites (ИНН, ОГРН, ОГРНИП, bank account key).

The generator computes check digits with these functions; the tests verify them with an
independent implementation written from the domain README.
"""

from __future__ import annotations

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_A = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_B = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_ACCOUNT_WEIGHTS = (7, 1, 3)


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def complete_inn10(first9: str) -> str:
    return first9 + str(_weighted(first9, _INN10))


def complete_inn12(first10: str) -> str:
    c11 = _weighted(first10, _INN12_A)
    c12 = _weighted(first10 + str(c11), _INN12_B)
    return f"{first10}{c11}{c12}"


def complete_ogrn(first12: str) -> str:
    return first12 + str(int(first12) % 11 % 10)


def complete_ogrnip(first14: str) -> str:
    return first14 + str(int(first14) % 13 % 10)


def _account_sum(prefix: str, account: str) -> int:
    digits = prefix + account
    return sum(int(d) * _ACCOUNT_WEIGHTS[i % 3] for i, d in enumerate(digits))


def with_account_key(prefix: str, account: str) -> str:
    """Return ``account`` with its 9th digit (the key) set so the control sum is 0 mod 10."""
    zeroed = account[:8] + "0" + account[9:]
    # The key digit has weight 3 (position 12 of 23); 3*7 = 21 = 1 mod 10 inverts it.
    key = (10 - (_account_sum(prefix, zeroed) % 10)) * 7 % 10
    return account[:8] + str(key) + account[9:]


def account_key_ok(prefix: str, account: str) -> bool:
    return _account_sum(prefix, account) % 10 == 0


def settlement_prefix(bik: str) -> str:
    return bik[-3:]


def corr_prefix(bik: str) -> str:
    return "0" + bik[4:6]
