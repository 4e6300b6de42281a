"""Tell the six document classes apart by the forms' own printed markers.

Each class collects the weights of its markers found on the pages (recognizers.classify_markers:
titles and codes count most in the header, a form's body labels count anywhere, OCR-damaged
ones are matched approximately), plus the счёт-фактура's row tags (2)…(8) and the УПД's lower
block tags [10]…[19]. A document whose best class stays under MIN_SCORE is `other`: a false
class is worse than `other`, so nothing is forced into one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recognizers.classify_markers import CAPTION_WORDS, GOODS_CAPTION, MARKERS
from recognizers.fuzzy import contains, distance
from recognizers.status_box import is_status_caption
from recognizers.textnorm import fold, squash

# A class needs at least this score to be chosen over "other" (fields.evidence.FORM_SCORE).
MIN_SCORE = 4.0
# A class at this score with nothing else near it is certain.
CLEAR_SCORE = 10.0
HEADER_LINES = 25
MAX_TITLE_CHARS = 70
# Titles of documents that are none of the five forms. A letter or a contract that mentions
# "ТОРГ-12" or "акт" in a short line must stay `other`: its title outweighs such mentions.
_OTHER_TITLE = re.compile(
    r"^(?:договор|доверенность|дополнительное\s+соглашение|соглашение|приказ|письмо|"
    r"исх\.?\s*(?:№|n)|претензия|уведомление|служебная\s+записка|спецификация|"
    r"акт\s+сверки)\b")
OTHER_TITLE_SCORE = 8.0
OTHER_TITLE_LINES = 3
# Confidence of an УПД whose status box could not be read: the status is a guess, so the
# class goes to review however clear the УПД markers are.
GUESSED_STATUS_CONF = 0.5
UNCONFIRMED_STATUS_CONF = 0.6  # a status digit read from a scan's text only: to review
# "без НДС" in a rate cell or the totals row, also as OCR reads it ("6e3 ндс", "бе3 ндс").
_NO_VAT = re.compile(r"(?<![а-яa-z0-9])[б6][е][з3]\s+ндс(?![а-я])")
# Less text than this (squashed characters) is an unread page, not an evidently other document.
MIN_TEXT = 300
UNREAD_OTHER_CONF = 0.3
# Share of tokens that are Russian words of 4+ letters under which the page was not read
# (prose pages 0.35+, form pages 0.1+, OCR garbage of a blurred photo 0.03).
MIN_WORD_SHARE = 0.06
SHORT_TEXT_WORDS = 20
SHORT_TEXT_SHARE = 0.5
_WORD = re.compile(r"[а-яё]{4,}", re.IGNORECASE)
UNPROVEN_VAT_CONF = 0.6  # under the review threshold
# УПД-only evidence needed to call a счёт-фактура form an УПД.
UPD_MIN = 3.0
BOXED_STATUS = 3.0


@dataclass(frozen=True)
class Classification:
    doc_type: str
    upd_status: int | None
    confidence: float
    scores: dict[str, float]


# Titles as the first words of a short line near the top: (class, regex on a folded line, weight).
_TITLES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("act", re.compile(r"^акт\b[^.]{0,60}(№|n[оo]?\b|от\s+\d)"), 5.0),
    ("payment_invoice", re.compile(r"^сч[её]т\s+на\s+оплату"), 6.0),
    ("invoice", re.compile(r"сч[её]т\s*-?\s*фактура\s*(№|n)"), 2.0),
)
TITLE_LINES = 12
CAPTION_LEAD = 16  # squashed letters of an act's title before the caption's words


def classify(first_page_text: str, rest_text: str = "",
             status_box: int | None = None, scanned: bool = False) -> Classification:
    """Classify by markers; header lines of the first page weigh most. ``status_box`` is the
    УПД status digit read from its box on the page image, where a scan's page had one;
    ``scanned``: the text is OCR's (a status only the page text shows is then unconfirmed)."""
    header, body = _split_header(first_page_text)
    body += " " + squash(rest_text)
    scores: dict[str, float] = {}
    captioned = _goods_captioned(header + " " + body)
    for marker in MARKERS:
        if captioned and marker.text in CAPTION_WORDS:
            continue
        if contains(header, marker.text, marker.errors):
            weight = marker.header
        elif contains(body, marker.text, marker.errors):
            weight = marker.body
        else:
            continue
        scores[marker.doc_type] = scores.get(marker.doc_type, 0.0) + weight
    _title_scores(first_page_text, scores)
    _tag_scores(first_page_text + "\n" + rest_text, scores)
    if _boxed_status(first_page_text) is not None or status_box is not None:
        # "Статус: [2]": no other form has a status box, however badly the column was read.
        scores["upd"] = scores.get("upd", 0.0) + BOXED_STATUS
    note_seen = scores.get("vat_invoice", 0.0) > 0
    upd_seen = scores.get("upd", 0.0) > 0
    _settle_invoice(scores)
    if _other_title(first_page_text):
        scores["other"] = OTHER_TITLE_SCORE
    found = _decide(scores, _legible(first_page_text + "\n" + rest_text))
    if found.doc_type == "vat_invoice" and not note_seen and (
            upd_seen or not _invoice_titled(first_page_text)):
        # Without its own note the form may be an УПД whose status column and lower block
        # were read too poorly to win. With its title read and no trace of them at all it is
        # not: every УПД scan of the calibration seeds 31337–31340 (80) showed one, no
        # счёт-фактура (80) did.
        return Classification("vat_invoice", None, min(found.confidence, UNPROVEN_VAT_CONF),
                              scores)
    if found.doc_type != "upd":
        return found
    no_vat = _NO_VAT.search(fold(first_page_text + "\n" + rest_text)) is not None
    from_text = _upd_status(first_page_text)
    framed = _framed_alone(first_page_text) if from_text is None and status_box is None \
        else None
    # With no digit from the box image, the page OCR's digit stands alone and a person checks
    # it: a frame whose caption was lost ("[2]" alone at the form's head) is better than a
    # guess, and OCR reads a framed "1" as "[2]" (8 of 43 status-1 scans of the calibration
    # seeds 31337–31340) though never a "2" as "1"; the status decides whether VAT can be
    # deducted.
    if framed is not None or (scanned and status_box is None and from_text == 2):
        found = Classification(found.doc_type, found.upd_status,
                               min(found.confidence, UNCONFIRMED_STATUS_CONF), found.scores)
    return _with_status(found, from_text if framed is None else framed, status_box, scores,
                        no_vat)


def _with_status(found: Classification, from_text: int | None, from_box: int | None,
                 scores: dict[str, float], no_vat: bool = False) -> Classification:
    """The status the box image shows beats the page OCR's reading of it (the frame and digit
    read together as letters, a framed "1" as "[2]"); when the box says 2 and the page 1, a
    person checks."""
    if from_box is not None:
        agree = from_text in (None, from_box) or (from_box, from_text) == (1, 2)
        conf = found.confidence if agree else min(found.confidence, GUESSED_STATUS_CONF)
        return Classification("upd", from_box, conf, scores)
    if from_text is None:
        # A guess that goes to review: a seller outside VAT (УСН) issues no счёт-фактура, so
        # its "без НДС" УПД is status 2; otherwise the commoner status 1.
        return Classification("upd", 2 if no_vat else 1,
                              min(found.confidence, GUESSED_STATUS_CONF), scores)
    return Classification("upd", from_text, found.confidence, scores)


def _settle_invoice(scores: dict[str, float]) -> None:
    """The счёт-фактура part goes to the УПД when the page shows enough of the УПД's own blocks,
    to the stand-alone счёт-фактура otherwise."""
    invoice = scores.pop("invoice", 0.0)
    upd = scores.get("upd", 0.0)
    vat = scores.get("vat_invoice", 0.0)
    if upd >= UPD_MIN and upd > vat:
        scores["upd"] = upd + invoice
        scores["vat_invoice"] = max(0.0, vat + invoice - upd)
    elif invoice or vat:
        scores["vat_invoice"] = vat + invoice
        if upd:
            scores["upd"] = upd + min(invoice, upd)


def _goods_captioned(squashed: str) -> bool:
    """The goods column's caption: not an act's own title, "Акт (сдачи-приёмки) выполненных
    работ (оказанных услуг)", which holds the same words. OCR reads a table's captions out of
    order, so what stands before the caption tells only when it is the act's title."""
    squashed = squashed.replace(" ", "")  # the caption wraps over short lines
    at = squashed.find(GOODS_CAPTION)
    while at >= 0:
        if not re.search(r"акт|сдач|при[её]мк", squashed[max(0, at - CAPTION_LEAD):at]):
            return True
        at = squashed.find(GOODS_CAPTION, at + 1)
    return False


def _legible(text: str) -> bool:
    """Whether OCR read words at all: a page read as "ee | ~~ Ге aa" tells nothing, so calling
    it `other` must not look sure."""
    tokens = len(text.split())
    words = len(_WORD.findall(text))
    # A short letter is legible too when most of what it says are words.
    short_clean = words >= SHORT_TEXT_WORDS and words >= SHORT_TEXT_SHARE * tokens
    return short_clean or (len(squash(text)) >= MIN_TEXT and words >= MIN_WORD_SHARE * tokens)


def _decide(scores: dict[str, float], legible: bool) -> Classification:
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, best_score = ranked[0] if ranked else ("other", 0.0)
    runner_up = max(ranked[1][1], 0.0) if len(ranked) > 1 else 0.0
    if best == "other" or best_score < MIN_SCORE:
        top = runner_up if best == "other" else best_score
        titled = scores.get("other", 0.0) >= OTHER_TITLE_SCORE
        return Classification("other", None, _other_confidence(top, legible, titled), scores)
    clarity = min(1.0, best_score / CLEAR_SCORE)
    margin = min(1.0, (best_score - runner_up) / best_score)
    return Classification(best, None, round(0.5 + 0.5 * clarity * margin, 3), scores)


def _other_title(text: str) -> bool:
    # A title is a short line: "Уведомление об оплате обязательно, в противном случае …" atop
    # a счёт на оплату is its warning, not a title.
    lines = [fold(line) for line in text.splitlines() if line.strip()]
    return any(_OTHER_TITLE.search(line) and len(line) <= MAX_TITLE_CHARS
               for line in lines[:OTHER_TITLE_LINES])


# Specks a scan leaves before a title ("‚ Акт № 78 от …", "| Счет на оплату …"); not a dash
# or a bullet, which make the line an item of a list ("- Акт № 12 …" in a cover letter).
_LEADING_SPECKS = re.compile(r"^[‚,.'’‘`|~_°*:;!]+\s*")


def _title_scores(text: str, scores: dict[str, float]) -> None:
    lines = [_LEADING_SPECKS.sub("", fold(line)) for line in text.splitlines()]
    for line in lines[:TITLE_LINES]:
        if len(line) > 2 * MAX_TITLE_CHARS:
            continue
        for doc_type, pattern, weight in _TITLES:
            if pattern.search(line):
                scores[doc_type] = scores.get(doc_type, 0.0) + weight
    if _status_block_seen(lines[:HEADER_LINES]):
        scores["upd"] = scores.get("upd", 0.0) + 6.0


def _invoice_titled(text: str) -> bool:
    """The счёт-фактура's title line was read (the УПД's status column stands beside it)."""
    invoice = next(pattern for doc_type, pattern, _w in _TITLES if doc_type == "invoice")
    return any(invoice.search(fold(line)) for line in text.splitlines()[:TITLE_LINES])


def _status_block_seen(lines: list[str]) -> bool:
    """The УПД's narrow status column: its words land on separate lines, often misread."""
    words = set(re.findall(r"[а-я]{5,}", " ".join(lines)))
    status = any(distance(word[:6], "статус") <= 1 for word in words if len(word) <= 8)
    title = any(distance(word[:len(stem)], stem) <= 2 for word in words
                for stem in ("универсальн", "передаточн") if len(word) >= len(stem) - 1)
    return status and title


# The счёт-фактура's row tags as OCR reads them: "(2б)" comes out "(26)", "(6а)" "(ба)".
_ROW_TAG = re.compile(r"\(([1-8])\s*([аaбb6]?)\s*[)>]")
_ROW_TAG_BA = re.compile(r"\(\s*ба\s*\)")
# The УПД's lower block tags [8]…[19]; at least one square bracket.
_BLOCK_TAG = re.compile(r"\[\s*(1\d|[89])\s*[\])|1l]|[\[(|{]\s*(1\d|[89])\s*\]")
ROW_TAGS = ((8, 4.0), (5, 2.5))
BLOCK_TAGS = ((7, 5.0), (4, 3.0))


def _tag_scores(text: str, scores: dict[str, float]) -> None:
    folded = fold(text)
    rows = {a + ("а" if b in "аa" else "б" if b else "")
            for a, b in _ROW_TAG.findall(folded)}
    if _ROW_TAG_BA.search(folded):
        rows.add("6а")
    blocks = {a or b for a, b in _BLOCK_TAG.findall(folded)}
    for need, weight in ROW_TAGS:
        if len(rows) >= need:
            scores["invoice"] = scores.get("invoice", 0.0) + weight
            break
    for need, weight in BLOCK_TAGS:
        if len(blocks) >= need:
            scores["upd"] = scores.get("upd", 0.0) + weight
            break


def _split_header(text: str) -> tuple[str, str]:
    """Short lines near the top are titles and form codes; long lines are prose that may
    merely mention a form ("накладную по форме ТОРГ-12"), so they count as body."""
    header: list[str] = []
    body: list[str] = []
    for index, line in enumerate(text.splitlines()):
        squashed = squash(line)
        is_title = index < HEADER_LINES and len(squashed) <= MAX_TITLE_CHARS
        (header if is_title else body).append(squashed)
    return " ".join(header), " ".join(body)


# "Статус: [1]" with the box frame read as [, (, |, l or {, the caption often misread.
_STATUS = re.compile(r"(?<![а-яa-z])([а-яa-z]{5,7})\s*[:;.,]?\s*[\[(|l{]?\s*([12])(?![\d,/]|\.\d)")
_LONE_STATUS = re.compile(r"^[\[(|]?([12])[\])|]?(?:\s+(?![-–—])|$)")


# The digit in its frame, both brackets read ("Crrye: [1]"): the frame vouches for a caption
# garbled one letter further than a bare digit's.
_FRAMED_STATUS = re.compile(r"(?<![а-яa-z])([а-яa-z]{5,7})\s*[:;.,]?\s*\[\s*([12])\s*\]")


def _boxed_status(text: str) -> int | None:
    for line in fold(text).splitlines():
        for word, digit in _STATUS.findall(line):
            if is_status_caption(word):
                return int(digit)
        for word, digit in _FRAMED_STATUS.findall(line):
            if is_status_caption(word, slack=2):
                return int(digit)
    return None


def _upd_status(text: str) -> int | None:
    boxed = _boxed_status(text)
    if boxed is not None:
        return boxed
    lines = [fold(line) for line in text.splitlines()]
    # The status box digit is set larger than its caption and may land on a line of its own.
    for index, line in enumerate(lines):
        if "статус" not in line and not any(is_status_caption(w.strip(":;.,"))
                                            for w in line.split()):
            continue
        for near in (lines[index - 1] if index else "", lines[index + 1] if index + 1 < len(
                lines) else ""):
            lone = _LONE_STATUS.match(near)
            if lone:
                return int(lone.group(1))
    return None


# The status box's framed digit alone on a line ("[2]"), its caption lost; the УПД's other
# framed numbers ([8]…[19]) stand in its lower block, far below the head.
_FRAMED_ALONE = re.compile(r"^\[\s*([12])\s*\](?:\s|$)")
STATUS_HEAD_LINES = 12


def _framed_alone(text: str) -> int | None:
    for line in text.splitlines()[:STATUS_HEAD_LINES]:
        found = _FRAMED_ALONE.match(fold(line).strip())
        if found:
            return int(found.group(1))
    return None


def _other_confidence(top_score: float, legible: bool, titled: bool) -> float:
    """A legible page with no form's markers is surely `other`; a document titled as none of
    the forms ("ДОГОВОР ПОСТАВКИ …") is so even beside a form's name in its text (a supply
    contract speaks of "товарная накладная")."""
    if not legible:
        return UNREAD_OTHER_CONF
    room = 2 * (OTHER_TITLE_SCORE if titled else MIN_SCORE)
    return round(max(0.5, 1.0 - top_score / room), 3)
