"""Tell the six document classes apart by the forms' own printed markers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from recognizers.textnorm import fold, squash

# (class, squashed marker, weight when in the header, weight elsewhere). Header markers are
# the forms' titles and codes; elsewhere they are often just mentioned (a contract citing
# "форма ТОРГ-12"), hence the low weight.
_MARKERS: tuple[tuple[str, str, float, float], ...] = (
    ("upd", "универсальныйпередаточныйдокумент", 6.0, 3.0),
    ("upd", "счетфактураипередаточныйдокумент", 3.0, 2.0),
    ("upd", "передаточныйдокументакт", 2.0, 1.0),
    ("torg12", "торг12", 4.0, 0.5),
    ("torg12", "0330212", 4.0, 2.0),
    ("torg12", "товарнаянакладная", 3.0, 0.5),
    ("torg12", "всегоотпущенонасумму", 0.0, 2.0),
    ("torg12", "грузополучатель", 1.0, 0.5),
    ("vat_invoice", "счетфактура", 3.0, 0.3),
    ("vat_invoice", "1137", 1.5, 0.5),
    ("vat_invoice", "исправление", 1.0, 0.3),
    ("vat_invoice", "адрес", 0.3, 0.1),
    ("act", "актвыполненныхработ", 5.0, 0.5),
    ("act", "оказанныхуслуг", 3.0, 0.5),
    ("act", "акт", 1.5, 0.0),
    ("act", "претензийпообъему", 0.0, 2.0),
    ("act", "претензий", 0.0, 0.7),
    ("act", "исполнитель", 0.5, 0.5),
    ("act", "заказчик", 0.5, 0.5),
    ("payment_invoice", "счетнаоплату", 6.0, 1.0),
    ("payment_invoice", "банкполучателя", 2.5, 1.5),
    ("payment_invoice", "образецзаполнения", 2.0, 1.0),
    ("payment_invoice", "оплатаданногосчета", 0.0, 2.0),
    ("payment_invoice", "всегонаименований", 0.0, 1.0),
)
# A class needs at least this score to be chosen over "other".
MIN_SCORE = 4.0
HEADER_LINES = 25
MAX_TITLE_CHARS = 70
# OCR reads the status box's frame as [, (, | or l around the digit.
_STATUS = re.compile(r"статус[:\s.]*[\[(|l]?\s*([12])\b")
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
    ("vat_invoice", re.compile(r"сч[её]т\s*-?\s*фактура\s*(№|n)"), 2.0),
)
TITLE_LINES = 12
# The УПД's status block is a narrow column: its words land on separate text lines.
_UPD_WORDS = ("универсальный", "передаточный")


def classify(first_page_text: str, rest_text: str = "") -> Classification:
    """Classify by markers; header lines of the first page weigh most."""
    header, body = _split_header(first_page_text)
    body += squash(rest_text)
    scores: dict[str, float] = {}
    for doc_type, marker, in_header, elsewhere in _MARKERS:
        if marker in header:
            scores[doc_type] = scores.get(doc_type, 0.0) + in_header
        elif marker in body:
            scores[doc_type] = scores.get(doc_type, 0.0) + elsewhere
    _title_scores(first_page_text, scores)
    # Every УПД also carries the счёт-фактура title; the УПД markers must win over it.
    if scores.get("upd", 0.0) >= 3.0:
        scores["vat_invoice"] = scores.get("vat_invoice", 0.0) - 3.0
    if _other_title(first_page_text):
        scores["other"] = OTHER_TITLE_SCORE
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if ranked and ranked[0][0] == "other":
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        return Classification("other", None, _other_confidence(runner_up), scores)
    if not ranked or ranked[0][1] < MIN_SCORE:
        top = ranked[0][1] if ranked else 0.0
        return Classification("other", None, _other_confidence(top), scores)
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = max(0.0, min(1.0, (best_score - max(runner_up, 0.0)) / best_score))
    confidence = round(0.5 + 0.5 * confidence * min(1.0, best_score / 8.0), 3)
    status = _upd_status(first_page_text) if best == "upd" else None
    if best == "upd" and status is None:
        status, confidence = 1, min(confidence, GUESSED_STATUS_CONF)  # the commoner status
    return Classification(best, status, confidence, scores)


def _other_title(text: str) -> bool:
    lines = [fold(line) for line in text.splitlines() if line.strip()]
    return any(_OTHER_TITLE.search(line) for line in lines[:OTHER_TITLE_LINES])


def _title_scores(text: str, scores: dict[str, float]) -> None:
    lines = [fold(line) for line in text.splitlines()]
    for line in lines[:TITLE_LINES]:
        if len(line) > 2 * MAX_TITLE_CHARS:
            continue
        for doc_type, pattern, weight in _TITLES:
            if pattern.search(line):
                scores[doc_type] = scores.get(doc_type, 0.0) + weight
    words = set(re.findall(r"[а-я]+", " ".join(lines[:HEADER_LINES])))
    if "статус" in words and ("универсальный" in words or "передаточный" in words):
        scores["upd"] = scores.get("upd", 0.0) + 6.0


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


_LONE_STATUS = re.compile(r"^[\[(|]?([12])[\])|]?(?:\s+(?![-–—])|$)")


def _upd_status(text: str) -> int | None:
    match = _STATUS.search(fold(text))
    if match:
        return int(match.group(1))
    # The status box digit is set larger than its caption and may land on a line of its own.
    lines = [fold(line) for line in text.splitlines()]
    for index, line in enumerate(lines):
        if "статус" not in line:
            continue
        for near in (lines[index - 1] if index else "", lines[index + 1] if index + 1 < len(
                lines) else ""):
            lone = _LONE_STATUS.match(near)
            if lone:
                return int(lone.group(1))
    return None


def _other_confidence(top_score: float) -> float:
    return round(max(0.5, 1.0 - top_score / (2 * MIN_SCORE)), 3)
