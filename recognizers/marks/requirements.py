"""Which signatures and seals each form needs, and the card issues when they are missing."""

from __future__ import annotations

from recognizers.card import Card, CardIssue

# Each requirement is satisfied by any one of its alternatives (a role set all present).
# Transfer documents need both sides: who handed the goods over and who took them, as
# ТОРГ-12's "груз принял" (УПД's [10] and [15] lines).
REQUIRED: dict[str, tuple[tuple[frozenset[str], ...], ...]] = {
    "upd1": ((frozenset({"руководитель", "главный бухгалтер"}),
              frozenset({"индивидуальный предприниматель"})),
             (frozenset({"товар передал"}),), (frozenset({"товар получил"}),)),
    "upd2": ((frozenset({"товар передал"}),), (frozenset({"товар получил"}),)),
    "vat_invoice": ((frozenset({"руководитель", "главный бухгалтер"}),
                     frozenset({"индивидуальный предприниматель"})),),
    "torg12": ((frozenset({"отпуск разрешил"}),), (frozenset({"груз принял"}),)),
    "act": ((frozenset({"исполнитель"}),), (frozenset({"заказчик"}),)),
    "payment_invoice": ((frozenset({"руководитель"}),
                         frozenset({"индивидуальный предприниматель"})),),
}
NEEDS_SEAL = frozenset({"torg12", "act"})


def _form(card: Card) -> str:
    if card.doc_type == "upd":
        return "upd2" if card.upd_status == 2 else "upd1"
    return card.doc_type


def missing_marks(card: Card) -> list[CardIssue]:
    form = _form(card)
    signed = {s.role for s in card.marks.signatures if s.role}
    issues: list[CardIssue] = []
    for alternatives in REQUIRED.get(form, ()):
        if any(alt <= signed for alt in alternatives):
            continue
        wanted = " или ".join(" и ".join(sorted(alt)) for alt in alternatives)
        issues.append(CardIssue(code="missing_signature", field=None,
                                message=f"Нет обязательной подписи: {wanted}."))
    # An office stamp ("Получено", "Копия верна") is not the seal that М.П. asks for.
    if form in NEEDS_SEAL and not any(s.kind != "rectangular" for s in card.marks.stamps):
        issues.append(CardIssue(code="missing_stamp", field=None,
                                message="На документе не найдена печать (М.П.)."))
    return issues
