"""Decide what a file is before anyone tries to clean it: format, encoding, and whether it is text.

Every refusal raises `IngestError` with a short reason meant for the user ("file is empty", "binary
data (PNG image), not text"), so a batch import can report it on one line and go on.

Encoding, in order of trust: a byte-order mark; for HTML, a charset the page declares (when the
bytes actually decode with it); strict UTF-8; UTF-8 with a few damaged bytes (replaced by U+FFFD,
and the import says so); then `charset-normalizer`. Legacy Western files are by far the most common
non-UTF-8 input, and charset-normalizer often cannot tell windows-1252 from its Central-European or
Mac cousins on short texts, so windows-1252 wins a near-tie (as browsers do).

A known file signature alone does not make a file binary: "MZ", "ID3" or "RIFF" also start
ordinary sentences. Signatures made of printable characters count only when the header after them
holds the control bytes every real file of that kind has.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Format = Literal["text", "html", "markdown", "pdf", "mhtml", "webarchive", "epub"]

# The one table of what Margin reads: the CLI, the window's open dialog, drag and drop and watched
# folders all derive their lists from it.
EXTENSIONS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".pdf": "pdf",
    ".mhtml": "mhtml",
    ".mht": "mhtml",
    ".webarchive": "webarchive",
    ".epub": "epub",
}
# Formats whose extractor reads the file's bytes itself (they are not decoded as text first).
CONTAINER_FORMATS: frozenset[Format] = frozenset({"pdf", "mhtml", "webarchive", "epub"})
SNIFF_BYTES = 64 * 1024


class IngestError(Exception):
    """A file cannot become an article; ``str(err)`` is the one-line reason for the user."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    format: Format
    note: str | None = None  # something the user should know, e.g. damaged bytes were replaced


_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x7fELF", "executable program"),
    (b"MZ", "Windows executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"RIFF", "audio or video file"),
    (b"OggS", "audio file"),
    (b"ID3", "MP3 audio"),
]

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")
_HTML_START_RE = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS_RE = re.compile(r"</?(?:p|div|span|a|h[1-6]|article|section|br|li)\b[^>]*>", re.I)
_MD_MARKS_RE = re.compile(r"^(?:#{1,6} \S|[-*+] \S|\d+\. \S|> |```|---\s*$)", re.MULTILINE)

# WHATWG: labels of Latin-1 mean windows-1252 in practice.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-user-defined": "cp1252",
}


def format_for_extension(path: Path) -> Format | None:
    return EXTENSIONS.get(path.suffix.lower())


_MHTML_HEADER_RE = re.compile(
    rb"^(?:[!-9;-~]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?"
    rb"content-type:\s*multipart/related",
    re.IGNORECASE,
)


def _is_pdf(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]  # readers accept junk before the header


def _is_epub(head: bytes) -> bool:
    # The first entry of an EPUB is the stored file "mimetype" (OCF); a zip with the book's
    # container file elsewhere is an EPUB too, and the EPUB reader says what is wrong with it.
    return head.startswith(b"PK\x03\x04") and (
        head[30:58] == b"mimetypeapplication/epub+zip" or b"META-INF/container.xml" in head
    )


def _is_webarchive(head: bytes) -> bool:
    return (head.startswith(b"bplist00") or b"<plist" in head[:512]) and (
        b"WebMainResource" in head
    )


def _is_mhtml(head: bytes) -> bool:
    return bool(_MHTML_HEADER_RE.match(head.lstrip(b"\r\n")[:8192]))


# Content signatures of the formats read from bytes, tried in order.
SIGNATURES: tuple[tuple[Format, Callable[[bytes], bool]], ...] = (
    ("pdf", _is_pdf),
    ("epub", _is_epub),
    ("webarchive", _is_webarchive),
    ("mhtml", _is_mhtml),
)


def sniff_container(path: Path, data: bytes) -> Format | None:
    """The byte-read format this file is, by its content first (a ``.html`` file that is
    really a PDF is a PDF), else by its extension; None for the text formats.

    A file named for a container format whose bytes are text (a ``.pdf`` holding HTML) is read
    for what it is; binary bytes (and any ``.mhtml``, which is text) go to the format's reader,
    whose refusal then names the problem.
    """
    head = data[:SNIFF_BYTES]
    for fmt, matches in SIGNATURES:
        if matches(head):
            return fmt
    by_ext = format_for_extension(path)
    if by_ext in CONTAINER_FORMATS and (by_ext == "mhtml" or not _looks_like_text(head)):
        return by_ext
    return None


def _looks_like_text(head: bytes) -> bool:
    try:
        check_binary(head)
    except IngestError:
        return False
    return True


# Signatures that also start ordinary words ("MZ was...", "ID3 tags", "RIFF is..."): they count
# only with a binary header after them.
_WORDLIKE_SIGNATURES = frozenset({b"MZ", b"ID3", b"RIFF", b"OggS", b"Rar!", b"GIF87a", b"GIF89a"})
# Control bytes that never occur in text (tab, newlines, form feed and escape excepted).
_BINARY_CONTROLS = frozenset(range(32)) - {9, 10, 12, 13, 27} | {127}
_HEADER_BYTES = 64


def _has_signature(data: bytes, magic: bytes) -> bool:
    """``data`` starts with ``magic`` and, for a word-like signature, a binary header follows."""
    if not data.startswith(magic):
        return False
    if magic not in _WORDLIKE_SIGNATURES:
        return True
    header = data[len(magic) : len(magic) + _HEADER_BYTES]
    return any(b in _BINARY_CONTROLS for b in header)


def check_binary(data: bytes) -> None:
    """Refuse data that is plainly not text (known file signatures, NUL bytes, control codes)."""
    for magic, what in _MAGIC:
        if _has_signature(data, magic):
            raise IngestError(f"binary data ({what}), not text")
    if _bom_encoding(data):
        return
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        # UTF-16 or UTF-32 without BOM: NULs at every other (every 2-4 of 4) byte of ASCII text.
        if _looks_wide(head):
            return
        raise IngestError("binary data (contains NUL bytes), not text")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and controls / len(head) > 0.01:
        raise IngestError("binary data (control characters), not text")


def _looks_wide(head: bytes) -> str | None:
    """``utf-32-le``/``-be`` or ``utf-16-le``/``-be`` for BOM-less text in those, else None."""
    if len(head) >= 8 and len(head) % 4 == 0:
        q = [head[i::4] for i in range(4)]
        for hi, mid, lo, name in ((3, 2, 0, "utf-32-le"), (0, 1, 3, "utf-32-be")):
            n = len(q[hi])
            if q[hi].count(0) == n and q[mid].count(0) > 0.9 * n and q[lo].count(0) < 0.05 * n:
                return name
    even, odd = head[0::2], head[1::2]
    if len(head) >= 4 and odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if len(head) >= 4 and even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _bom_encoding(data: bytes) -> str | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def _normalize_label(label: str) -> str | None:
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    m = _XML_DECL_RE.search(head) or _META_CHARSET_RE.search(head)
    if not m:
        return None
    return _normalize_label(m.group(1).decode("ascii", "ignore"))


def decode(data: bytes, fmt: Format | None = None) -> tuple[str, str]:
    """Return ``(text, encoding name)``; raise `IngestError` when no encoding fits."""
    text, encoding, _note = decode_with_note(data, fmt)
    return text, encoding


def decode_with_note(data: bytes, fmt: Format | None = None) -> tuple[str, str, str | None]:
    """`decode`, plus a note for the user when the text had to be repaired."""
    bom = _bom_encoding(data)
    if bom:
        try:
            text = data[len(_bom_for(bom)) :].decode(bom)
        except UnicodeDecodeError as exc:
            raise IngestError(f"undecodable bytes: invalid {bom} after a byte-order mark") from exc
        return text, bom.replace("-le", "").replace("-be", ""), None
    wide = _looks_wide(data[:SNIFF_BYTES]) if b"\x00" in data[:SNIFF_BYTES] else None
    if wide:
        name = wide[:6]
        try:
            return data.decode(wide), name, None
        except UnicodeDecodeError as exc:
            what = name.upper()
            raise IngestError(f"undecodable bytes: looks like {what} but is not valid") from exc
    if fmt == "html":
        declared = declared_charset(data)
        if declared and declared != "utf-8" and _is_utf8_with_non_ascii(data):
            declared = None  # re-saved as UTF-8 with the old declaration left in place
        if declared and declared not in ("utf-16", "utf-32", "utf_16", "utf_32"):
            try:
                return data.decode(declared), declared, None
            except UnicodeDecodeError:
                pass  # a wrong declaration is common; detect instead
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    text, encoding = _detect(data)
    return text, encoding, None


def _is_utf8_with_non_ascii(data: bytes) -> bool:
    """Valid UTF-8 with multi-byte characters: no legacy encoding produces that by chance."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# UTF-8 with damage: at least this many well-formed multi-byte characters per invalid byte.
UTF8_VALID_PER_INVALID = 4
_HIGH_BYTES = bytes(range(128, 256))


def _damaged_utf8(data: bytes) -> tuple[str, str, str] | None:
    """UTF-8 text with a few invalid bytes (a stray 0xFF, a cut character): decoded with U+FFFD.

    Legacy single-byte files put every accented letter on an invalid byte and rarely form valid
    multi-byte sequences, so they do not pass; a UTF-8 file keeps its many valid ones.
    """
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    ascii_bytes = len(data.translate(None, _HIGH_BYTES))
    valid = len(text) - ascii_bytes - text.count("\ufffd")
    if invalid <= 0 or valid < UTF8_VALID_PER_INVALID * invalid:
        return None
    what = "1 invalid UTF-8 sequence" if invalid == 1 else f"{invalid} invalid UTF-8 sequences"
    return text, "utf-8", f"{what} replaced with U+FFFD"


def _bom_for(enc: str) -> bytes:
    return next(bom for bom, e in _BOMS if e == enc)


def _detect(data: bytes) -> tuple[str, str]:
    import charset_normalizer  # only for files that are not UTF-8 (most are)

    matches = list(charset_normalizer.from_bytes(data[: 4 * 1024 * 1024]))
    if not matches:
        raise IngestError("undecodable bytes: not UTF-8 and no known encoding fits")
    best = matches[0]
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None:
        for m in matches:
            same_text = m.encoding == "cp1252" or str(m)[:2000] == western[:2000]
            if same_text and m.chaos <= best.chaos + 0.05:
                return western, "cp1252"
    text = data.decode(best.encoding, errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 100):
        raise IngestError("undecodable bytes: not UTF-8 and no known encoding fits")
    return text, _normalize_label(best.encoding) or best.encoding


def text_format_for_extension(path: Path) -> Format | None:
    fmt = format_for_extension(path)
    return None if fmt in CONTAINER_FORMATS else fmt


def sniff_format(path: Path, text: str) -> Format:
    """Content wins over a misleading extension only when it is unmistakable."""
    by_ext = text_format_for_extension(path)
    head = text[:SNIFF_BYTES]
    if _HTML_START_RE.match(head):
        return "html"
    if by_ext is not None:
        return by_ext
    if len(_HTML_TAGS_RE.findall(head)) >= 5:
        return "html"
    if len(_MD_MARKS_RE.findall(head)) >= 3:
        return "markdown"
    return "text"


def decode_file(path: Path, data: bytes) -> Decoded:
    """Bytes of a file → text, encoding and format, or `IngestError` with the reason."""
    if not data.strip():
        raise IngestError("file is empty")
    check_binary(data)
    ext_format = text_format_for_extension(path)
    text, encoding, note = decode_with_note(
        data, ext_format or ("html" if b"<html" in data[:4096].lower() else None)
    )
    if not text.strip():
        raise IngestError("file is empty")
    return Decoded(text=text, encoding=encoding, format=sniff_format(path, text), note=note)
