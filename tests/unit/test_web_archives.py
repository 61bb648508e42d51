"""MHTML and Safari web archives built in the test: the page inside is cleaned like a saved page."""

from __future__ import annotations

import plistlib
from pathlib import Path

import pytest

from reader.ingest import IngestError, clean_file
from reader.ingest.sniff import sniff_container
from reader.ingest.web_archives import extract_mhtml, extract_webarchive
from tests.format_files import PARAGRAPHS, TITLE, URL, article_html, mhtml, webarchive

WESTERN = "Déjà vu at the café: “naïve” pricing, said José, and the crème brûlée costs €9."


def test_mhtml_page_is_cleaned_with_its_original_address() -> None:
    doc, encoding = extract_mhtml(mhtml(article_html(TITLE, PARAGRAPHS)))
    assert doc.title == TITLE
    assert [b.text for b in doc.blocks] == PARAGRAPHS
    assert doc.url == URL
    assert doc.site == "news.example.org"
    assert encoding == "utf-8"


def test_mhtml_main_part_named_by_start_parameter() -> None:
    doc, _ = extract_mhtml(mhtml(article_html(TITLE, PARAGRAPHS), start=True))
    assert [b.text for b in doc.blocks] == PARAGRAPHS


def test_mhtml_legacy_charset_is_honoured() -> None:
    page = article_html(TITLE, [WESTERN, *PARAGRAPHS])
    doc, encoding = extract_mhtml(mhtml(page, charset="windows-1252"))
    assert WESTERN in [b.text for b in doc.blocks]
    assert encoding == "cp1252"


def test_mht_that_is_plain_html_is_read_as_a_page(tmp_path: Path) -> None:
    path = tmp_path / "old.mht"
    path.write_text(article_html(TITLE, PARAGRAPHS), encoding="utf-8")
    cleaned = clean_file(path)
    assert cleaned.document.title == TITLE


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Just some words in a file named like MHTML.\n", "not an MHTML file"),
        (
            b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n"
            b"--x\r\nContent-Type: image/png\r\n\r\nabc\r\n--x--\r\n",
            "MHTML file holds no HTML page",
        ),
    ],
)
def test_mhtml_refusals_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        extract_mhtml(data)


@pytest.mark.parametrize("binary", [True, False])
def test_webarchive_page_is_cleaned_with_its_address(binary: bool) -> None:
    doc, encoding = extract_webarchive(webarchive(article_html(TITLE, PARAGRAPHS), binary=binary))
    assert doc.title == TITLE
    assert [b.text for b in doc.blocks] == PARAGRAPHS
    assert doc.url == URL
    assert encoding == "utf-8"


def test_webarchive_encoding_name_is_used() -> None:
    page = article_html(TITLE, [WESTERN, *PARAGRAPHS])
    doc, encoding = extract_webarchive(webarchive(page, encoding="windows-1252"))
    assert WESTERN in [b.text for b in doc.blocks]
    assert encoding == "cp1252"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"bplist00" + b"\x00" * 40, "damaged Safari web archive"),
        (plistlib.dumps({"WebSubresources": []}, fmt=plistlib.FMT_BINARY), "no main resource"),
        (
            plistlib.dumps(
                {
                    "WebMainResource": {
                        "WebResourceData": b"\x89PNG",
                        "WebResourceMIMEType": "image/png",
                    }
                },
                fmt=plistlib.FMT_BINARY,
            ),
            "Safari web archive of a image/png file",
        ),
    ],
)
def test_webarchive_refusals_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        extract_webarchive(data)


@pytest.mark.parametrize(
    ("name", "builder", "fmt"),
    [
        ("page.html", lambda: mhtml(article_html(TITLE, PARAGRAPHS)), "mhtml"),
        ("page.txt", lambda: webarchive(article_html(TITLE, PARAGRAPHS)), "webarchive"),
        ("page", lambda: webarchive(article_html(TITLE, PARAGRAPHS), binary=False), "webarchive"),
    ],
)
def test_content_decides_the_format(name: str, builder, fmt: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = builder()
    assert sniff_container(Path(name), data) == fmt
    path = tmp_path / name
    path.write_bytes(data)
    cleaned = clean_file(path)
    assert (cleaned.format, cleaned.document.title) == (fmt, TITLE)
