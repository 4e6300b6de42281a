"""Signatures kept without a role on a page OCR could not read get their role from the
document's form at document level (settle_roles), or are dropped when it cannot tell."""

from __future__ import annotations

import cv2
import numpy as np

from recognizers.card import Card, Fields, Marks, Signature
from recognizers.marks import find_page_marks, settle_roles
from recognizers.marks.roles_doc import Unplaced, unplaced
from recognizers.page import Page, Word
from tests.test_marks_signatures import Sheet, _body

W, H = 2339, 1654  # landscape A4 page at 200 dpi
MM = 200 / 25.4


def _pending(x: float, y: float, page: int = 2, words: list[Word] | None = None) -> Unplaced:
    return unplaced(page, [x, y, 150.0, 60.0], 0.95, words or [], MM, W)


def _card(doc_type: str, *sigs: Signature, seller_inn: str | None = None) -> Card:
    return Card(file="x.pdf", doc_type=doc_type,  # type: ignore[arg-type]
                marks=Marks(signatures=list(sigs)), fields=Fields(seller_inn=seller_inn))


def test_upd_unread_page_signature_takes_the_row_under_a_known_one() -> None:
    # Page 2 of a photographed УПД: the руководитель's signature was placed by its caption,
    # the one a row under it in the left column is the "товар (груз) передал" blank's.
    head = Signature(page=2, bbox=[500.0, 430.0, 160.0, 60.0], confidence=0.9,
                     role="руководитель")
    card = _card("upd", head, _pending(480.0, 430.0 + 28 * MM))
    settle_roles(card)
    assert [s.role for s in card.marks.signatures] == ["руководитель", "товар передал"]
    assert all(type(s) is Signature for s in card.marks.signatures)


def test_upd_unread_page_signature_with_nothing_to_place_it_is_dropped() -> None:
    card = _card("upd", _pending(480.0, 700.0))
    settle_roles(card)
    assert card.marks.signatures == []


def test_upd_ink_far_from_every_row_is_dropped() -> None:
    head = Signature(page=2, bbox=[500.0, 1200.0, 160.0, 60.0], confidence=0.9,
                     role="товар передал")
    card = _card("upd", head, _pending(480.0, 100.0))
    settle_roles(card)
    assert [s.role for s in card.marks.signatures] == ["товар передал"]


def test_vat_invoice_halves_give_head_and_chief_accountant() -> None:
    card = _card("vat_invoice", _pending(500.0, 400.0), _pending(1500.0, 380.0))
    settle_roles(card)
    assert [s.role for s in card.marks.signatures] == ["руководитель", "главный бухгалтер"]


def test_entrepreneur_seller_signs_as_ip() -> None:
    card = _card("vat_invoice", _pending(500.0, 400.0), seller_inn="500100732259")
    settle_roles(card)
    assert [s.role for s in card.marks.signatures] == ["индивидуальный предприниматель"]


def test_unknown_form_drops_unplaced_and_keeps_the_rest() -> None:
    kept = Signature(page=1, bbox=[1.0, 2.0, 3.0, 4.0], confidence=0.8, role=None)
    card = _card("other", kept, _pending(500.0, 400.0))
    settle_roles(card)
    assert card.marks.signatures == [kept]


def test_settled_card_serialises_without_private_state() -> None:
    card = _card("act", _pending(1500.0, 400.0))
    settle_roles(card)
    data = card.to_json_dict()["marks"]["signatures"]
    assert data == [{"page": 2, "bbox": [1500.0, 400.0, 150.0, 60.0], "confidence": 0.95,
                     "role": "заказчик"}]


def test_a_role_signed_elsewhere_is_not_given_twice() -> None:
    head = Signature(page=1, bbox=[500.0, 400.0, 160.0, 60.0], confidence=0.9,
                     role="руководитель")
    card = _card("vat_invoice", head, _pending(500.0, 400.0))
    settle_roles(card)
    assert card.marks.signatures == [head]


def test_unread_upd_page_signature_gets_its_row_in_the_card() -> None:
    """Page 2 of a photographed УПД, its print read at low confidence and its captions not at
    all: the dark-ink signature under the head's is kept and given the "товар передал" row."""
    sheet = Sheet()
    _body(sheet)
    sheet.words = [Word(w.text, w.x, w.y, w.w, w.h, 0.4, w.line) for w in sheet.words]
    sheet.text(200, 1500, "Руководитель организации", read=False)
    sheet.text(200, 1740, "Товар (груз) передал", read=False)
    sheet.blank(700, 1200, 1540)
    sheet.blank(700, 1200, 1780)
    sheet.pen(760, 1780, 320, 120, seed=5)
    img = cv2.cvtColor(np.asarray(sheet.pil), cv2.COLOR_RGB2BGR)
    for pts in sheet.pens:
        cv2.polylines(img, [pts], False, (30, 30, 30), 4, cv2.LINE_AA)
    page = Page(2, img.shape[1], img.shape[0], image=img, words=sheet.words, text_source="ocr")
    found = find_page_marks(page).signatures
    assert [type(s) for s in found] == [Unplaced]
    head = Signature(page=2, bbox=[780.0, 1440.0, 300.0, 110.0], confidence=0.9,
                     role="руководитель")
    card = _card("upd", head, *found)
    settle_roles(card)
    assert [s.role for s in card.marks.signatures] == ["руководитель", "товар передал"]


def test_junk_ocr_made_of_a_signature_beside_a_party_caption_leaves_it_a_caption() -> None:
    from recognizers.marks.roles import _captions
    from recognizers.marks.roles_text import text_lines

    def line(*texts: str) -> list[str]:
        words = []
        x = 100.0
        for text in texts:
            words.append(Word(text, x, 500, 20 * len(text), 30, 0.5, line=1))
            x += 20 * len(text) + 15
        return [c.role for ln in text_lines(words) for c in _captions(ln)]

    assert line("Поставщик", "&.", "aad", "VW", "aed", "if", "—", "Аутетель") == ["поставщик"]
    # The form's head, a name and ИНН after the caption, is no signature's caption.
    assert line("Поставщик:", "ООО", "«Ромашка»,", "ИНН", "7707083893") == []
