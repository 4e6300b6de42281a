"""Whose seal is it: the ИНН read from a seal against the parties' ИНН on the card."""

from __future__ import annotations

from recognizers.card import Card, CardIssue
from recognizers.checks.checksums import figures_apart, inn_valid

# A seal's ИНН misread in one or two digits can still pass its single check digit by chance
# (about one time in ten), and so can the card's own ИНН: only a number that differs from
# both parties' in more digits than that is another company's.
MIN_DIGITS_APART = 3


def _apart(a: str, b: str) -> int:
    apart = figures_apart(a, b)
    return len(a) + len(b) if apart is None else apart


def seal_mismatches(card: Card) -> list[CardIssue]:
    """``stamp_mismatch`` for each seal whose ИНН belongs to neither party. Both parties'
    ИНН must be known and valid: with one of them missing the seal may well be its."""
    parties = [card.fields.seller_inn, card.fields.buyer_inn]
    if not all(inn_valid(p) for p in parties):
        return []
    known = [p for p in parties if p]
    issues: list[CardIssue] = []
    for stamp in card.marks.stamps:
        inn = stamp.inn
        if not inn or not inn_valid(inn):
            continue
        if min(_apart(inn, p) for p in known) < MIN_DIGITS_APART:
            continue
        issues.append(CardIssue(
            code="stamp_mismatch", field=None,
            message=(f"Печать на стр. {stamp.page} с ИНН {inn} не принадлежит ни продавцу "
                     f"(ИНН {known[0]}), ни покупателю (ИНН {known[1]}).")))
    return issues
