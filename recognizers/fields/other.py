"""Documents of no primary class: only what such a page really carries (number, date, and
for a contract the parties' full names before "именуемое в дальнейшем")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from recognizers.fields.layout import Line
from recognizers.fields.parties import tidy_name
from recognizers.textnorm import fold_keep

_SELLER_ROLES = ("поставщик", "продавец", "исполнитель", "подрядчик", "арендодатель")
_BUYER_ROLES = ("покупатель", "заказчик", "арендатор", "плательщик")
# The role is a role's word, a scan's speck or two before it at most ("именуемое в дальнейшем
# у «Поставщик»": a speck line read between the two lines is no role).
_NAMED = re.compile(r"(?P<name>(?:общество|акционерное|публичное|индивидуальный)[^,]{3,120}?)\s*,"
                    r"\s*именуем[а-я]*\s+в\s+дальнейшем\W{0,3}(?:[а-яa-z]{1,2}\W{1,3})?"
                    r"(?P<role>" + "|".join(_SELLER_ROLES + _BUYER_ROLES) + ")")


def contract_parties(lines: Sequence[Line]) -> dict[str, str]:
    text = " ".join(ln.text for ln in lines[:60])
    folded = fold_keep(text)
    out: dict[str, str] = {}
    for match in _NAMED.finditer(folded):
        role = "seller" if match.group("role").startswith(_SELLER_ROLES) else "buyer"
        out.setdefault(role, tidy_name(text[match.start("name"):match.end("name")]))
    return out


# "…, именуемое в дальнейшем «Поставщик»": a contract names its parties in roles (a power of
# attorney's "в лице …, действующего на основании" names no seller or buyer).
_PARTY_INTRO = re.compile(r"в\s+дальнейшем|[«\"](?:поставщик|покупатель|продавец|исполнитель|"
                          r"заказчик|подрядчик|арендодатель|арендатор)[»\"]")


def parties_named(lines: Sequence[Line]) -> bool:
    """Whether the first lines introduce the parties by name (so a name not read was lost)."""
    return _PARTY_INTRO.search(fold_keep(" ".join(ln.text for ln in lines[:60]))) is not None
