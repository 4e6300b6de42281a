"""Russian given names and the patronymics made from them: an ИП's full name is checked
against them, since OCR misreads one letter of a name ("Миханл", "Владимиоович") and the
result still looks like a name. A name outside these lists is not rejected, only not trusted
without a person's look."""

from __future__ import annotations

from functools import cache


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MALE = _names(
    "Александр Алексей Анатолий Андрей Антон Аркадий Арсений Артём Артур Богдан Борис Вадим "
    "Валентин Валерий Василий Вениамин Виктор Виталий Владимир Владислав Всеволод Вячеслав "
    "Геннадий Георгий Герман Глеб Григорий Давид Даниил Денис Дмитрий Евгений Егор Емельян "
    "Захар Иван Игнат Игорь Илья Иннокентий Иосиф Кирилл Климент Константин Лев Леонид "
    "Макар Максим Марат Марк Матвей Мирон Михаил Назар Никита Николай Олег Остап Павел Пётр "
    "Платон Прохор Радик Ренат Роберт Родион Роман Ростислав Рустам Руслан Савелий Святослав "
    "Семён Серафим Сергей Станислав Степан Тарас Тимофей Тимур Трофим Фёдор Филипп Эдуард "
    "Эльдар Юлиан Юрий Яков Ян Ярослав"
)

FEMALE = _names(
    "Ада Алевтина Александра Алина Алиса Алла Альбина Анастасия Ангелина Анжела Анна "
    "Антонина Арина Валентина Валерия Варвара Василиса Вера Вероника Виктория Виолетта "
    "Галина Дарина Дарья Диана Ева Евгения Екатерина Елена Елизавета Жанна Зинаида Злата Зоя "
    "Илона Инга Инна Ирина Камилла Карина Кира Клавдия Кристина Ксения Лариса Лейла Лиана "
    "Лидия Лилия Любовь Людмила Майя Маргарита Марина Мария Милана Надежда Наталия Наталья "
    "Нелли Ника Нина Оксана Олеся Ольга Полина Раиса Регина Римма Роза Светлана Снежана "
    "София Софья Стефания Таисия Тамара Татьяна Ульяна Эвелина Элина Эльвира Юлия Яна "
    "Ярослава"
)

# Patronymics that no rule below makes.
_IRREGULAR = {"Михаил": "Михайлов", "Лев": "Львов", "Павел": "Павлов", "Пётр": "Петров",
              "Яков": "Яковлев"}


def _fold(word: str) -> str:
    return word.replace("ё", "е").replace("Ё", "Е")


def _patronymics(name: str) -> tuple[str, ...]:
    if name in _IRREGULAR:
        stem = _IRREGULAR[name]
        return stem + "ич", stem + "на"
    if name == "Илья":
        return "Ильич", "Ильинична"
    if name.endswith("ий"):
        base = name[:-2]
        ends = ("иевич", "иевна") if base[-1] in "гкх" else ("ьевич", "ьевна", "иевич", "иевна")
        return tuple(base + end for end in ends)
    if name.endswith(("ей", "ай", "ь")):
        return name[:-1] + "евич", name[:-1] + "евна"
    if name.endswith(("а", "я")):
        return name[:-1] + "ич", name[:-1] + "ична"
    return name + "ович", name + "овна"


@cache
def _known() -> tuple[frozenset[str], frozenset[str]]:
    given = frozenset(_fold(n) for n in (*MALE, *FEMALE))
    patronymics = frozenset(_fold(p) for n in MALE for p in _patronymics(n))
    return given, patronymics


def known_person(name: str, patronymic: str) -> bool:
    """A given name and a patronymic that both exist (ё and е alike)."""
    given, patronymics = _known()
    return _fold(name) in given and _fold(patronymic) in patronymics
