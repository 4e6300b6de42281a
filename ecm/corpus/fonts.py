"""Cyrillic TTF fonts from Debian's fonts-dejavu-core and fonts-liberation2 packages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_DIRS = (Path("/usr/share/fonts/truetype/liberation2"),
         Path("/usr/share/fonts/truetype/liberation"), Path("/usr/share/fonts/truetype/dejavu"))


@dataclass(frozen=True)
class FontPair:
    regular: str
    bold: str
    italic: str


# (family, regular, bold, italic file names); Arial/Times clones dominate real 1С output.
_FAMILIES = (
    ("LibSans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
     "LiberationSans-Italic.ttf"),
    ("LibSerif", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
     "LiberationSerif-Italic.ttf"),
    ("DejaVuSans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    ("DejaVuCond", "DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf",
     "DejaVuSansCondensed-Oblique.ttf"),
    ("DejaVuSerifCond", "DejaVuSerifCondensed.ttf", "DejaVuSerifCondensed-Bold.ttf",
     "DejaVuSerifCondensed-Italic.ttf"),
)
FAMILY_WEIGHTS = {"LibSans": 5, "LibSerif": 2, "DejaVuSans": 1, "DejaVuCond": 2,
                  "DejaVuSerifCond": 1}

_registered: dict[str, FontPair] = {}


def _find(name: str) -> Path:
    for folder in _DIRS:
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"font {name} not found; install fonts-dejavu-core and "
                            "fonts-liberation2")


def register_all() -> dict[str, FontPair]:
    if _registered:
        return _registered
    for family, regular, bold, italic in _FAMILIES:
        names = []
        for suffix, file in (("", regular), ("-B", bold), ("-I", italic)):
            font_name = family + suffix
            pdfmetrics.registerFont(TTFont(font_name, str(_find(file))))
            names.append(font_name)
        _registered[family] = FontPair(*names)
    return _registered


def font_file(font_name: str) -> Path:
    """The TTF behind a registered name (PIL draws seals with the same faces)."""
    for family, regular, bold, italic in _FAMILIES:
        for suffix, file in (("", regular), ("-B", bold), ("-I", italic)):
            if family + suffix == font_name:
                return _find(file)
    raise KeyError(font_name)
