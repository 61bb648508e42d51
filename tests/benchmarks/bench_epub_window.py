"""Benchmark: a 1 MB EPUB book in the window (issue 13): one article with its chapters as headings.

Run on demand (not part of the test suite):

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_epub_window.py [RUNS]

Measured, each next to a bound taken in the same run:

* importing the book (`import_file`: unzip, spine, chapters to blocks, store), against reading the
  same chapters out of the zip and parsing them with lxml (what no EPUB reader can skip);
* opening it in the window (reader view, highlights panel with 300 highlights), to the end of its
  first paint, median of RUNS (default 5), against `QTextBrowser.setHtml` of the same article
  HTML plus a paint of a browser of the same size (Qt's own cost of showing that much text);
* finding a word in it with the find bar (every match marked), against `QTextDocument.find`
  looping over the same document;
* filtering the highlights panel by a word.
"""

from __future__ import annotations

import io
import os
import random
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="margin-bench-config-"))
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.store import open_library  # noqa: E402
from reader.store.annotations import add_highlight  # noqa: E402
from reader.store.library import get_article, import_file  # noqa: E402
from tests.format_files import epub  # noqa: E402

TARGET_BYTES = 1_000_000
HIGHLIGHTS = 300
WORDS = [
    *("night", "train", "river", "harbour", "market", "election", "climate", "energy", "rail"),
    *("forest", "city", "council", "budget", "winter", "summer", "museum", "archive", "letter"),
    *("bridge", "tunnel", "station", "platform", "ticket", "border", "coast", "village"),
    *("school", "library", "garden", "kitchen", "window", "evening", "morning", "journey"),
]


def book(rng: random.Random) -> bytes:
    """About 1 MB of text in 40 chapters, each with a heading."""
    chapters: list[tuple[str | None, list[str]]] = []
    size = 0
    while size < TARGET_BYTES:
        paras = []
        for _ in range(rng.randint(40, 80)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(35, 70))]
            paras.append(" ".join(words).capitalize() + ".")
            size += len(paras[-1])
        chapters.append((f"Chapter {len(chapters) + 1}: The {rng.choice(WORDS)}", paras))
    return epub("A Long Book of Journeys", chapters, author="Ann Example")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rng = random.Random(13)
    work = Path(tempfile.mkdtemp(prefix="margin-bench-epub-"))
    data = book(rng)
    path = work / "book.epub"
    path.write_bytes(data)
    library = open_library(work / "bench.db")

    t0 = time.perf_counter()
    result = import_file(library, path)
    t_import = time.perf_counter() - t0
    assert result.article_id is not None, result.reason
    record = get_article(library, result.article_id)
    assert record is not None
    from lxml import html as lxml_html

    t0 = time.perf_counter()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith(".xhtml"):
                lxml_html.document_fromstring(zf.read(name))
    t_floor = time.perf_counter() - t0
    text = record.plain_text
    print(
        f"book: {len(data):,} bytes of EPUB, {len(text):,} code points of text, "
        f"{record.html.count('<h2>')} chapter headings"
    )
    print(f"import_file          {ms(t_import)}   (unzip + lxml parse alone: {ms(t_floor)})")

    step = len(text) // HIGHLIGHTS
    for i in range(HIGHLIGHTS):
        start = i * step + rng.randint(0, step // 3)
        end = min(start + rng.randint(20, 120), len(text))
        while not text[start:end].strip():
            start += 1
        add_highlight(library, record.id, start, end, note=f"note {i} about the {WORDS[i % 30]}")

    from PySide6.QtWidgets import QTextBrowser

    from reader.ui.app import create_app
    from reader.ui.main_window import MainWindow
    from reader.ui.settings import Settings

    small = work / "small.html"
    small.write_text(
        "<html><head><title>Small</title></head><body><p>"
        + "A short article with a few words in it. " * 20
        + "</p></body></html>",
        "utf-8",
    )
    small_id = import_file(library, small).article_id
    app = create_app()
    window = MainWindow(library, Settings(), theme="light", persist=False)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    view = window.reader

    def open_book() -> float:
        window.open_article(small_id, False)
        app.processEvents()
        t = time.perf_counter()
        window.open_article(record.id, False)
        view.viewport().repaint()
        return time.perf_counter() - t

    browser = QTextBrowser()
    browser.resize(view.size())
    browser.show()

    def set_html() -> float:
        browser.setHtml("<p>x</p>")
        app.processEvents()
        t = time.perf_counter()
        browser.setHtml(record.html)
        browser.viewport().repaint()
        return time.perf_counter() - t

    open_book()
    set_html()
    opens, bounds = [], []
    for _ in range(runs):
        opens.append(open_book())
        bounds.append(set_html())
    o, b = statistics.median(opens), statistics.median(bounds)
    painted = len(window.annotator.layer.painted_ids())
    print(f"\nopening the book in the window, to its first paint (median of {runs})")
    print(f"  QTextBrowser.setHtml, same HTML  {ms(b)}")
    print(
        f"  Margin (reader, {HIGHLIGHTS} highlights, {painted} painted) {ms(o)}   ratio {o / b:.2f}"
    )

    bar = window.find_bar
    bar.open_bar()
    t = time.perf_counter()
    bar.edit.setText("harbour")
    t_find = time.perf_counter() - t
    doc = view.document()
    t = time.perf_counter()
    cursor, n = doc.find("harbour"), 0
    while not cursor.isNull():
        n += 1
        cursor = doc.find("harbour", cursor)
    t_qt_find = time.perf_counter() - t
    print(f"\nfind 'harbour' ({bar.match_count} matches)")
    print(f"  QTextDocument.find loop ({n})     {ms(t_qt_find)}")
    print(f"  find bar, every match marked    {ms(t_find)}")
    bar.close_bar()

    panel = window.panel
    filt = getattr(panel, "filter_edit", None)
    if filt is not None:
        t = time.perf_counter()
        filt.setText("harbour")
        app.processEvents()
        print(f"\nhighlights panel filtered by a word {ms(time.perf_counter() - t)}")
    window.close()
    library.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
