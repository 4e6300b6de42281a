"""Companies and sole traders with requisites that pass their real checksums."""

from __future__ import annotations

import random
from dataclasses import dataclass

from ecm.corpus import checksums, vocab


@dataclass(frozen=True)
class Person:
    surname: str
    name: str
    patronymic: str

    @property
    def short(self) -> str:
        return f"{self.surname} {self.name[0]}.{self.patronymic[0]}."

    @property
    def short_first(self) -> str:
        return f"{self.name[0]}.{self.patronymic[0]}. {self.surname}"

    @property
    def full(self) -> str:
        return f"{self.surname} {self.name} {self.patronymic}"


@dataclass(frozen=True)
class Bank:
    name: str
    city: str
    bik: str
    corr: str

    @property
    def printed(self) -> str:
        return f"{self.name} {self.city}"


@dataclass(frozen=True)
class Party:
    """An organisation or ИП; ``name`` is how this document prints it (truth uses it)."""

    kind: str  # "ul" or "ip"
    name: str
    full_name: str
    inn: str
    kpp: str | None
    ogrn: str
    address: str
    phone: str
    bank: Bank
    account: str
    head: Person
    head_title: str
    accountant: Person
    city: str
    bare_name: str

    @property
    def inn_kpp(self) -> str:
        return f"{self.inn}/{self.kpp}" if self.kpp else self.inn


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def make_person(rng: random.Random) -> Person:
    female = rng.random() < 0.4
    sur = rng.choice(vocab.SURNAMES)[1 if female else 0]
    first = rng.choice(vocab.FEMALE_NAMES if female else vocab.MALE_NAMES)
    patr = rng.choice(vocab.PATRONYMICS)[1 if female else 0]
    return Person(sur, first, patr)


def make_bank(rng: random.Random) -> Bank:
    name, city, bik = rng.choice(vocab.BANKS)
    corr = checksums.with_account_key(
        checksums.corr_prefix(bik), "30101810" + "0" + "00000000" + bik[-3:]
    )
    return Bank(name, city, bik, corr)


def make_account(rng: random.Random, bank: Bank, ip: bool) -> str:
    head = "40802" if ip else rng.choice(("40702", "40702", "40702", "40701"))
    raw = head + "810" + "0" + _digits(rng, 11)
    return checksums.with_account_key(checksums.settlement_prefix(bank.bik), raw)


def make_address(rng: random.Random, city: tuple[str, str, tuple[str, ...], str, str]) -> str:
    name, _region, _offices, post, region_name = city
    postcode = post + _digits(rng, 6 - len(post))
    house = f"д. {rng.randint(1, 180)}"
    if rng.random() < 0.4:
        house += rng.choice((f", стр. {rng.randint(1, 9)}", f", корп. {rng.randint(1, 5)}"))
    tail = rng.choice(("", f", офис {rng.randint(1, 450)}", f", пом. {rng.choice('IVX')}",
                       f", эт. {rng.randint(1, 12)}, оф. {rng.randint(1, 40)}"))
    return f"{postcode}, {region_name}{name}, {rng.choice(vocab.STREETS)}, {house}{tail}"


def _quote(rng: random.Random, word: str) -> str:
    return rng.choice((f"«{word}»", f"«{word}»", f'"{word}"'))


def make_org(rng: random.Random) -> Party:
    city = rng.choice(vocab.CITIES)
    office = rng.choice(city[2])
    inn = checksums.complete_inn10(office + _digits(rng, 5))
    reason = rng.choice(("01", "01", "01", "01", "43", "45"))
    kpp = office + reason + rng.choice(("001", "001", "002", "003"))
    year = rng.randint(2, 24)
    ogrn = checksums.complete_ogrn(
        rng.choice("15") + f"{year:02d}" + city[1] + office[2:] + _digits(rng, 5)
    )
    form = rng.choice(("ООО", "ООО", "ООО", "ООО", "АО", "ПАО"))
    word = rng.choice(vocab.NAME_WORDS)
    quoted = _quote(rng, word)
    bank = make_bank(rng)
    return Party(
        kind="ul", name=f"{form} {quoted}", full_name=f"{vocab.FORMS[form]} {quoted}",
        inn=inn, kpp=kpp, ogrn=ogrn, address=make_address(rng, city), phone=_phone(rng),
        bank=bank, account=make_account(rng, bank, False), head=make_person(rng),
        head_title=rng.choice(vocab.DIRECTOR_TITLES), accountant=make_person(rng),
        city=city[0], bare_name=word,
    )


def make_ip(rng: random.Random) -> Party:
    city = rng.choice(vocab.CITIES)
    office = rng.choice(city[2])
    inn = checksums.complete_inn12(office + _digits(rng, 6))
    year = f"{rng.randint(4, 25):02d}"
    ogrnip = checksums.complete_ogrnip("3" + year + city[1] + _digits(rng, 9))
    person = make_person(rng)
    style = rng.random()
    if style < 0.5:
        name = f"ИП {person.full}"
    elif style < 0.8:
        name = f"Индивидуальный предприниматель {person.full}"
    else:
        name = f"ИП {person.short}"
    bank = make_bank(rng)
    return Party(
        kind="ip", name=name, full_name=f"Индивидуальный предприниматель {person.full}",
        inn=inn, kpp=None, ogrn=ogrnip, address=make_address(rng, city), phone=_phone(rng),
        bank=bank, account=make_account(rng, bank, True), head=person,
        head_title="Индивидуальный предприниматель", accountant=person, city=city[0],
        bare_name=person.full,
    )


def make_party(rng: random.Random, ip_share: float = 0.2) -> Party:
    return make_ip(rng) if rng.random() < ip_share else make_org(rng)


def _phone(rng: random.Random) -> str:
    code = rng.choice(("495", "499", "812", "343", "843", "383", "831", "846", "861"))
    return f"+7 ({code}) {_digits(rng, 3)}-{_digits(rng, 2)}-{_digits(rng, 2)}"
