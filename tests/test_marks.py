"""Marks: seals, signatures, codes and the document-level checks (synthetic pages)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ecm.evaluation.marks import iou
from recognizers.card import Card, Code, Fields, Marks, Signature, Stamp
from recognizers.marks import check_marks, find_page_marks
from recognizers.marks.payment import account_key_ok, parse_payment
from recognizers.page import Page

W, H = 2480, 3508  # A4 at 300 dpi


def _page_with_print() -> np.ndarray:
    img = np.full((H, W, 3), 250, np.uint8)
    for i in range(40):
        y = 300 + i * 70
        cv2.putText(img, "Printed line of the document text 12345", (200, y),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.4, (20, 20, 20), 3)
    for y in (3000, 3150):
        cv2.line(img, (300, y), (1100, y), (0, 0, 0), 2)
        cv2.putText(img, "(podpis)", (600, y + 40), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (0, 0, 0), 2)
    return img



def _seal(img: np.ndarray, cx: int, cy: int, r: int, bgr: tuple[int, int, int]) -> None:
    cv2.circle(img, (cx, cy), r, bgr, 7)
    cv2.circle(img, (cx, cy), r - 12, bgr, 2)
    cv2.circle(img, (cx, cy), int(r * 0.6), bgr, 3)
    for a in range(0, 360, 12):
        x = int(cx + r * 0.78 * np.cos(np.radians(a)))
        y = int(cy + r * 0.78 * np.sin(np.radians(a)))
        cv2.putText(img, "O", (x - 10, y + 10), cv2.FONT_HERSHEY_SIMPLEX, 0.9, bgr, 2)
    cv2.putText(img, "INN 7707083893", (cx - 150, cy + 10), cv2.FONT_HERSHEY_SIMPLEX, 1.0,
                bgr, 2)


def test_blue_seal_found_with_box_and_colour() -> None:
    img = _page_with_print()
    _seal(img, 1700, 2900, 240, (168, 62, 28))  # BGR of a blue seal pad
    marks = find_page_marks(Page(1, W, H, image=img))
    assert len(marks.stamps) == 1
    stamp = marks.stamps[0]
    assert iou(stamp.bbox, (1460, 2660, 480, 480)) >= 0.3
    assert stamp.color in ("blue", "violet")


def test_print_and_underlines_are_not_signatures() -> None:
    marks = find_page_marks(Page(1, W, H, image=_page_with_print()))
    assert marks.signatures == []
    assert marks.stamps == []


def test_pen_scribble_on_a_line_is_a_signature() -> None:
    img = _page_with_print()
    t = np.linspace(0, 6 * np.pi, 400)
    pts = np.stack([450 + t * 25, 2960 + 45 * np.sin(t * 1.7) + 10 * np.cos(t * 5)], 1)
    cv2.polylines(img, [pts.astype(np.int32)], False, (105, 28, 18), 4, cv2.LINE_AA)
    marks = find_page_marks(Page(1, W, H, image=img))
    box = (float(pts[:, 0].min()), float(pts[:, 1].min()), float(np.ptp(pts[:, 0])),
           float(np.ptp(pts[:, 1])))
    assert any(iou(s.bbox, box) >= 0.3 for s in marks.signatures)



def test_black_pen_under_a_seal_is_still_a_signature() -> None:
    img = _page_with_print()
    t = np.linspace(0, 6 * np.pi, 400)
    pts = np.stack([450 + t * 25, 2960 + 45 * np.sin(t * 1.7) + 10 * np.cos(t * 5)], 1)
    cv2.polylines(img, [pts.astype(np.int32)], False, (30, 30, 30), 4, cv2.LINE_AA)
    # A seal pressed over the signature's right half, as at "М.П.": its ink multiplies in.
    seal = np.full_like(img, 255)
    _seal(seal, 1000, 2950, 230, (168, 62, 28))
    img = (img.astype(np.uint16) * seal // 255).astype(np.uint8)
    marks = find_page_marks(Page(1, W, H, image=img))
    box = (float(pts[:, 0].min()), float(pts[:, 1].min()), float(np.ptp(pts[:, 0])),
           float(np.ptp(pts[:, 1])))
    assert len(marks.stamps) == 1
    assert any(iou(s.bbox, box) >= 0.3 for s in marks.signatures)


def test_faint_oval_seal_on_a_colour_page() -> None:
    img = _page_with_print()
    # A photographed seal: squeezed into an ellipse and faded to a light violet.
    seal = np.full((600, 600, 3), 255, np.uint8)
    _seal(seal, 300, 300, 230, (200, 150, 150))
    seal = cv2.resize(seal, (600, 520))
    img[2500:3020, 1400:2000] = np.minimum(img[2500:3020, 1400:2000], seal)
    marks = find_page_marks(Page(1, W, H, image=img))
    assert len(marks.stamps) == 1
    assert iou(marks.stamps[0].bbox, (1470, 2560, 460, 400)) >= 0.3

GOST = ("ST00011|Name=ООО «Ромашка»|PersonalAcc=40702810900000000001|BankName=ПАО Сбербанк|"
        "BIC=044525225|CorrespAcc=30101810400000000225|PayeeINN=7707083893|KPP=770701001|"
        "Sum=123450|Purpose=Оплата по счёту № 7")


def _qr_page(data: bytes) -> np.ndarray:
    qrcode = pytest.importorskip("qrcode")
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    qr.add_data(data)
    qr.make(fit=True)
    sym = np.asarray(qr.make_image().get_image().convert("L"))
    img = _page_with_print()
    img[400:400 + sym.shape[0], 1800:1800 + sym.shape[1]] = sym[..., None]
    return img


def test_cp1251_payment_qr_decoded_and_parsed() -> None:
    marks = find_page_marks(Page(1, W, H, image=_qr_page(GOST.encode("cp1251"))))
    qrs = [c for c in marks.codes if c.type == "QRCODE"]
    assert qrs and qrs[0].data == GOST
    payment = qrs[0].payment
    assert payment is not None
    assert payment["Name"] == "ООО «Ромашка»"
    assert payment["Sum"] == "123450" and payment["PayeeINN"] == "7707083893"


def test_datamatrix_decoded() -> None:
    dmtx = pytest.importorskip("pylibdmtx.pylibdmtx")
    enc = dmtx.encode(b"ARC-000123456")
    sym = np.frombuffer(enc.pixels, np.uint8).reshape(enc.height, enc.width, 3)
    big = cv2.resize(sym, None, fx=3, fy=3, interpolation=cv2.INTER_NEAREST)
    img = _page_with_print()
    img[3300 - big.shape[0]:3300, 1900:1900 + big.shape[1]] = big[..., ::-1]
    marks = find_page_marks(Page(1, W, H, image=img))
    assert ("DATAMATRIX", "ARC-000123456") in {(c.type, c.data) for c in marks.codes}


def test_account_key() -> None:
    assert account_key_ok("30101810400000000225", "044525225", correspondent=True)
    assert not account_key_ok("30101810400000000226", "044525225", correspondent=True)


def test_payment_mismatch_is_an_issue() -> None:
    payment = parse_payment(GOST.replace("ST00011", "ST00012"))
    assert payment is not None
    card = Card(file="x.pdf", doc_type="payment_invoice",
                fields=Fields(seller_inn="5406940477", total="1234.50"),
                marks=Marks(codes=[Code(type="QRCODE", data="", page=1, payment=payment)],
                            signatures=[Signature(page=1, bbox=[0, 0, 1, 1], confidence=1,
                                                  role="руководитель")]))
    issues = check_marks(card)
    mism = [i for i in issues if i.code == "payment_mismatch"]
    assert any(i.field == "seller_inn" for i in mism)
    assert not any(i.field == "total" for i in mism)  # 123450 kopecks = 1234.50


def test_missing_required_signature_is_an_issue() -> None:
    card = Card(file="x.pdf", doc_type="torg12",
                marks=Marks(signatures=[Signature(page=1, bbox=[0, 0, 1, 1], confidence=1,
                                                  role="отпуск разрешил")]))
    issues = [i for i in check_marks(card) if i.code == "missing_signature"]
    assert len(issues) == 1 and "груз принял" in issues[0].message


def test_an_office_stamp_is_not_the_seal_a_form_requires() -> None:
    def stamp(kind: str) -> Stamp:
        return Stamp(page=1, bbox=[0, 0, 10, 10], confidence=1.0, kind=kind)

    def missing_seal(*stamps: Stamp) -> bool:
        card = Card(file="x.pdf", doc_type="act", marks=Marks(stamps=list(stamps)))
        return any(i.code == "missing_stamp" for i in check_marks(card))

    assert missing_seal(stamp("rectangular"))
    assert not missing_seal(stamp("rectangular"), stamp("round"))
