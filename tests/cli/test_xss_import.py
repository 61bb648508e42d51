"""XSS filter-evasion vectors through the real import: nothing executable or fetchable comes out.

Each vector sits inside a real article, as saved HTML, Markdown and a text dump. After one
``margin import`` of them all, no stored HTML, no ``margin show --format html`` and no Markdown
export (rendered by a permissive CommonMark renderer, as a notes app would) holds a script, an
event handler, a non-allow-listed element or attribute, or a link that is not http(s) or mailto.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from reader.cli.main import main
from reader.store import open_library
from reader.store.annotations import add_highlight
from tests.cli.conftest import Margin
from tests.cli.test_hostile_corpus import parse_lines
from tests.xss_vectors import (
    HTML_VECTORS,
    MARKDOWN_TAGS,
    MARKDOWN_VECTORS,
    TEXT_VECTORS,
    html_article,
    markdown_article,
    text_article,
    unsafe_parts,
)


def test_every_vector_comes_out_inert(
    tmp_path: Path, margin: Margin, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "xss"
    folder.mkdir()
    for i, vector in enumerate(HTML_VECTORS):
        (folder / f"html-{i:03}.html").write_text(html_article(vector, i))
    for i, vector in enumerate(MARKDOWN_VECTORS):
        (folder / f"md-{i:03}.md").write_text(markdown_article(vector, i))
    for i, vector in enumerate(TEXT_VECTORS):
        (folder / f"txt-{i:03}.txt").write_text(text_article(vector, i))
    proc = margin("import", folder)
    assert "Traceback" not in proc.stdout + proc.stderr
    results = parse_lines(proc.stdout)
    total = len(HTML_VECTORS) + len(MARKDOWN_VECTORS) + len(TEXT_VECTORS)
    assert len(results) == total
    imported = sorted(i for status, i, _ in results.values() if status == "imported" and i)
    assert len(imported) == total, [r for r in results.items() if r[1][0] != "imported"]

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = conn.execute("SELECT id, html, plain_text FROM articles").fetchall()
    for article_id, html, _text in rows:
        assert unsafe_parts(html) == [], (article_id, html)

    capsys.readouterr()
    for article_id in imported:
        assert main(["--db", str(db_path), "show", str(article_id), "--format", "html"]) == 0
        out = capsys.readouterr().out
        assert unsafe_parts(out) == [], (article_id, out)

    # Highlight every article whole and export them all, as a notes app would read them: the
    # front matter as YAML, the rest rendered as CommonMark with raw HTML allowed.
    library = open_library(db_path)
    try:
        for article_id, _html, text in rows:
            add_highlight(library, article_id, 0, len(text), note="A note.", tags=["xss"])
    finally:
        library.close()
    out = tmp_path / "notes"
    margin("export", "--all", "--output-dir", out, check=True)
    files = sorted(out.glob("*.md"))
    assert len(files) == total
    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    for file in files:
        front, body = file.read_text(encoding="utf-8").split("\n---\n", 1)
        assert isinstance(yaml.safe_load(front.removeprefix("---\n")), dict), file
        assert unsafe_parts(renderer.render(body), MARKDOWN_TAGS) == [], file.read_text()
