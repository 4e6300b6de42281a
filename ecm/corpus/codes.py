"""Machine-readable codes printed on documents: payment QR, Code128, EAN-13."""

from __future__ import annotations

import io
import random

import barcode
import qrcode
from barcode.writer import ImageWriter
from PIL import Image

from ecm.corpus import amounts
from ecm.corpus.model import Doc


def qr_image(data: str) -> Image.Image:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    qr.add_data(data.encode("utf-8"))
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image().convert("L")


def _barcode_image(kind: str, data: str, text: bool) -> Image.Image:
    writer = ImageWriter()
    options = {"module_width": 0.3, "module_height": 8.0, "quiet_zone": 3.0,
               "font_size": 8 if text else 0, "text_distance": 3.5, "dpi": 300,
               "write_text": text}
    cls = barcode.get_barcode_class(kind)
    buf = io.BytesIO()
    cls(data, writer=writer).write(buf, options)
    buf.seek(0)
    return Image.open(buf).convert("L")


def code128_image(data: str, text: bool = True) -> Image.Image:
    return _barcode_image("code128", data, text)


def ean13_data(rng: random.Random) -> str:
    """Twelve digits plus the EAN check digit (archive sticker numbers start with 2)."""
    body = "2" + "".join(rng.choice("0123456789") for _ in range(11))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def ean13_image(data: str) -> Image.Image:
    return _barcode_image("ean13", data[:12], True)


def payment_payload(doc: Doc, rng: random.Random) -> str:
    """ГОСТ Р 56042-2014 string: mandatory keys in the standard's order, then optional ones."""
    s = doc.seller
    purpose = f"Оплата по счету № {doc.number} от {doc.date.strftime('%d.%m.%Y')}"
    vat = doc.total_vat
    purpose += (f", в т.ч. НДС {amounts.fmt_money(vat, '', '.')}" if doc.vat_rate_label != "none"
                else ", НДС не облагается")
    kop = int(amounts.money(doc.total) * 100)
    parts = ["ST00012", f"Name={s.name}", f"PersonalAcc={s.account}",
             f"BankName={s.bank.name}", f"BIC={s.bank.bik}", f"CorrespAcc={s.bank.corr}",
             f"PayeeINN={s.inn}"]
    if s.kpp:
        parts.append(f"KPP={s.kpp}")
    parts += [f"Sum={kop}", f"Purpose={purpose[:160]}"]
    if rng.random() < 0.3:
        parts.append(f"PayerINN={doc.buyer.inn}")
    return "|".join(parts)
