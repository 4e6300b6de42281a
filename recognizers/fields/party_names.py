"""Party names as printed and as OCR reads them: tidying, and refusing readings that are not a
name ("ООО score Lowe", "(200 >munpow", "ИП Bewee Виктор Cops ccoms").

A name is shown only when it has the shape every party name on these forms has: a legal form
and a quoted name, or ИП / a person's full name. A damaged reading is dropped, not shown: an
empty field asks for review, a wrong one may pass unnoticed.
"""

from __future__ import annotations

import re

from recognizers.textnorm import fold_keep

# Quotes as printed or as OCR reads them (a blurred « can come out ` or ‘).
_QUOTES = str.maketrans({"“": "\"", "”": "\"", "„": "\"", "`": "\"", "‘": "\"", "’": "\""})
_LOOKALIKE = str.maketrans(dict(zip("AOPCEHKMTXBaopcexy", "АОРСЕНКМТХВаорсеху", strict=True)))
# A form's row tag after the value: (2), (6), read by OCR as (2а), (ба), [6) and the like.
_TAG = re.compile(r"\s*[\(\[{|]\s*[\dбзб]{1,2}\s*[а-яa-z]?\s*[\)\]}|]?\s*$")


def _cyrillic_word(word: str) -> str:
    """OCR writes the Cyrillic ООО, АО, ПАО with Latin look-alikes; organisation names here are
    Cyrillic, so a word of look-alikes or a word mixing both scripts becomes Cyrillic."""
    latin = re.findall(r"[A-Za-z]", word)
    if not latin:
        return word
    cyr = re.search(r"[А-Яа-яЁё]", word)
    if cyr or (all(ch in "AOPCEHKMTXBaopcexy" for ch in latin) and len(word) <= 4):
        return word.translate(_LOOKALIKE)
    return word


# A legal form whose О letters OCR read as zeros ("000 «Ромашка»"): no name starts with digits.
# "ПАО" whose П OCR read as M or N ("MAO «СтройМаркет»"): no other form reads so.
_FORMS = {"ооо": "ООО", "ао": "АО", "пао": "ПАО", "зао": "ЗАО", "оао": "ОАО", "мао": "ПАО",
          "nао": "ПАО", "ло": "АО"}
_P_AS_M = re.compile(r"^[MNМ][AА][OО0]$")


def _legal_form(word: str) -> str:
    return _FORMS.get(word.replace("0", "о").lower().translate(_LOOKALIKE).lower(), word)


def tidy_name(name: str, ocr: bool = False) -> str:
    """The name as printed, its form and quotes as the scorer compares them; ``ocr``: an OCR
    reading, whose specks after the name are cut too (``_without_specks``)."""
    name = re.sub(r"\s+", " ", name).strip(" ,:;-_—|")
    # A speck before the name read as a token of its own ("` 000 «Химпром»").
    name = re.sub(r"^(?:[^\w«\"“„]{1,2}\s+)+", "", name)
    name = _TAG.sub("", name)
    if ocr:
        name = _TAG.sub("", _without_specks(name)).strip(" ,:;-_—|")
    words = [_cyrillic_word(w) for w in name.split()]
    # "ЛО «Ромашка»": the А of АО read as Л (no form reads so).
    if words and ("0" in words[0] or _P_AS_M.match(words[0]) or words[0] in ("ЛО", "ЛO")):
        words[0] = _legal_form(words[0])
    name = " ".join(words).translate(_QUOTES)
    # An opening quote read twice ('ПАО ""Интерлинк"'); a doubled closing one may be nested
    # quotes ('АО "Фирма "Мелодия""') and stays.
    name = re.sub(r"^(\S+\s+)([\"«])\2", r"\1\2", name)
    return name.strip(" ,:;-_—|")


def _without_specks(name: str) -> str:
    """An OCR reading less the specks after the name: Latin scraps or marks ("ИП Петров П.Н.
    a :"), Latin words after the closing quote ('ПАО "Бизнес Консалт" seas `'), a number
    after a patronymic or an initial ("… Татьяна Сергеевна 2571"; "«Прогресс» 000" is the
    legal form read after the quotes, as zeros). Printed names (a text layer) keep theirs."""
    name = re.sub(r"(?:\s+[A-Za-z:;,|_'—-]{1,2})+$", "", name)
    name = re.sub(r"(?<=[»\"”])(?:\s+[a-z]+[^\w\s]*|\s+[^\w\s]{1,2})+$", "", name)
    return re.sub(r"(вич|вна|чна|[А-ЯЁ]\.)\s+\d{1,4}$", r"\1", name)


def name_key(name: str) -> str:
    """Compare names as the scorer does: quotes alike, case and spaces ignored."""
    folded = fold_keep(name)
    return re.sub(r"[\s\"«»“”']", "", folded)


_ORG_FORMS = ("ООО", "АО", "ПАО", "ЗАО", "ОАО", "НАО")
_ORG_WORDS = ("Общество", "Акционерное", "Публичное", "Закрытое", "Открытое", "Непубличное")
_PERSON_FORMS = ("ИП", "Индивидуальный предприниматель")
# "ООО" whose round letters OCR read as G, C, Q, D or a digit ("GOO «Горизонт»").
_OOO_MISREAD = re.compile(r"^(?=.*[OО0].*[OО0])[OО0GCСQDЮ@6]{3}$")
_PERSON_WORD = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
_INITIALS = re.compile(r"^[А-ЯЁ]\.(?:\s?[А-ЯЁ]\.)?$")
_PATRONYMIC = re.compile(r"(?:вич|вна|ична|чна|оглы|кызы)$")
# After the closing quote only debris may follow: "©", "|", "-", a stray letter.
# After a closing quote: specks, one stray glyph, or the row's tag as a photo's OCR reads it
# ("er" for "(2)", "46)" for "(6)"); never Cyrillic words ("ООО «Ромашка» СПб" is a name).
_DEBRIS = re.compile(r"^[^\wА-Яа-яЁё]*(?:\s+(?:\S|[a-z]{2}|[\dа-яa-z]{0,2}[\d()\[\]{}|]"
                     r"[\dа-яa-z()\[\]{}|]{0,2}))?[^\wА-Яа-яЁё]*$")


def checked_name(raw: str, person: bool = False) -> str | None:
    """An OCR reading of a name in its printed form, or None when it does not look like one.

    ``person``: the party's ИНН has 12 digits (an ИП), so a junk short token in front of a
    person's full name is the ИП that OCR could not read ("WN Кудрявцев Роман Сергеевич")."""
    name = tidy_name(raw, ocr=True)
    words = name.split()
    if not words:
        return None
    if _OOO_MISREAD.match(words[0]):
        words[0] = "ООО"
    words = _form_first(_person_form(words))
    name = " ".join(words)
    if words[0] in _ORG_FORMS or words[0] in _ORG_WORDS:
        return _org_name(name)
    # Initials whose last dot became the separator before "ИНН" ("Козлова И.М. ИНН").
    name = re.sub(r"(?<=\s[А-ЯЁ]\.[А-ЯЁ])$", ".", name)
    # The first initial's dot lost ("Алексеев Е А."): a mended name (no word holds it), so held.
    name = re.sub(r"(?<=\s[А-ЯЁ])\s(?=[А-ЯЁ]\.$)", ".", name)
    for form in _PERSON_FORMS:
        if name.startswith(form + " "):
            rest = name[len(form) + 1:]
            return name if _full_name(rest) else None
    if len(words) == 4 and len(words[0]) <= 2 and words[0] not in _ORG_FORMS \
            and _full_name(" ".join(words[1:])) \
            and (person or _PATRONYMIC.search(words[-1])):
        # Before a person's full name (a patronymic says so where the ИНН is not known yet,
        # "ИИ Павлов Алексей Владимирович") the one legal form is ИП.
        return "ИП " + " ".join(words[1:])
    if _full_name(name) and _PATRONYMIC.search(words[-1]):
        return name  # a person without a legal form ("Заказчик: Иванов Иван Иванович")
    return None


_LONG_PERSON_FORM = _PERSON_FORMS[1]
_LONG_FORM_EDITS = 2


def _person_form(words: list[str]) -> list[str]:
    """The long ИП form with a letter or two misread ("Индигидуальный предприниматель"): no
    other pair of words on these forms is that close to its 30 letters."""
    if len(words) < 2:
        return words
    head = " ".join(words[:2])
    if head != _LONG_PERSON_FORM and edit_distance(head.lower(), _LONG_PERSON_FORM.lower()
                                                   ) <= _LONG_FORM_EDITS:
        return [*_LONG_PERSON_FORM.split(), *words[2:]]
    # "и уальный предприниматель Кудрявцева Ирина Игоревна", "Yusueunvanbhell предприниматель
    # …": the first word garbled, split or lost, "предприниматель" read; scraps of at most two
    # words before it. A Russian word there is another form ("Частный предприниматель").
    at = next((i for i, w in enumerate(words[:3]) if w.lower() == "предприниматель"), None)
    if at is not None and at > 0 and _garbled_form_word(words[at - 1]):
        return [*_LONG_PERSON_FORM.split(), *words[at + 1:]]
    return words


def _garbled_form_word(word: str) -> bool:
    """"Индивидуальный" as OCR garbles it: its end read, or letters no Russian word has."""
    folded = word.lower()
    return folded.endswith("уальный") or bool(re.search(r"[a-z0-9]", folded)) \
        or edit_distance(folded, "индивидуальный") <= 4


def _form_first(words: list[str]) -> list[str]:
    """A legal form OCR put after the quoted name ("«КлинСервис» ООО": the form's cell read
    after the name's) goes before it, where the form prints it."""
    if len(words) >= 2 and words[0][:1] in "«\"" and words[-2][-1:] in "»\"":
        form = _legal_form(words[-1])
        if form in _ORG_FORMS:
            return [form, *words[:-1]]
    return words


def _org_name(name: str) -> str | None:
    """"FORM «Name»" with the quoted name intact; debris after the closing quote is cut."""
    opening = re.search(r"[«\"]", name)
    if opening is None:
        return None
    closing = max(name.rfind("»"), name.rfind("\""))
    if closing <= opening.start():
        return None
    quoted = name[opening.start() + 1:closing]
    if not _quoted_ok(quoted) or not _DEBRIS.match(name[closing + 1:]):
        return None
    # A speck between the form and the quotes read as a token ("ООО 44 «Дельта Групп»"):
    # digits or small letters; a capital abbreviation ("ООО ТД «Восток»") is the name's.
    head = [w for w in name[:opening.start()].split() if not _SPECK.match(w)]
    return " ".join([*head, name[opening.start():closing + 1]])


_SPECK = re.compile(r"^(?:\d{1,2}|[a-zа-яё]{1,2})$")


def _quoted_ok(quoted: str) -> bool:
    """Letters of one script: a Latin word amid Cyrillic ones is OCR garbage; so are lone
    letters with no word between them («Л М» for «Лидер-М»)."""
    words = re.findall(r"[A-Za-zА-Яа-яЁё]+", quoted)
    if not words or all(len(w) == 1 for w in words):
        return False
    latin = [w for w in words if re.fullmatch(r"[A-Za-z]+", w)]
    return not latin or len(latin) == len(words)


def _full_name(text: str) -> bool:
    """Surname, name and patronymic, or a surname with initials."""
    words = text.split()
    if len(words) == 3 and all(_PERSON_WORD.match(w) for w in words):
        return True
    return len(words) >= 2 and _PERSON_WORD.match(words[0]) is not None and bool(
        _INITIALS.match(" ".join(words[1:])))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: letters inserted, dropped or replaced to turn ``a`` into ``b``."""
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char != other)))
        previous = current
    return previous[-1]
