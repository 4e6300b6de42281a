"""Digit strings of requisites as OCR reads them, repaired only where a checksum agrees."""

from __future__ import annotations

import re

from recognizers.checks.checksums import inn_valid, kpp_valid
from recognizers.fields.values import digits_fixed

# Digits tesseract confuses with each other; a repair swaps one digit for a look-alike.
_CONFUSIONS = {"0": "869", "1": "74", "2": "7", "3": "85", "4": "1", "5": "63", "6": "508",
               "7": "12", "8": "3605", "9": "80"}


def digits_of(raw: str) -> str:
    return re.sub(r"\D", "", digits_fixed(raw.replace(" ", "")))


def best_inn(raw: str) -> tuple[str, bool] | None:
    """(ИНН, repaired): as read when it passes its checksum, else the single look-alike digit
    swap that passes it, if exactly one does; None when nothing 10 or 12 digits long is there."""
    digits = digits_of(raw)
    if len(digits) not in (10, 12):
        if len(digits) > 12 and inn_valid(digits[:12]):
            return digits[:12], False
        if len(digits) > 10 and inn_valid(digits[:10]):
            return digits[:10], False
        return None
    if inn_valid(digits):
        return digits, False
    repairs = {digits[:i] + alt + digits[i + 1:]
               for i, d in enumerate(digits) for alt in _CONFUSIONS.get(d, "")}
    valid = [r for r in repairs if inn_valid(r)]
    if len(valid) == 1:
        return valid[0], True
    return digits, False  # shown, but its checksum failure keeps it for review


def best_kpp(raw: str) -> str | None:
    """The КПП in a value as read; none where the value starts with a run of more digits
    ("5257016066335": the КПП glued to the postcode after it, its last figures misread as
    often as not), or where nine figures are only to be had by cutting a run of them."""
    if re.match(r"\W*\d{10}", raw):
        return None
    # Whole runs of figures that make nine ("7736 01001 1": a gap read inside the КПП, the
    # postcode after it with its comma lost) are the КПП.
    runs = re.findall(r"\d+", raw)
    for end in range(1, len(runs) + 1):
        joined = "".join(runs[:end])
        if len(joined) >= 9:
            if len(joined) == 9 and kpp_valid(joined):
                return joined
            break
    # Nine figures only to be had by cutting a run, with more after them ("59026 963726",
    # the КПП run into the postcode): which nine are the КПП is a guess.
    first = raw.split()[0] if raw.split() else ""
    if len(digits_of(raw)) > 9 and len(digits_of(first)) < 9:
        return None
    text = digits_fixed(raw.replace(" ", "").upper())
    match = re.search(r"\d{4}[0-9A-Z]{2}\d{3}", text)
    if match and kpp_valid(match.group(0)):
        return match.group(0)
    digits = digits_of(raw)
    return digits[:9] if len(digits) >= 9 else None
