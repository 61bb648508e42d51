"""One article, written out in every file format Margin reads, for format-agnostic tests.

`BUILDERS` maps a format name to a function ``(title, paragraphs) -> (file name, bytes)``.
"""

from __future__ import annotations

from collections.abc import Callable

from tests import pdf_maker

TITLE = "Harbour Seals Return to the Estuary"
PARAGRAPHS = [
    "Harbour seals have returned to the estuary in numbers not seen for forty years, counters "
    "from the county wildlife trust said after their spring survey of the sandbanks.",
    "The animals haul out at low tide on the banks below the old pier, where visitors gather "
    "with binoculars and long lenses to watch them rest between fishing trips.",
    "Volunteers ask people to keep their distance and to keep dogs on a lead, because a seal "
    "that is disturbed too often will abandon a good resting place for the season.",
]
QUOTE = "keep dogs on a lead"
ADDED = "A new opening paragraph was added at the top of the article by its author."

Builder = Callable[[str, list[str]], tuple[str, bytes]]


def _pdf(title: str, paragraphs: list[str]) -> tuple[str, bytes]:
    return "seals.pdf", pdf_maker.article_pdf(title, paragraphs)


URL = "https://news.example.org/2026/11/harbour-seals"


def article_html(title: str, paragraphs: list[str]) -> str:
    """A saved page: menu, the article (headline and paragraphs), footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | Example News</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer><p>© 2026 Example News. All rights reserved.</p></footer></body></html>"
    )


def mhtml(html: str, url: str = URL, *, charset: str = "utf-8", start: bool = False) -> bytes:
    """An MHTML file as Chrome saves it: headers, the page (quoted-printable), a picture."""
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    root = MIMEMultipart("related", type="text/html")
    root["From"] = "<Saved by Blink>"
    root["Snapshot-Content-Location"] = url
    root["Subject"] = "Harbour seals"
    from email import charset as email_charset

    codec = email_charset.Charset(charset)
    codec.body_encoding = email_charset.QP  # as browsers write it
    page = MIMEText(html, "html", codec)  # type: ignore[arg-type]
    page["Content-ID"] = "<frame-main@mhtml.blink>"
    page["Content-Location"] = url
    picture = MIMEImage(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "png")
    picture["Content-Location"] = "https://news.example.org/seal.png"
    if start:
        root.set_param("start", "<frame-main@mhtml.blink>")
        root.attach(picture)
        root.attach(page)
    else:
        root.attach(page)
        root.attach(picture)
    return root.as_bytes()


def webarchive(html: str, url: str = URL, *, encoding: str = "UTF-8", binary: bool = True) -> bytes:
    """A Safari web archive: the page as WebMainResource, a picture as a subresource."""
    import plistlib

    archive = {
        "WebMainResource": {
            "WebResourceData": html.encode(encoding),
            "WebResourceFrameName": "",
            "WebResourceMIMEType": "text/html",
            "WebResourceTextEncodingName": encoding,
            "WebResourceURL": url,
        },
        "WebSubresources": [
            {
                "WebResourceData": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
                "WebResourceMIMEType": "image/png",
                "WebResourceURL": "https://news.example.org/seal.png",
            }
        ],
    }
    fmt = plistlib.FMT_BINARY if binary else plistlib.FMT_XML
    return plistlib.dumps(archive, fmt=fmt)


def epub(
    title: str,
    chapters: list[tuple[str | None, list[str]]],
    *,
    author: str = "Ann Example",
    version: int = 3,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """An EPUB book: each chapter is (heading or None, paragraphs); the table of contents
    names every chapter ("Chapter N" when it has no heading)."""
    import io
    import zipfile

    items, refs, nav_points, nav_links = [], [], [], []
    files: dict[str, str] = {}
    for i, (heading, paras) in enumerate(chapters, 1):
        name = f"text/ch{i}.xhtml"
        head = f"<h1>{heading}</h1>" if heading else ""
        body = "".join(f"<p>{p}</p>" for p in paras)
        files[f"OEBPS/{name}"] = (
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>c</title></head>'
            f"<body>{head}{body}</body></html>"
        )
        items.append(f'<item id="c{i}" href="{name}" media-type="application/xhtml+xml"/>')
        refs.append(f'<itemref idref="c{i}"/>')
        label = heading or f"Chapter {i}"
        nav_links.append(f'<li><a href="{name}">{label}</a></li>')
        nav_points.append(
            f'<navPoint id="n{i}" playOrder="{i}"><navLabel><text>{label}</text></navLabel>'
            f'<content src="{name}"/></navPoint>'
        )
    if version == 3:
        files["OEBPS/nav.xhtml"] = (
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
            'xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>'
            + "".join(nav_links)
            + "</ol></nav></body></html>"
        )
        items.append(
            '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        )
        spine = "<spine>"
    else:
        files["OEBPS/toc.ncx"] = (
            '<?xml version="1.0" encoding="utf-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" '
            'version="2005-1"><navMap>' + "".join(nav_points) + "</navMap></ncx>"
        )
        items.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
        spine = '<spine toc="ncx">'
    files["OEBPS/content.opf"] = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<package xmlns="http://www.idpf.org/2007/opf" version="{version}.0" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>"
        '<dc:language>en</dc:language><dc:identifier id="id">urn:uuid:1</dc:identifier></metadata>'
        f"<manifest>{''.join(items)}</manifest>{spine}{''.join(refs)}</spine></package>"
    )
    files["META-INF/container.xml"] = (
        '<?xml version="1.0"?><container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")  # stored, first
        for name, text in files.items():
            zf.writestr(name, text, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _mhtml(title: str, paragraphs: list[str]) -> tuple[str, bytes]:
    return "seals.mhtml", mhtml(article_html(title, paragraphs))


def _webarchive(title: str, paragraphs: list[str]) -> tuple[str, bytes]:
    return "seals.webarchive", webarchive(article_html(title, paragraphs))


def _epub(title: str, paragraphs: list[str]) -> tuple[str, bytes]:
    return "seals.epub", epub(title, [(None, paragraphs)])


BUILDERS: dict[str, Builder] = {
    "pdf": _pdf,
    "mhtml": _mhtml,
    "webarchive": _webarchive,
    "epub": _epub,
}
