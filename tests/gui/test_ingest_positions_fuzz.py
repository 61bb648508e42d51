"""The cleaners' HTML and plain text agree in a real QTextDocument, for any input (hypothesis).

Highlights live in the plain text's code points; the window draws them through
`reader.positions.PositionMap`, which assumes each plain-text unit is one Qt block (a ``pre``
unit one block per line) with exactly that text. Random HTML, Markdown and text dumps go through
the importer's cleaning and sanitising, are laid out by Qt as the reader view does, and every
block is compared with its unit; then every code point is mapped to Qt and back.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from reader.document import Document
from reader.ingest.html_page import extract_html
from reader.ingest.markdown import parse_markdown
from reader.ingest.text_dump import clean_text_dump
from reader.positions import PositionMap, utf16_len
from reader.sanitize import sanitize_html
from tests.unit.test_ingest_fuzz import DUMP, HTML_PAGE, MARKDOWN

pytestmark = pytest.mark.gui


def _check_in_qt(doc: Document) -> None:
    units = doc.texts()
    qt = QTextDocument()
    qt.setHtml(sanitize_html(doc.to_html()))
    lines = [line for unit in units for line in unit.split("\n")]
    blocks = []
    block = qt.begin()
    while block.isValid():
        blocks.append(block)
        block = block.next()
    if not units:
        assert [b.text() for b in blocks] in ([], [""])
        return
    assert [b.text() for b in blocks] == lines
    pmap = PositionMap(units, [b.position() for b in blocks])
    plain = doc.plain_text()
    raw = qt.toRawText().encode("utf-16-le", "surrogatepass")  # Qt positions count UTF-16 units
    for cp in range(len(plain)):
        if plain[cp] != "\n":
            pos = pmap.to_qt(cp)
            at = raw[2 * pos : 2 * (pos + utf16_len(plain[cp]))].decode(
                "utf-16-le", "surrogatepass"
            )
            assert at == plain[cp]
            assert pmap.from_qt(pos) == cp


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    st.one_of(HTML_PAGE.map(extract_html), MARKDOWN.map(parse_markdown), DUMP.map(clean_text_dump))
)
def test_plain_text_and_qt_blocks_agree(qapp: QApplication, doc: Document) -> None:
    _check_in_qt(doc)
