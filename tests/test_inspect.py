"""Upload-time checks on raw bytes: what gets refused, and why."""

from __future__ import annotations

import pytest

from recognizers.errors import BadDocument
from recognizers.inspect import inspect_file
from recognizers.sniff import sniff
from tests import samples

LIMITS = {"max_pixels": 120_000_000, "max_pages": 500}


def test_types_are_sniffed_from_bytes_not_names() -> None:
    assert sniff(samples.text_pdf(["x"])[:1024]) == "pdf"
    assert sniff(samples.scan(["x"], fmt="PNG")[:16]) == "png"
    assert sniff(samples.scan(["x"], fmt="JPEG")[:16]) == "jpeg"
    assert sniff(samples.multipage_tiff(["x"])[:16]) == "tiff"
    assert sniff(b"PK\x03\x04 a zip named scan.pdf") is None


def test_page_counts() -> None:
    assert inspect_file(samples.text_pdf(["a"], pages=3), **LIMITS).pages == 3
    info = inspect_file(samples.multipage_tiff(["a"], pages=2), **LIMITS)
    assert (info.kind, info.pages, info.content_type) == ("tiff", 2, "image/tiff")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"MZ\x90\x00 an executable", "unsupported_type"),
        (samples.corrupt_pdf(), "corrupt_pdf"),
        (samples.png_header_only(20_000, 10_000), "image_too_large"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "corrupt_image"),
    ],
    ids=["empty", "unknown", "corrupt-pdf", "200-megapixels", "corrupt-png"],
)
def test_bad_files_are_refused_with_a_reason(data: bytes, code: str) -> None:
    with pytest.raises(BadDocument) as caught:
        inspect_file(data, **LIMITS)
    assert caught.value.code == code
    assert any("а" <= ch <= "я" for ch in caught.value.message.lower())  # a Russian message


def test_encrypted_pdf_is_refused() -> None:
    data = samples.text_pdf(["Секрет"], encrypt="пароль")
    with pytest.raises(BadDocument) as caught:
        inspect_file(data, **LIMITS)
    assert caught.value.code == "encrypted_pdf"


def test_page_limit() -> None:
    with pytest.raises(BadDocument) as caught:
        inspect_file(samples.text_pdf(["a"], pages=4), max_pixels=10**8, max_pages=3)
    assert caught.value.code == "too_many_pages"
