"""A reportlab canvas with top-down coordinates that records where marks may go."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from PIL import Image
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from ecm.corpus.fonts import FontPair

rl_config.invariant = 1
MM = 72 / 25.4


@dataclass
class SignSlot:
    page: int
    x0: float
    x1: float
    top: float
    role: str


@dataclass
class StampSlot:
    page: int
    cx: float
    cy: float


@dataclass
class CodeMark:
    page: int
    kind: str
    data: str
    box: tuple[float, float, float, float]


@dataclass
class Overlay:
    """An ink mark placed on a page in points; ``kind`` is 'stamp' or 'signature'."""

    page: int
    kind: str
    image: Image.Image
    x: float
    top: float
    w: float
    h: float
    code_type: str = ""
    data: str = ""
    role: str = ""  # a signature's blank (SignSlot.role): the truth must name whose line it is


@dataclass
class Marks:
    signs: list[SignSlot] = field(default_factory=list)
    stamps: list[StampSlot] = field(default_factory=list)
    codes: list[CodeMark] = field(default_factory=list)


@dataclass
class Rendered:
    pdf: bytes
    pagesize: tuple[float, float]
    pages: int
    marks: Marks


class Sheet:
    """Drawing surface; ``top`` arguments are distances from the page's upper edge."""

    def __init__(self, pagesize: tuple[float, float], fonts: FontPair, size: float,
                 overlays: list[Overlay] | None = None, line_w: float = 0.5) -> None:
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=pagesize, invariant=1, pageCompression=1)
        self.w, self.h = pagesize
        self.fonts = fonts
        self.size = size
        self.line_w = line_w
        self.page = 1
        self.marks = Marks()
        self.overlays = overlays or []
        self.c.setLineWidth(line_w)

    # text -----------------------------------------------------------------------------
    def font(self, bold: bool = False, italic: bool = False) -> str:
        return self.fonts.bold if bold else self.fonts.italic if italic else self.fonts.regular

    def width(self, text: str, size: float | None = None, bold: bool = False) -> float:
        return float(stringWidth(text, self.font(bold), size or self.size))

    def text(self, x: float, top: float, text: str, size: float | None = None,
             bold: bool = False, align: str = "l", italic: bool = False) -> None:
        size = size or self.size
        self.c.setFont(self.font(bold, italic), size)
        y = self.h - top
        if align == "r":
            self.c.drawRightString(x, y, text)
        elif align == "c":
            self.c.drawCentredString(x, y, text)
        else:
            self.c.drawString(x, y, text)

    def wrap(self, text: str, width: float, size: float | None = None,
             bold: bool = False) -> list[str]:
        size = size or self.size
        lines: list[str] = []
        for para in text.split("\n"):
            line = ""
            for word in para.split(" "):
                cand = f"{line} {word}" if line else word
                if self.width(cand, size, bold) <= width or not line:
                    line = cand
                else:
                    lines.append(line)
                    line = word
                while self.width(line, size, bold) > width and len(line) > 1:
                    cut = len(line) - 1
                    while cut > 1 and self.width(line[:cut], size, bold) > width:
                        cut -= 1
                    lines.append(line[:cut])
                    line = line[cut:]
            lines.append(line)
        return lines

    def para(self, x: float, top: float, width: float, text: str, size: float | None = None,
             bold: bool = False, leading: float | None = None, align: str = "l") -> float:
        """Draw wrapped text with its first baseline at ``top``; returns the height used."""
        size = size or self.size
        leading = leading or size * 1.2
        lines = self.wrap(text, width, size, bold)
        for i, line in enumerate(lines):
            ax = x + width if align == "r" else x + width / 2 if align == "c" else x
            self.text(ax, top + i * leading, line, size, bold, align)
        return len(lines) * leading

    # lines ----------------------------------------------------------------------------
    def hline(self, x0: float, x1: float, top: float, w: float | None = None) -> None:
        self.c.setLineWidth(w or self.line_w)
        self.c.line(x0, self.h - top, x1, self.h - top)

    def vline(self, x: float, t0: float, t1: float, w: float | None = None) -> None:
        self.c.setLineWidth(w or self.line_w)
        self.c.line(x, self.h - t0, x, self.h - t1)

    def rect(self, x: float, top: float, w: float, h: float, lw: float | None = None) -> None:
        self.c.setLineWidth(lw or self.line_w)
        self.c.rect(x, self.h - top - h, w, h, stroke=1, fill=0)

    # marks ----------------------------------------------------------------------------
    def sign_slot(self, x0: float, x1: float, top: float, role: str) -> None:
        self.marks.signs.append(SignSlot(self.page, x0, x1, top, role))

    def stamp_slot(self, cx: float, cy: float) -> None:
        self.marks.stamps.append(StampSlot(self.page, cx, cy))

    def image(self, img: Image.Image, x: float, top: float, w: float, h: float) -> None:
        self.c.drawImage(ImageReader(img), x, self.h - top - h, w, h, mask="auto")

    def code(self, img: Image.Image, kind: str, data: str, x: float, top: float, w: float,
             h: float) -> None:
        self.image(img, x, top, w, h)
        self.marks.codes.append(CodeMark(self.page, kind, data, (x, top, w, h)))

    def _paint_overlays(self) -> None:
        for ov in self.overlays:
            if ov.page != self.page:
                continue
            self.c.saveState()
            # Ink lies on the paper: multiply keeps the text under a seal readable; a
            # barcode sticker is opaque paper and covers what is below it.
            self.c.setBlendMode("Normal" if ov.kind == "code" else "Multiply")
            self.image(ov.image, ov.x, ov.top, ov.w, ov.h)
            self.c.restoreState()

    def new_page(self) -> None:
        self._paint_overlays()
        self.c.showPage()
        self.page += 1
        self.c.setLineWidth(self.line_w)

    def finish(self) -> Rendered:
        self._paint_overlays()
        self.c.showPage()
        self.c.save()
        return Rendered(self.buf.getvalue(), (self.w, self.h), self.page, self.marks)
