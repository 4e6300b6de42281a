"""The content of one document: parties, number, date, line items and totals."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from ecm.corpus import amounts, vocab
from ecm.corpus.requisites import Party, make_party

MONTHS_GEN = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря")


@dataclass
class Item:
    name: str
    unit: str
    okei: str
    qty: Decimal
    price: Decimal
    net: Decimal
    rate: str
    vat: Decimal
    gross: Decimal
    code: str
    qty_decimals: int | None


@dataclass
class Doc:
    doc_type: str
    upd_status: int | None
    number: str
    date: dt.date
    date_style: str
    seller: Party
    buyer: Party
    items: list[Item]
    vat_included: bool
    contract: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def total_net(self) -> Decimal:
        return sum((i.net for i in self.items), Decimal("0.00"))

    @property
    def total_vat(self) -> Decimal:
        return sum((i.vat for i in self.items), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return sum((i.gross for i in self.items), Decimal("0.00"))

    @property
    def rates(self) -> list[str]:
        return sorted({i.rate for i in self.items})

    @property
    def vat_rate_label(self) -> str:
        rates = self.rates
        return rates[0] if len(rates) == 1 else "mixed"

    def date_text(self, style: str | None = None) -> str:
        return fmt_date(self.date, style or self.date_style)


def fmt_date(date: dt.date, style: str) -> str:
    if style == "words":
        return f"{date.day} {MONTHS_GEN[date.month - 1]} {date.year} г."
    if style == "words0":
        return f"«{date.day:02d}» {MONTHS_GEN[date.month - 1]} {date.year} г."
    return date.strftime("%d.%m.%Y")


def make_number(rng: random.Random, date: dt.date) -> str:
    style = rng.random()
    n = rng.randint(1, 4999)
    yy = date.year % 100
    if style < 0.3:
        return str(n)
    if style < 0.5:
        return f"{rng.choice(('УТ', 'БП', 'ТД', 'КА', 'ЦБ'))}-{n:06d}"
    if style < 0.65:
        return f"{rng.choice('АБВСМ')}-{rng.randint(1, 99)}/{yy:02d}"
    if style < 0.8:
        return f"{n:011d}" if rng.random() < 0.3 else f"{n:05d}"
    if style < 0.9:
        return f"{n}/{yy:02d}"
    return f"{rng.choice(('СФ', 'Р', 'ПР'))}{n}-{yy:02d}"


def make_date(rng: random.Random) -> dt.date:
    start = dt.date(2024, 1, 9)
    span = (dt.date(2026, 6, 30) - start).days
    return start + dt.timedelta(days=rng.randint(0, span))


def _choose_rate_plan(rng: random.Random, date: dt.date, seller: Party) -> tuple[str, float]:
    """Pick the document's VAT regime; the float is the share of 10% goods for 'mixed'."""
    general = amounts.general_rate(date)
    roll = rng.random()
    if seller.kind == "ip" and roll < 0.5:
        return amounts.NO_VAT, 0.0
    if roll < 0.58:
        return general, 0.0
    if roll < 0.68:
        return "10", 0.0
    if roll < 0.76:
        return "mixed", 0.5
    if roll < 0.84:
        return amounts.NO_VAT, 0.0
    if roll < 0.89 and date.year >= 2025:
        return rng.choice(("5", "7")), 0.0
    if roll < 0.93:
        return "0", 0.0
    return general, 0.0


def _pick_catalog(rng: random.Random, services: bool, rate: str) -> tuple[str, str, str,
                                                                        tuple[int, int], bool,
                                                                        bool]:
    if services:
        name, unit, okei, prices = rng.choice(vocab.SERVICES)
        return name, unit, okei, prices, False, False
    if rate in ("10", "20", "22"):
        # Reduced-rate goods only on 10% lines, and never at the general rate.
        return rng.choice([g for g in vocab.GOODS if g[4] == (rate == "10")])
    return rng.choice(vocab.GOODS)


def make_items(rng: random.Random, date: dt.date, seller: Party, services: bool,
               vat_included: bool, count: int, forced: str | None = None) -> list[Item]:
    plan, food_share = _choose_rate_plan(rng, date, seller)
    if forced is not None:
        plan = forced
    general = amounts.general_rate(date)
    items: list[Item] = []
    for _ in range(count):
        rate = plan
        if plan == "mixed":
            rate = "10" if rng.random() < food_share else general
        name, unit, okei, (lo, hi), _food, fractional = _pick_catalog(rng, services, rate)
        if fractional and rng.random() < 0.6:
            qty = Decimal(rng.randint(100, 250000)) / 1000
            decimals: int | None = 3
        else:
            qty = Decimal(rng.choice((1, 1, 1, 2, 2, 3, 4, 5, 6, 10, 12, 20, 24, 50, 100)))
            decimals = None
        price = amounts.money(Decimal(rng.randint(lo * 100, hi * 100)) / 100)
        items.append(_priced(name, unit, okei, qty, price, rate, vat_included, decimals, rng))
    if plan == "mixed" and len({i.rate for i in items}) == 1 and len(items) > 1:
        # A "mixed" document must really carry two rates.
        other = general if items[0].rate == "10" else "10"
        first = items[0]
        items[0] = _priced(first.name, first.unit, first.okei, first.qty, first.price, other,
                           vat_included, first.qty_decimals, rng)
    return items


def _priced(name: str, unit: str, okei: str, qty: Decimal, price: Decimal, rate: str,
            vat_included: bool, decimals: int | None, rng: random.Random) -> Item:
    line = amounts.money(qty * price)
    if vat_included:
        vat = amounts.vat_inside(line, rate)
        net, gross = line - vat, line
    else:
        vat = amounts.vat_on_top(line, rate)
        net, gross = line, line + vat
    code = rng.choice(("", "", f"{rng.randint(10000, 99999)}", f"АРТ-{rng.randint(100, 9999)}"))
    return Item(name, unit, okei, qty, price, net, rate, vat, gross, code, decimals)


def make_doc(rng: random.Random, doc_type: str) -> Doc:
    date = make_date(rng)
    seller = make_party(rng, 0.25)
    buyer = make_party(rng, 0.12)
    services = doc_type == "act" or (doc_type in ("upd", "payment_invoice", "vat_invoice")
                                     and rng.random() < 0.3)
    vat_included = doc_type in ("act", "payment_invoice") and rng.random() < 0.7
    weights = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 22, 26, 30)
    count = rng.choice(weights[:6]) if rng.random() < 0.7 else rng.choice(weights)
    status = rng.choice((1, 1, 2)) if doc_type == "upd" else None
    # Status 2 is what a seller outside VAT issues, so it mostly carries "Без НДС".
    forced = amounts.NO_VAT if status == 2 and rng.random() < 0.7 else None
    items = make_items(rng, date, seller, services, vat_included, count, forced)
    contract_date = date - dt.timedelta(days=rng.randint(10, 600))
    contract_no = (f"{rng.choice(('', 'ДП-', 'П-'))}{rng.randint(1, 250)}"
                   f"{rng.choice(('', '/' + str(contract_date.year % 100)))}")
    contract = f"Договор № {contract_no} от {contract_date.strftime('%d.%m.%Y')}"
    doc = Doc(
        doc_type=doc_type, upd_status=status, number=make_number(rng, date), date=date,
        date_style=rng.choice(("words", "words", "digits", "words0")), seller=seller,
        buyer=buyer, items=items, vat_included=vat_included, contract=contract,
    )
    _extras(rng, doc, contract_no, contract_date)
    return doc


def _extras(rng: random.Random, doc: Doc, contract_no: str, contract_date: dt.date) -> None:
    from ecm.corpus.requisites import make_person

    d = doc.date.strftime("%d.%m.%Y")
    doc.extra.update({
        "contract_no": contract_no, "contract_date": contract_date.strftime("%d.%m.%Y"),
        "shipping": (f"№ п/п 1-{len(doc.items)} № {doc.number} от {d}"
                     if doc.date < dt.date(2024, 10, 1) or rng.random() < 0.5
                     else f"УПД № {doc.number} от {d}"),
        "storekeeper": make_person(rng).short,
        "proxy": rng.choice(("", "", f"{rng.randint(1, 300)} от {d}")),
        "transport": rng.choice(("", "", f"Транспортная накладная № {rng.randint(1, 999)} "
                                 f"от {d}")),
        "payment_doc": rng.choice(("--", "--", f"{rng.randint(1, 999)} от {d}")),
    })
    if rng.random() < 0.4:
        doc.extra["consignor_same"] = "1"
