"""EPUB books (read-later exports, Calibre, publishers) → one `Document` per book.

The book's parts are read in the order a reader turns the pages: ``META-INF/container.xml``
names the package file (OPF), whose ``spine`` lists the XHTML documents in reading order
(non-linear ones, such as footnote pages, are left out). The package's metadata gives title,
author and language. Each document's body becomes blocks with the same converter saved pages use
(`reader.ingest.html_blocks`), so headings, lists, quotes, tables and emphasis come through; a
book's ``h1`` chapter titles become level-2 headings (the book's title is the article's), and a
chapter without a heading of its own gets the one its table of contents gives it. Nothing is
cleaned away: a book has no page furniture.

The archive is untrusted: `reader.ingest.safe_zip` refuses zip bombs, path tricks, encrypted
(DRM) content and absurd numbers of files; XML is parsed without network access, DTDs or entity
expansion.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urldefrag

from reader.document import Block, Document, normalize_inline
from reader.ingest.safe_zip import SafeZip
from reader.ingest.sniff import IngestError

CONTAINER = "META-INF/container.xml"
ENCRYPTION = "META-INF/encryption.xml"
XHTML_TYPES = ("application/xhtml+xml", "text/html", "application/xml", "text/x-oeb1-document")
NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "enc": "http://www.w3.org/2001/04/xmlenc#",
}
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(slots=True)
class Package:
    """What the OPF says: where it is, the book's metadata, the spine and the contents files."""

    path: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    published: str | None = None
    spine: list[str] = field(default_factory=list)  # archive paths, reading order
    nav: str | None = None  # EPUB 3 navigation document
    ncx: str | None = None  # EPUB 2 table of contents


def _xml(data: bytes, what: str) -> Any:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise IngestError(f"damaged EPUB: {what} is not readable XML") from exc
    if root is None:
        raise IngestError(f"damaged EPUB: {what} is not readable XML")
    return root


def _text(elem: Any) -> str:
    return normalize_inline("".join(elem.itertext())) if elem is not None else ""


def _resolve(base: str, href: str) -> str | None:
    """An href inside the book → the archive path it names (None if it leaves the book)."""
    href = unquote(urldefrag(href).url)
    if not href or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
        return None  # empty, or another scheme (http:, data:, ...)
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), href))
    if path.startswith(("../", "/")) or path == "..":
        raise IngestError(f"EPUB refers to a file outside the book: {href[:80]!r}")
    return path


def read_package(book: SafeZip) -> Package:
    if not book.has(CONTAINER):
        raise IngestError("not an EPUB book: META-INF/container.xml is missing")
    container = _xml(book.read(CONTAINER), CONTAINER)
    rootfile = container.find(".//c:rootfile", NS)
    if rootfile is None or not rootfile.get("full-path"):
        raise IngestError("damaged EPUB: its container names no package file")
    path = _resolve("", rootfile.get("full-path", ""))
    if path is None or not book.has(path):
        raise IngestError("damaged EPUB: its package file is missing")
    opf = _xml(book.read(path), path)
    pkg = Package(path=path)
    meta = opf.find("opf:metadata", NS)
    if meta is None:
        meta = opf.find(".//opf:metadata", NS)
    if meta is not None:
        pkg.title = _text(meta.find("dc:title", NS))
        pkg.authors = [a for a in (_text(c) for c in meta.findall("dc:creator", NS)) if a]
        pkg.language = _text(meta.find("dc:language", NS)) or None
        pkg.published = _text(meta.find("dc:date", NS)) or None
    manifest: dict[str, tuple[str, str, str]] = {}
    for item in opf.iterfind(".//opf:manifest/opf:item", NS):
        target = _resolve(path, item.get("href", ""))
        if target is not None and item.get("id"):
            manifest[item.get("id", "")] = (
                target,
                item.get("media-type", ""),
                item.get("properties", ""),
            )
    for target, _, props in manifest.values():
        if "nav" in props.split():
            pkg.nav = target
    spine = opf.find(".//opf:spine", NS)
    if spine is None:
        raise IngestError("damaged EPUB: its package has no spine (reading order)")
    toc = manifest.get(spine.get("toc", ""))
    pkg.ncx = toc[0] if toc else None
    for ref in spine.iterfind("opf:itemref", NS):
        entry = manifest.get(ref.get("idref", ""))
        if entry is None or ref.get("linear", "yes").lower() == "no":
            continue
        target, media, _ = entry
        readable = media in XHTML_TYPES or target.lower().endswith((".xhtml", ".html", ".htm"))
        if readable and target not in pkg.spine:
            pkg.spine.append(target)
    if not pkg.spine:
        raise IngestError("EPUB has no readable chapters in its reading order")
    return pkg


def _check_drm(book: SafeZip, pkg: Package) -> None:
    """Refuse a book whose chapters are encrypted (DRM); obfuscated fonts alone are fine."""
    if not book.has(ENCRYPTION):
        return
    root = _xml(book.read(ENCRYPTION), ENCRYPTION)
    encrypted = {
        unquote(ref.get("URI", "")).lstrip("/")
        for ref in root.iterfind(".//enc:CipherReference", NS)
    }
    if encrypted & set(pkg.spine):
        raise IngestError(
            "EPUB is DRM-protected (its chapters are encrypted); Margin cannot read it"
        )


def _toc_titles(book: SafeZip, pkg: Package) -> dict[str, str]:
    """Archive path → the first title the table of contents gives it."""
    titles: dict[str, str] = {}
    try:
        if pkg.nav and book.has(pkg.nav):
            nav = _xml(book.read(pkg.nav), pkg.nav)
            for a in nav.iterfind(".//xhtml:nav//xhtml:a", NS):
                target = _resolve(pkg.nav, a.get("href", ""))
                if target and _text(a):
                    titles.setdefault(target, _text(a))
        elif pkg.ncx and book.has(pkg.ncx):
            ncx = _xml(book.read(pkg.ncx), pkg.ncx)
            for point in ncx.iterfind(".//ncx:navPoint", NS):
                label = _text(point.find("ncx:navLabel", NS))
                content = point.find("ncx:content", NS)
                target = _resolve(pkg.ncx, content.get("src", "")) if content is not None else None
                if target and label:
                    titles.setdefault(target, label)
    except IngestError:
        return {}  # a broken table of contents costs headings, not the book
    return titles


def _chapter_blocks(data: bytes, shift: bool) -> list[Block]:
    """One XHTML document's body as blocks (``h1`` → level 2 and so on when ``shift``)."""
    from lxml import etree
    from lxml import html as lxml_html

    from reader.ingest.html_blocks import tree_to_blocks

    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root = lxml_html.document_fromstring(_utf8(data), parser=parser)
    except (etree.ParserError, ValueError):
        return []
    body = root.find("body")
    if body is None:
        return []
    if shift:
        for elem in body.iter(*_HEADING_TAGS):
            elem.tag = f"h{min(int(elem.tag[1]) + 1, 6)}"
    return tree_to_blocks(body)


def _utf8(data: bytes) -> bytes:
    """Chapter bytes as UTF-8 (EPUB requires UTF-8 or UTF-16; the XML declaration says which)."""
    from reader.ingest.sniff import declared_charset, decode

    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or declared_charset(data) in (
        "utf-16",
        "utf_16",
    ):
        try:
            return decode(data, "html")[0].encode("utf-8")
        except IngestError:
            return data
    return data


def _uses_h1(chapters: list[bytes]) -> bool:
    return any(re.search(rb"<(?:\w+:)?h1[\s>]", c[:2_000_000], re.IGNORECASE) for c in chapters)


def chapter_html(data: bytes) -> list[str]:
    """The book's documents in reading order, as HTML text (for showing the original)."""
    from reader.ingest.sniff import decode

    book = SafeZip(data, "EPUB")
    pkg = read_package(book)
    return [decode(_utf8(book.read(p)), "html")[0] for p in pkg.spine if book.has(p)]


def extract_epub(data: bytes) -> Document:
    """The whole book as one article: title, author, then every chapter in reading order."""
    book = SafeZip(data, "EPUB")
    pkg = read_package(book)
    _check_drm(book, pkg)
    chapters = [(path, book.read(path)) for path in pkg.spine if book.has(path)]
    if not chapters:
        raise IngestError("EPUB's chapters are missing from the archive")
    toc = _toc_titles(book, pkg)
    shift = _uses_h1([c for _, c in chapters])
    blocks: list[Block] = []
    title_key = pkg.title.casefold()
    for path, chapter in chapters:
        part = _chapter_blocks(chapter, shift)
        heading = toc.get(path)
        if (
            part
            and heading
            and not (
                part[0].kind == "heading" or (len(blocks) == 0 and heading.casefold() == title_key)
            )
        ):
            part.insert(0, Block("heading", heading, level=2))
        blocks.extend(part)
    if (
        blocks
        and pkg.title
        and blocks[0].kind == "heading"
        and blocks[0].text.casefold() == title_key
    ):
        blocks = blocks[1:]
    return Document(
        title=pkg.title,
        blocks=blocks,
        byline=", ".join(pkg.authors) or None,
        published=pkg.published,
        language=pkg.language,
    )
