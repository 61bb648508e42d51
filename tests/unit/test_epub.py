"""EPUB books built in the test: reading order, metadata, chapter headings, hostile archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reader.ingest import IngestError, clean_file, safe_zip
from reader.ingest.epub import extract_epub
from tests.format_files import epub

CHAPTERS: list[tuple[str | None, list[str]]] = [
    (
        "The Harbour",
        ["Seals haul out on the sandbanks at low tide.", "Visitors watch from the pier."],
    ),
    (None, ["The second chapter has no heading of its own, only a table of contents entry."]),
    ("The Survey", ["Counters walk the banks every spring.", "Their numbers go to the trust."]),
]


@pytest.mark.parametrize("version", [2, 3])
def test_book_is_one_article_in_reading_order(version: int) -> None:
    doc = extract_epub(epub("Seal Stories", CHAPTERS, version=version))
    assert doc.title == "Seal Stories"
    assert doc.byline == "Ann Example"
    assert doc.language == "en"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "The Harbour"),
        ("paragraph", "Seals haul out on the sandbanks at low tide."),
        ("paragraph", "Visitors watch from the pier."),
        ("heading", "Chapter 2"),  # from the table of contents
        ("paragraph", CHAPTERS[1][1][0]),
        ("heading", "The Survey"),
        ("paragraph", "Counters walk the banks every spring."),
        ("paragraph", "Their numbers go to the trust."),
    ]
    assert all(b.level == 2 for b in doc.blocks if b.kind == "heading")


def test_epub_is_recognised_by_content(tmp_path: Path) -> None:
    path = tmp_path / "book.zip.txt"
    path.write_bytes(epub("Seal Stories", CHAPTERS))
    cleaned = clean_file(path)
    assert (cleaned.format, cleaned.document.title) == ("epub", "Seal Stories")


def _zip(entries: dict[str, bytes], *, first_mimetype: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if first_mimetype:
            zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_bomb_is_refused() -> None:
    bomb = epub("Bomb", CHAPTERS, extra={"OEBPS/text/huge.xhtml": b"a" * (40 * 1024 * 1024)})
    assert len(bomb) < 200_000
    with pytest.raises(IngestError, match="zip bomb"):
        extract_epub(bomb)


def test_total_unpacked_size_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_zip, "MAX_TOTAL_BYTES", 2000)
    with pytest.raises(IngestError, match="unpacks to over"):
        extract_epub(epub("Long", [("Chapter", ["word " * 1000])]))


@pytest.mark.parametrize("name", ["../evil.xhtml", "/etc/passwd", "OEBPS\\..\\x", "C:/x.xhtml"])
def test_path_tricks_are_refused(name: str) -> None:
    with pytest.raises(IngestError, match="unsafe path"):
        extract_epub(epub("Tricks", CHAPTERS, extra={name: b"<p>x</p>"}))


def test_too_many_files_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_zip, "MAX_ENTRIES", 20)
    extra = {f"OEBPS/img/{i}.png": b"x" for i in range(30)}
    with pytest.raises(IngestError, match="files inside; over the 20 limit"):
        extract_epub(epub("Many", CHAPTERS, extra=extra))


def _rewrite(book: bytes, name: str, old: bytes, new: bytes) -> bytes:
    """The book with one member's text changed (members are compressed, so not in place)."""
    src = zipfile.ZipFile(io.BytesIO(book))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == name:
                assert old in data
                data = data.replace(old, new)
            out.writestr(info, data)
    return buf.getvalue()


def test_a_spine_entry_leaving_the_book_is_refused() -> None:
    book = _rewrite(
        epub("Out", CHAPTERS),
        "OEBPS/content.opf",
        b'href="text/ch2.xhtml"',
        b'href="../../ch2.xhtml"',
    )
    with pytest.raises(IngestError, match="outside the book"):
        extract_epub(book)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04" + b"\x00" * 100, "damaged EPUB: not a readable zip archive"),
        (_zip({"OEBPS/a.xhtml": b"<p>x</p>"}), "META-INF/container.xml is missing"),
        (_zip({"META-INF/container.xml": b"<container/>"}), "names no package file"),
    ],
)
def test_broken_books_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        extract_epub(data)


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    book = (
        epub("Entities", CHAPTERS)
        .replace(
            b'<?xml version="1.0" encoding="utf-8"?><package',
            f'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE package [<!ENTITY x SYSTEM "file://{secret}">]><package'.encode(),
        )
        .replace(b"<dc:title>Entities</dc:title>", b"<dc:title>Entities &x;</dc:title>")
    )
    doc = extract_epub(book)
    assert "TOP SECRET" not in doc.title


def test_drm_protected_chapters_are_refused_but_obfuscated_fonts_are_not() -> None:
    def encryption(uri: str) -> bytes:
        return (
            '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
            'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
            f'<enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData>'
            "</enc:EncryptedData></encryption>"
        ).encode()

    locked = epub(
        "Locked", CHAPTERS, extra={"META-INF/encryption.xml": encryption("OEBPS/text/ch2.xhtml")}
    )
    with pytest.raises(IngestError, match="DRM-protected"):
        extract_epub(locked)
    fonts = epub(
        "Fonts", CHAPTERS, extra={"META-INF/encryption.xml": encryption("OEBPS/fonts/a.otf")}
    )
    assert extract_epub(fonts).title == "Fonts"
