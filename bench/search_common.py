"""Shared parts of the search benchmarks: vocabulary, synthetic rows, the query mix, timing."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from archive.search import SearchQuery

# Word forms on purpose: queries use other forms than the text ("накладной" / "накладная").
COMMON = [
    "товар",
    "товары",
    "товаров",
    "поставка",
    "поставки",
    "поставку",
    "договор",
    "договора",
    "договору",
    "счет",
    "счета",
    "оплата",
    "оплаты",
    "сумма",
    "сумму",
    "ндс",
    "итого",
    "всего",
    "количество",
    "цена",
    "услуги",
    "услуг",
    "работы",
    "работ",
    "акт",
    "акта",
    "накладная",
    "накладной",
    "покупатель",
    "продавец",
    "поставщик",
    "грузополучатель",
    "основание",
]
RARE = [
    "кабель",
    "трансформатор",
    "подшипник",
    "цемент",
    "арматура",
    "краска",
    "бумага",
    "картридж",
    "ноутбук",
    "монитор",
    "сервер",
    "коммутатор",
    "дизель",
    "бензин",
    "масло",
    "шины",
    "аккумулятор",
    "насос",
    "клапан",
    "редуктор",
    "станок",
    "фреза",
    "сверло",
    "перчатки",
    "каска",
    "спецодежда",
    "светильник",
    "лампа",
    "провод",
    "щит",
    "автомат",
    "рубильник",
    "счетчик",
    "датчик",
    "контроллер",
    "модуль",
    "стеллаж",
    "шкаф",
    "стол",
    "кресло",
    "вода",
    "кофе",
    "чай",
    "сахар",
    "уголь",
    "щебень",
    "песок",
    "доска",
    "брус",
    "фанера",
    "утеплитель",
    "профиль",
    "лист",
    "труба",
    "уголок",
    "швеллер",
    "балка",
]
NAMES = [f"ООО «{w.capitalize()}{i}»" for i, w in enumerate(RARE * 4)]
DOC_TYPES = ["upd", "torg12", "vat_invoice", "act", "payment_invoice", "other"]
CASES = ["05-11", "05-12", "05-12", "05-10", "05-13", "05-99"]
WORDS_PER_ROW = 40


def inn_for(i: int) -> str:
    return f"77{i:08d}"


def query_mix(rng: random.Random, years: tuple[int, int]) -> list[tuple[str, SearchQuery]]:
    """One round of the mix: what an auditor types, with and without filters."""
    rare = rng.choice(RARE)
    year = rng.randint(*years)
    month = rng.randint(1, 12)
    start = dt.date(year, month, 1)
    end = start + dt.timedelta(days=30)
    inn = inn_for(rng.randrange(len(NAMES)))
    return [
        ("common word", SearchQuery(q=rng.choice(["накладной", "поставка", "договору"]))),
        ("rare word", SearchQuery(q=rare)),
        ("two words", SearchQuery(q=f"{rare} {rng.choice(RARE)}")),
        ("word + INN", SearchQuery(q=rng.choice(COMMON), inn=inn)),
        ("word + doc month", SearchQuery(q=rare, date_from=start, date_to=end)),
        (
            "common + type + case",
            SearchQuery(
                q="поставки", doc_type="torg12", case_index="05-12", reg_from=start, reg_to=end
            ),
        ),
        ("INN + sum range", SearchQuery(inn=inn, sum_min=Decimal(1000), sum_max=Decimal(500000))),
        ("counterparty name", SearchQuery(counterparty=rng.choice(NAMES)[5:12])),
        ("filters only, page 3", SearchQuery(doc_type="act", reg_from=start, page=3)),
    ]


def run_mix(
    execute: Callable[[SearchQuery], Any], *, rounds: int, seed: int, years: tuple[int, int]
) -> dict[str, Any]:
    rng = random.Random(seed)
    timings: dict[str, list[float]] = {}
    for _ in range(rounds):
        for name, query in query_mix(rng, years):
            started = time.perf_counter()
            execute(query)
            timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    every = [t for values in timings.values() for t in values]
    return {
        "queries": len(every),
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(_p95(every), 1),
        "max_ms": round(max(every), 1),
        "by_kind": {
            k: {"p50_ms": round(statistics.median(v), 1), "p95_ms": round(_p95(v), 1)}
            for k, v in timings.items()
        },
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def print_report(title: str, result: dict[str, Any]) -> None:
    print(f"\n{title}")
    print(
        f"  all {result['queries']} queries: p50 {result['p50_ms']} ms, "
        f"p95 {result['p95_ms']} ms, max {result['max_ms']} ms"
    )
    for kind, figures in result["by_kind"].items():
        print(f"  {kind:<24} p50 {figures['p50_ms']:>8} ms   p95 {figures['p95_ms']:>8} ms")
