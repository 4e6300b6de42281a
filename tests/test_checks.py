"""Checks: checksums on known numbers, VAT rate by date, arithmetic with kopeck tolerance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from recognizers.card import Fields
from recognizers.checks.arithmetic import line_amount_ok, line_vat_ok, sum_ok
from recognizers.checks.checksums import (
    bik_valid,
    corr_account_valid,
    inn_valid,
    kpp_valid,
    ogrn_valid,
    settlement_account_valid,
)
from recognizers.checks.issues import date_issues, rate_issues, requisites_issues
from recognizers.checks.vat import general_rate, rate_valid_on
from recognizers.fields.requisites import best_inn


def test_inn_checksums() -> None:
    assert inn_valid("7707083893")  # Sberbank
    assert not inn_valid("7707083894")
    assert inn_valid("500100732259")  # a valid 12-digit ИНН
    assert not inn_valid("500100732250")
    assert not inn_valid("77070838")
    assert not inn_valid("77070838 3")


def test_ogrn_kpp_bik_accounts() -> None:
    assert ogrn_valid("1027700132195")  # Sberbank ОГРН
    assert not ogrn_valid("1027700132196")
    assert ogrn_valid("304500116000157")  # a valid ОГРНИП
    assert kpp_valid("773601001") and kpp_valid("7736AB001")
    assert not kpp_valid("77360100") and not kpp_valid("7736ab001")
    assert bik_valid("044525225") and not bik_valid("144525225")
    # Sberbank Moscow: БИК 044525225, к/с 30101810400000000225.
    assert corr_account_valid("30101810400000000225", "044525225")
    assert not corr_account_valid("30101810400000000226", "044525225")
    from ecm.corpus.checksums import settlement_prefix, with_account_key

    account = with_account_key(settlement_prefix("044525225"), "40702810038000000001")
    assert settlement_account_valid(account, "044525225")
    flipped = account[:-1] + str((int(account[-1]) + 1) % 10)
    assert not settlement_account_valid(flipped, "044525225")


def test_vat_rate_by_date() -> None:
    assert general_rate(dt.date(2025, 12, 31)) == "20"
    assert general_rate(dt.date(2026, 1, 1)) == "22"
    assert rate_valid_on("22", dt.date(2026, 3, 1))
    assert not rate_valid_on("22", dt.date(2025, 3, 1))
    assert not rate_valid_on("20", dt.date(2026, 3, 1))
    assert rate_valid_on("10", dt.date(2019, 1, 1)) and rate_valid_on("none", None)
    assert not rate_valid_on("5", dt.date(2024, 6, 1))
    assert rate_issues({"20"}, dt.date(2026, 2, 1))[0].code == "vat_rate_invalid"


def test_arithmetic_tolerance() -> None:
    assert line_amount_ok(Decimal("3"), Decimal("33.33"), Decimal("99.99"))
    assert line_amount_ok(Decimal("3"), Decimal("33.33"), Decimal("100.00"))
    assert not line_amount_ok(Decimal("3"), Decimal("33.33"), Decimal("100.01"))
    assert line_vat_ok(Decimal("100.00"), "20", Decimal("20.00"))
    assert line_vat_ok(Decimal("120.00"), "20", Decimal("20.00"), inside=True)
    assert not line_vat_ok(Decimal("100.00"), "22", Decimal("20.00"))
    assert sum_ok([Decimal("1.00"), Decimal("2.00")], Decimal("3.01"))
    assert not sum_ok([Decimal("1.00"), Decimal("2.00")], Decimal("3.05"))


def test_issues_in_russian() -> None:
    issues = requisites_issues(Fields(seller_inn="7707083894", buyer_kpp="12"))
    assert {i.code for i in issues} == {"inn_checksum", "kpp_format"}
    assert all("ИНН" in i.message or "КПП" in i.message for i in issues)
    assert date_issues(dt.date(1999, 12, 31))[0].code == "date_too_old"
    assert date_issues(dt.date(2030, 1, 1), today=dt.date(2026, 1, 1))[0].code == "date_in_future"


def test_inn_repair_only_when_one_swap_passes() -> None:
    assert best_inn("7707083893") == ("7707083893", False)
    assert best_inn("77O7O83893") == ("7707083893", False)
    repaired = best_inn("7707088893")  # 3 read as 8
    assert repaired is not None
    assert repaired[0] == "7707083893" or repaired[1] is False
