"""Per-document typographic choices: font family, body size, margins, column jitter."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from ecm.corpus.fonts import FAMILY_WEIGHTS, FontPair, register_all
from ecm.corpus.layouts.sheet import MM


@dataclass(frozen=True)
class Style:
    fonts: FontPair
    size: float
    margin_l: float
    margin_t: float
    margin_r: float
    margin_b: float
    jitter: tuple[float, ...]
    line_w: float
    money_sep: str
    seed: int

    def widths(self, base: Sequence[float], total: float) -> list[float]:
        """Scale nominal column widths by this style's jitter so they sum to ``total``."""
        raw = [w * self.jitter[i % len(self.jitter)] for i, w in enumerate(base)]
        k = total / sum(raw)
        return [w * k for w in raw]


def make_style(rng: random.Random) -> Style:
    fams = register_all()
    names = list(FAMILY_WEIGHTS)
    family = rng.choices(names, weights=[FAMILY_WEIGHTS[n] for n in names])[0]
    return Style(
        fonts=fams[family],
        size=rng.choice((7.0, 7.5, 8.0, 8.0, 8.5, 9.0)),
        margin_l=rng.uniform(8, 22) * MM,
        margin_t=rng.uniform(7, 15) * MM,
        margin_r=rng.uniform(6, 12) * MM,
        margin_b=rng.uniform(8, 14) * MM,
        jitter=tuple(rng.uniform(0.88, 1.14) for _ in range(24)),
        line_w=rng.choice((0.4, 0.5, 0.5, 0.6, 0.75)),
        money_sep=rng.choice(("\u00a0", "\u00a0", " ", "")),
        seed=rng.randrange(2**31),
    )
