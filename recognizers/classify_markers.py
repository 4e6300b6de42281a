"""The forms' own printed markers and how much each tells (recognizers.classify scores them).

Texts are squashed (recognizers.textnorm.squash: lower case, ё→е, Latin look-alikes folded,
only letters and digits). Weights: in the header (short lines near the top: titles, form codes)
and elsewhere (body and further pages). A title is worth much in the header and little in
prose, where a contract merely mentions it; a form's body labels ("Отпуск груза разрешил",
"Основание передачи (сдачи) / получения (приемки)") are worth the same anywhere and are what
is left when a photo lost the title.

``errors``: OCR edits tolerated. Short words and words one letter away from an inflected
mention ("счет-фактуру" in a contract) get none.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Marker:
    doc_type: str
    text: str
    header: float
    body: float
    errors: int = 0


def _m(doc_type: str, text: str, header: float, body: float, errors: int | None = None
       ) -> Marker:
    if errors is None:
        errors = 0 if len(text) < 10 else 1 if len(text) < 16 else 2 if len(text) < 26 else 3
    return Marker(doc_type, text, header, body, errors)


# "invoice": the счёт-фактура part every УПД carries too; classify gives it to whichever of
# upd / vat_invoice the rest of the page speaks for.
MARKERS: tuple[Marker, ...] = (
    _m("upd", "универсальныйпередаточныйдокумент", 6.0, 3.0, 2),
    _m("upd", "счетфактураипередаточныйдокумент", 3.0, 2.0),
    _m("upd", "передаточныйдокументакт", 2.0, 1.0, 1),
    _m("upd", "основаниепередачисдачиполученияприемки", 2.0, 2.0),
    _m("upd", "данныеотранспортировкеигрузе", 1.5, 1.5),
    _m("upd", "товаргрузпередал", 2.0, 2.0),
    _m("upd", "товаргрузполучил", 1.5, 1.5),
    _m("upd", "датаотгрузкипередачисдачи", 1.5, 1.5),
    _m("upd", "иныесведенияоботгрузке", 1.0, 1.0),
    _m("upd", "иныесведенияополучении", 1.0, 1.0),
    _m("upd", "ответственныйзаправильностьоформления", 2.0, 2.0),
    _m("upd", "экономическогосубъектасоставителя", 2.0, 2.0),
    _m("invoice", "счетфактура", 3.0, 0.3, 0),
    _m("invoice", "1137", 1.5, 0.5),
    _m("invoice", "кпостановлениюправительства", 1.0, 0.5),
    _m("invoice", "исправление", 1.0, 0.3, 1),
    _m("invoice", "грузоотправительиегоадрес", 1.0, 1.0),
    _m("invoice", "грузополучательиегоадрес", 1.0, 1.0),
    _m("invoice", "кплатежнорасчетномудокументу", 1.0, 1.0),
    _m("invoice", "документоботгрузке", 1.0, 1.0),
    _m("invoice", "иннкпппродавца", 1.0, 1.0),
    _m("invoice", "иннкпппокупателя", 1.0, 1.0),
    _m("invoice", "валютанаименованиекод", 1.0, 1.0),
    _m("invoice", "идентификаторгосударственногоконтракта", 1.0, 1.0),
    _m("vat_invoice", "первыйэкземпляроригиналпокупателю", 2.0, 2.0),
    # The form's caption, not a contract's "накладной (ТОРГ-12)" on a short line.
    _m("torg12", "формаnторг12", 4.0, 1.0, 2),
    _m("torg12", "торг12", 1.0, 0.5),
    _m("torg12", "0330212", 4.0, 2.0),
    _m("torg12", "товарнаянакладная", 3.0, 0.5, 1),
    _m("torg12", "унифицированнаяформа", 1.0, 0.5),
    _m("torg12", "утвержденапостановлениемгоскомстата", 2.0, 1.0),
    _m("torg12", "формапоокуд", 1.0, 0.5, 1),
    _m("torg12", "виддеятельностипоокдп", 1.0, 1.0),
    _m("torg12", "номердокументадатасоставления", 1.5, 1.5),
    _m("torg12", "видоперации", 0.5, 0.5, 1),
    _m("torg12", "отпускгрузаразрешил", 2.0, 2.0),
    _m("torg12", "отпускгрузапроизвел", 2.0, 2.0),
    _m("torg12", "грузполучилгрузополучатель", 2.0, 2.0),
    _m("torg12", "всегопонакладной", 2.0, 2.0),
    _m("torg12", "накладнаяимеетприложение", 1.5, 1.5),
    _m("torg12", "порядковыхномеровзаписей", 1.5, 1.5),
    _m("torg12", "всегоотпущенонасумму", 2.0, 2.0),
    _m("torg12", "грузополучатель", 1.0, 0.5, 0),
    _m("act", "актвыполненныхработ", 5.0, 0.5),
    _m("act", "оказанныхуслуг", 3.0, 0.5, 1),
    _m("act", "обоказанииуслуг", 3.0, 0.5, 1),
    _m("act", "сдачиприемки", 1.0, 0.3, 1),
    _m("act", "выполненыполностьюивсрок", 2.0, 2.0),
    _m("act", "всегооказаноуслуг", 2.0, 2.0),
    _m("act", "претензийпообъемукачеству", 0.0, 2.0),
    _m("act", "претензий", 0.0, 0.7),
    _m("act", "исполнитель", 0.5, 0.5, 0),
    _m("act", "заказчик", 0.5, 0.5),
    _m("payment_invoice", "счетнаоплату", 6.0, 1.0, 1),
    _m("payment_invoice", "банкполучателя", 2.5, 1.5, 1),
    _m("payment_invoice", "образецзаполненияплатежного", 2.0, 1.0),
    _m("payment_invoice", "оплатаданногосчетаозначает", 2.0, 2.0),
    _m("payment_invoice", "всегонаименований", 1.0, 1.0),
    _m("payment_invoice", "счетдействителенкоплате", 1.5, 1.5),
    _m("payment_invoice", "уведомлениеобоплате", 1.0, 1.0),
)

# The счёт-фактура's and УПД's goods column caption, "Наименование товара (описание
# выполненных работ, оказанных услуг)", holds an act's title words: where it stands, they tell
# nothing of an act.
GOODS_CAPTION = "выполненныхработоказанныхуслуг"
CAPTION_WORDS = frozenset({"актвыполненныхработ", "оказанныхуслуг"})
