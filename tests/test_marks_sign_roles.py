"""Roles read from captions: a party's requisites line names a role but captions no blank."""

from __future__ import annotations

from recognizers.marks.roles import signature_role
from recognizers.page import Word

PPM = 11.8  # page pixels per mm at 300 dpi


def _line(text: str, x: float, y: float, line: int) -> list[Word]:
    out = []
    for word in text.split():
        w = 22.0 * len(word)
        out.append(Word(word, x, y, w, 36.0, 0.95, line))
        x += w + 14
    return out


def test_ink_over_a_partys_requisites_line_gets_no_role() -> None:
    words = _line("Индивидуальный предприниматель Макаров Андрей Сергеевич, ИНН 590453959741,"
                  " 614806, Пермский край", 100, 1000, 0)
    assert signature_role((1100, 990, 350, 45), words, PPM) is None


def test_entrepreneurs_blank_caption_still_gives_the_role() -> None:
    words = _line("Индивидуальный предприниматель", 100, 1000, 0)
    assert signature_role((900, 990, 300, 60), words, PPM) == \
        "индивидуальный предприниматель"
