"""Format, encoding and sanity checks on real bytes."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from reader.ingest.sniff import IngestError, decode, decode_file

WESTERN = "Café crème brûlée, “quoted” — naïve résumé; €100 for Ünter Straße."


def test_utf8_text() -> None:
    d = decode_file(Path("a.txt"), WESTERN.encode("utf-8"))
    assert (d.text, d.encoding, d.format) == (WESTERN, "utf-8", "text")


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    ],
)
def test_byte_order_marks(bom: bytes, codec: str, name: str) -> None:
    text, enc = decode(bom + WESTERN.encode(codec))
    assert text == WESTERN
    assert enc == name


def test_utf16_without_bom_is_detected() -> None:
    text, enc = decode(("Plain article text. " * 20).encode("utf-16-le"))
    assert text.startswith("Plain article text.")
    assert enc == "utf-16"


def test_windows_1252_html_without_declared_charset() -> None:
    page = f"<html><body><p>{WESTERN}</p></body></html>".encode("cp1252")
    d = decode_file(Path("page.html"), page)
    assert WESTERN in d.text
    assert d.encoding == "cp1252"
    assert d.format == "html"


def test_declared_charset_is_used() -> None:
    cyr = "Привет, мир! Это статья о погоде и о людях."
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{cyr}</p></body></html>'
    d = decode_file(Path("p.htm"), page.encode("cp1251"))
    assert cyr in d.text


def test_wrong_declared_charset_falls_back_to_detection() -> None:
    page = f'<meta charset="utf-8"><p>{WESTERN}</p>'.encode("cp1252")
    d = decode_file(Path("p.html"), page)
    assert WESTERN in d.text


def test_latin1_label_means_windows_1252() -> None:
    page = '<meta charset="iso-8859-1"><p>It’s “quoted”</p>'.encode("cp1252")
    assert "It’s “quoted”" in decode_file(Path("p.html"), page).text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty(data: bytes) -> None:
    with pytest.raises(IngestError, match="empty"):
        decode_file(Path("e.txt"), data)


def test_random_bytes_are_binary() -> None:
    with pytest.raises(IngestError, match="binary"):
        decode_file(Path("r.txt"), os.urandom(4096))


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"MZ\x90\x00\x03", "Windows executable"),
    ],
)
def test_known_binary_signatures(data: bytes, what: str) -> None:
    with pytest.raises(IngestError, match=what):
        decode_file(Path("x.txt"), data)


def test_html_content_in_txt_file_is_html() -> None:
    d = decode_file(Path("saved.txt"), b"<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert d.format == "html"


@pytest.mark.parametrize(
    ("name", "body", "fmt"),
    [
        ("notes", "# Title\n\n- one\n- two\n\n> quote\n", "markdown"),
        ("page", "<div><p>a</p><p>b</p><p>c</p><a href=x>d</a><span>e</span></div>", "html"),
        ("dump", "Just some words\n\nMore words here.\n", "text"),
    ],
)
def test_format_sniffed_without_extension(name: str, body: str, fmt: str) -> None:
    assert decode_file(Path(name), body.encode()).format == fmt


# -- wrong verdicts (issue 14) -------------------------------------------------------------------

ARTICLE = "Café crème brûlée — naïve résumé, “quoted” in Zürich. " * 60


def test_a_stray_invalid_byte_keeps_utf8_and_says_so() -> None:
    data = ARTICLE.encode("utf-8")
    cut = data.index(b" ", 1500)
    damaged = data[:cut] + b"\xff" + data[cut:]
    d = decode_file(Path("a.txt"), damaged)
    assert d.encoding == "utf-8"
    assert d.text == ARTICLE[: len(data[:cut].decode())] + "\ufffd" + data[cut:].decode()
    assert d.note == "1 invalid UTF-8 sequence replaced with U+FFFD"


def test_a_truncated_utf8_file_keeps_utf8() -> None:
    data = ARTICLE.encode("utf-8") + "€".encode()[:2]
    d = decode_file(Path("a.md"), data)
    assert d.encoding == "utf-8"
    assert d.text.startswith(ARTICLE)
    assert d.note is not None


def test_legacy_western_text_is_still_windows_1252() -> None:
    d = decode_file(Path("a.txt"), ARTICLE.encode("cp1252"))
    assert (d.text, d.encoding, d.note) == (ARTICLE, "cp1252", None)


@pytest.mark.parametrize(
    "start",
    ["MZ", "ID3", "RIFF", "OggS", "Rar!", "GIF89a", "MZ\x90 is not a header"],
)
def test_text_starting_like_a_signature_is_text(start: str) -> None:
    text = f"{start} was the word on everyone's lips.\n\nA second paragraph follows here.\n"
    d = decode_file(Path("a.txt"), text.encode())
    assert d.text == text


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50,
            "Windows executable",
        ),
        (b"ID3\x04\x00\x00\x00\x00\x1f\x76TIT2" + b"\x00" * 20, "MP3"),
        (b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00", "audio or video"),
        (b"OggS\x00\x02" + b"\x00" * 20, "audio"),
        (b"Rar!\x1a\x07\x01\x00", "RAR"),
    ],
)
def test_real_headers_with_printable_signatures_are_binary(data: bytes, what: str) -> None:
    with pytest.raises(IngestError, match=what):
        decode_file(Path("x.txt"), data + b"more bytes")


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"])
def test_wide_encodings_without_bom(codec: str) -> None:
    d = decode_file(Path("a.txt"), ARTICLE.encode(codec))
    assert (d.text, d.encoding) == (ARTICLE, codec[:6])


def test_a_utf8_page_still_declaring_its_old_charset_is_utf8() -> None:
    page = f'<html><head><meta charset="iso-8859-5"></head><body><p>{ARTICLE}</p></body></html>'
    d = decode_file(Path("p.html"), page.encode("utf-8"))
    assert d.encoding == "utf-8"
    assert ARTICLE in d.text
