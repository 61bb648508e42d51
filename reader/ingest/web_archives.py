"""Single-file saved web pages: MHTML (Chrome, Edge, old Internet Explorer) and Safari web archives.

Both wrap the page's HTML with its pictures, styles and scripts. Only the main HTML is read, and it
is cleaned exactly like a saved ``.html`` page (`reader.ingest.html_page`); the saved page's
original address becomes the article's URL. The other resources are never decoded, fetched or
shown (an image in the article becomes its alt-text caption, as for a saved page).

* MHTML is a MIME message (``multipart/related``), read with the standard library's ``email``
  package: the main part is the one the message's ``start`` parameter names, else the first
  ``text/html`` part; the address is the message's ``Snapshot-Content-Location`` (Chrome) or the
  main part's ``Content-Location``. A ``.mht`` file that is plain HTML after all is read as such.
* A Safari ``.webarchive`` is a property list (binary, or XML from old versions), read with
  ``plistlib``: ``WebMainResource`` holds the page's bytes (``WebResourceData``), their encoding
  name and the page's URL. A web archive of a PDF or a text file is read as that.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from email.message import Message
from typing import Any

from reader.document import Document
from reader.ingest.sniff import IngestError, decode

HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_START_RE = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S
)


def _html_document(data: bytes, charset: str | None, url: str | None) -> tuple[Document, str]:
    """HTML bytes (with the encoding their container declared, if any) → the article."""
    from reader.ingest.html_page import extract_html

    text, encoding = _decode(data, charset)
    document = extract_html(text, url=url if _web_url(url) else None)
    return document, encoding


def _decode(data: bytes, charset: str | None) -> tuple[str, str]:
    """The container's charset when the bytes agree with it, else the usual detection."""
    name = _codec(charset)
    if name:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            pass  # a wrong label is common; detect instead
    return decode(data, "html")


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _web_url(url: str | None) -> bool:
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


# -- MHTML --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MainPage:
    """The saved page inside an archive: its bytes, their declared encoding, its address."""

    data: bytes
    mime: str
    charset: str | None
    url: str | None
    title: str = ""  # the container's own idea of the title (an MHTML Subject)


def mhtml_page(data: bytes) -> MainPage:
    """The main page of an ``.mhtml``/``.mht`` file; `IngestError` says why there is none."""
    import email
    import email.policy

    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
    except Exception as exc:  # the parser is lenient; this is a last net
        raise IngestError("damaged MHTML file: its MIME structure cannot be read") from exc
    if not message.is_multipart() and not message.keys():
        if _HTML_START_RE.match(data[:4096]):  # a .mht that is just a saved HTML page
            return MainPage(data, "text/html", None, None)
        raise IngestError("not an MHTML file: no MIME headers at its start")
    main = _main_part(message)
    if main is None:
        raise IngestError("MHTML file holds no HTML page")
    payload = main.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise IngestError("MHTML file's page is empty")
    url = _header(message, "Snapshot-Content-Location") or _header(main, "Content-Location")
    return MainPage(payload, "text/html", main.get_content_charset(), url, _subject(message))


def extract_mhtml(data: bytes) -> tuple[Document, str]:
    """The article in an ``.mhtml``/``.mht`` file, and the encoding of its HTML."""
    page = mhtml_page(data)
    document, encoding = _html_document(page.data, page.charset, page.url)
    if not document.title:
        document.title = page.title
    return document, encoding


def _header(part: Message, name: str) -> str | None:
    value = part.get(name)
    return " ".join(str(value).split()) if value else None


def _subject(message: Message) -> str:
    """The message's Subject (the page title, possibly RFC 2047-encoded)."""
    from email.header import decode_header, make_header

    raw = message.get("Subject")
    if not raw:
        return ""
    try:
        return " ".join(str(make_header(decode_header(str(raw)))).split())
    except (ValueError, LookupError, UnicodeDecodeError):
        return " ".join(str(raw).split())


def _main_part(message: Message) -> Message | None:
    """The part ``start`` names (a Content-ID), else the first HTML part, else a single part."""
    if not message.is_multipart():
        return message if message.get_content_type() in HTML_TYPES else None
    parts = [p for p in message.walk() if not p.is_multipart()]
    start = message.get_param("start")
    if isinstance(start, str) and start.strip("<>"):
        wanted = start.strip().strip("<>")
        for part in parts:
            if str(part.get("Content-ID", "")).strip().strip("<>") == wanted:
                return part
    return next((p for p in parts if p.get_content_type() in HTML_TYPES), None)


# -- Safari web archives ------------------------------------------------------------------------


def webarchive_page(data: bytes) -> MainPage:
    """The main resource of a Safari ``.webarchive``; `IngestError` says why there is none."""
    import plistlib

    try:
        archive: Any = plistlib.loads(data)
    except Exception as exc:  # plistlib raises several types on damaged or hostile input
        raise IngestError("damaged Safari web archive: its property list cannot be read") from exc
    main = archive.get("WebMainResource") if isinstance(archive, dict) else None
    if not isinstance(main, dict):
        raise IngestError("not a Safari web archive: it has no main resource")
    body = main.get("WebResourceData")
    if not isinstance(body, bytes | bytearray) or not bytes(body).strip():
        raise IngestError("Safari web archive's page is empty")
    mime = main.get("WebResourceMIMEType")
    charset = main.get("WebResourceTextEncodingName")
    url = main.get("WebResourceURL")
    return MainPage(
        bytes(body),
        str(mime).lower() if isinstance(mime, str) and mime else "text/html",
        charset if isinstance(charset, str) else None,
        url if isinstance(url, str) else None,
    )


def extract_webarchive(data: bytes) -> tuple[Document, str]:
    """The article in a Safari ``.webarchive``, and the encoding of its page. A web archive of
    a PDF or of a text file is read as one."""
    page = webarchive_page(data)
    url = page.url if _web_url(page.url) else None
    if page.mime in HTML_TYPES:
        return _html_document(page.data, page.charset, url)
    if page.mime == "application/pdf":
        from reader.ingest.pdf import extract_pdf

        document = extract_pdf(page.data)
        document.url = document.url or url
        return document, "pdf"
    if page.mime.startswith("text/"):
        from reader.ingest.text_dump import clean_text_dump

        text, encoding = _decode(page.data, page.charset)
        document = clean_text_dump(text)
        document.url = url
        return document, encoding
    raise IngestError(f"Safari web archive of a {page.mime} file, not of a page")


def page_text(page: MainPage) -> str:
    """The main page as text, for showing the original (see `reader.ingest.original`)."""
    if page.mime == "application/pdf":
        from reader.ingest.pdf import pdf_text

        return pdf_text(page.data).text
    return _decode(page.data, page.charset)[0]
