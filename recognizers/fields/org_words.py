"""Words Russian organisations build their names of: a quoted name is checked against them,
since OCR misreads one letter of a common word ("Гоупп" for Групп, "Погистик" for Логистик)
and the result still looks like a name. A word one letter away from a known one, and not
itself known, is a misread until a person has looked; any other word is left alone, since
names are an open vocabulary."""

from __future__ import annotations

import re
from functools import cache

WORDS = (
    "Агро Авто Автоматика Альфа Альянс Арсенал Атлант Бизнес Бумага Вектор Велес Волга "
    "Восток Гамма Гарант Горизонт Гранд Гранит Групп Группа Дельта Диалог Дизайн Дом Запад "
    "Звезда Зеленый Инвест Инжиниринг Инженерные Индустрия Инновации Инфо Капитал Карго "
    "Квадрат Клин Комплекс Комплект Компания Консалт Консалтинг Континент Кристалл Лидер "
    "Логистик Логистика Логистикс Маркет Мастер Медиа Мегаполис Меридиан Металл Мир Монолит "
    "Монтаж Нева Норд Оптима Оптим Офис Партнер Партнеры Плюс Поволжье Полимер Поле Проект "
    "Прогресс Продукт Пром Профи Профит Регион Ресурс Решения Ромашка Русское Русь Север "
    "Северный Сервис Сибирь Сибирская Сибирский Систем Системы Снаб Снабжение Союз Софт "
    "Спектр Стандарт Стар Старт Строй Стройка Сфера Техно Технологии Технопарк Торг Трейд "
    "Трейдинг Транзит Транс Урал Успех Феникс Финанс Форум Химпром Центр Экспресс Электро "
    "Элемент Энерго Эталон Южный Юнион"
)

_PARTS = re.compile(r"[А-ЯЁ][а-яё]+|[а-яё]+")
MIN_LEN = 5  # shorter words are one letter away from too many others


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@cache
def _known() -> frozenset[str]:
    return frozenset(_fold(w) for w in WORDS.split())


def _one_off(word: str, known: str) -> bool:
    return len(word) == len(known) and sum(a != b for a, b in zip(word, known, strict=True)) == 1


def misread_word(word: str) -> bool:
    """A word (or a part of a compound such as "ТехноСервис") one letter off a known word."""
    known = _known()
    for part in _PARTS.findall(word):
        folded = _fold(part)
        if len(folded) < MIN_LEN or folded in known:
            continue
        if any(_one_off(folded, k) for k in known if len(k) == len(folded)):
            return True
    return False


def misread_name(inner: str) -> bool:
    """Whether any word of an organisation's quoted name looks like a misread common word."""
    return any(misread_word(w) for w in re.split(r"[\s\-]+", inner) if w)
