"""Every file format becomes the same kind of article: import, read, highlight, re-import an
edited file (the highlight follows its text), search and export, on a real library file.

Each format's file is built in the test from the same article text, so the checks are the same
for all; `tests.cli.test_cli_formats` runs one of them through the real ``margin`` command.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.export.exporter import export_articles
from reader.store.annotations import add_highlight_by_quote, list_highlights
from reader.store.db import Library
from reader.store.library import get_article, import_file
from reader.store.search import search
from tests.format_files import ADDED, BUILDERS, PARAGRAPHS, QUOTE, TITLE


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
def test_every_format_is_an_article_like_any_other(
    fmt: str, library: Library, tmp_path: Path
) -> None:
    name, data = BUILDERS[fmt](TITLE, PARAGRAPHS)
    path = tmp_path / name
    path.write_bytes(data)
    result = import_file(library, path)
    assert result.status == "imported", result.reason
    assert result.article_id is not None
    article = get_article(library, result.article_id)
    assert article is not None
    assert (article.title, article.format) == (TITLE, fmt)
    for paragraph in PARAGRAPHS:
        assert paragraph in article.plain_text
    assert "<h1>" in article.html

    highlight = add_highlight_by_quote(library, article.id, QUOTE, note="dogs")
    path.write_bytes(BUILDERS[fmt](TITLE, [ADDED, *PARAGRAPHS])[1])
    again = import_file(library, path)
    assert again.status == "updated", again.reason
    assert again.article_id == article.id
    (moved,) = list_highlights(library, article.id)
    updated = get_article(library, article.id)
    assert updated is not None
    assert moved.id == highlight.id
    assert moved.start > highlight.start
    assert updated.plain_text[moved.start : moved.end] == QUOTE
    assert moved.note == "dogs"
    assert ADDED in updated.plain_text

    assert [hit.article_id for hit in search(library, "estuary").articles] == [article.id]
    export_articles(library, [article.id], tmp_path / "export", "markdown")
    (exported,) = (tmp_path / "export").glob("*.md")
    assert QUOTE in exported.read_text(encoding="utf-8")
    assert import_file(library, path).status == "unchanged"


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
def test_every_format_shows_its_original_text(fmt: str) -> None:
    """What "Show Original" reads: the PDF's text layer, the page inside an archive, the book's
    chapters; never the container's bytes."""
    from reader.ingest.original import original_text

    text = original_text(BUILDERS[fmt](TITLE, PARAGRAPHS)[1], fmt)
    for paragraph in PARAGRAPHS:
        assert paragraph in " ".join(text.split())
    assert "\x00" not in text
    assert "Content-Type" not in text
    assert "WebResourceData" not in text
