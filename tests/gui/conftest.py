"""Fixtures for driving the real window: a window factory over a temporary library, sample files.

Windows are built exactly as `reader.ui.app.run` builds them (same QApplication setup, settings
in the test's own XDG_CONFIG_HOME), shown offscreen, and closed (saving their state) at teardown
before the library file is closed. Imports are started through the same handlers a drop uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from reader.store import open_library
from reader.store.db import Library
from reader.ui.app import create_app
from reader.ui.import_job import ImportOutcome
from reader.ui.main_window import MainWindow
from reader.ui.settings import Settings

IMPORT_TIMEOUT_MS = 120_000

DUMP_TITLE = "The Lighthouse Keepers Who Stayed"
DUMP_BODY = (
    "For more than a century, the lighthouse on the northern cape was kept by families who lived "
    "beside it, trimming the wicks and winding the clockwork through the long winter nights.",
    "When the light was automated in 1987, most keepers left within a year, but the Arnesen "
    "family stayed on, renting the cottage from the coast authority and keeping the garden.",
    "Their records, written in pencil in a row of ledgers, describe every storm, every ship that "
    "passed close to the rocks, and every visitor who climbed the hundred and twelve steps.",
    "Historians now read the ledgers as a rare account of ordinary life at the edge of the sea, "
    "where the weather decided what a day would hold and news arrived weeks late by boat.",
    "The youngest Arnesen, now in her seventies, says she will stay as long as the stairs allow, "
    "and that the light still feels like a neighbour who needs looking after every evening.",
)
DUMP_JUNK = ("Share on Facebook", "Cookie settings", "All rights reserved", "Sign in")
SAMPLE_DUMP = "\n".join(
    [
        "Skip to main content",
        "Menu",
        "Home",
        "World",
        "Business",
        "Sign in",
        "Subscribe",
        DUMP_TITLE,
        "By Maria Lopez",
        "March 3, 2024",
        "",
        *(p + "\n" for p in DUMP_BODY),
        "Share on Facebook",
        "Share on Twitter",
        "Related stories",
        "Cookie settings",
        "© 2024 Coastal Times. All rights reserved.",
        "",
    ]
)

PAGE_TITLE = "The Quiet Return of the Night Train"
PAGE_BODY = (
    "Across Europe, sleeper services that were cut a decade ago are coming back, and travellers "
    "are filling them faster than operators expected.",
    "The appeal is simple: board in the evening, sleep, and wake up in another city without the "
    "queues of an airport.",
    "Operators point to three changes. Rolling stock is cheaper to lease, track access charges "
    "have fallen in several countries, and governments have started to subsidise routes.",
    "Not everything works yet. Tickets are hard to book across borders, and delays at night can "
    "ripple through the next morning's timetable.",
    "More routes are planned for next year, including a line from Amsterdam to Barcelona. "
    "Whether they last will depend on prices and on the subsidies.",
)
PAGE_JUNK = ("Subscribe to our newsletter", "Cookie preferences", "All rights reserved")


def sample_page(title: str = PAGE_TITLE, extra: str = "", paragraphs: int = 1) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in PAGE_BODY * paragraphs)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{title} | Rail Weekly</title>
<meta property="og:site_name" content="Rail Weekly"><meta name="author" content="Jane Doe">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a>
<a href="/subscribe">Subscribe to our newsletter</a></nav>
<article><h1>{title}</h1>{body}{extra}
<h2>What comes next</h2><p>Meanwhile, the people who ride them are enthusiastic about it.</p>
</article><footer><p>Cookie preferences</p><p>© Rail Weekly. All rights reserved.</p></footer>
</body></html>"""


@pytest.fixture
def sample_dump(tmp_path: Path) -> Path:
    path = tmp_path / "files" / "lighthouse.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SAMPLE_DUMP, encoding="utf-8")
    return path


@pytest.fixture
def sample_html(tmp_path: Path) -> Path:
    path = tmp_path / "files" / "night-train.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sample_page(), encoding="utf-8")
    return path


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, db_path: Path) -> Iterator[WindowFactory]:
    """Build (and at teardown close) real main windows over the test's library file."""
    libraries: list[Library] = []
    windows: list[MainWindow] = []

    def make(
        *,
        start: bool = True,
        open_id: int | None = None,
        theme: str | None = None,
        size: tuple[int, int] | None = (1100, 760),
    ) -> MainWindow:
        create_app()
        library = open_library(db_path)
        libraries.append(library)
        window = MainWindow(library, Settings(), theme=theme)
        windows.append(window)
        qtbot.addWidget(window)
        if size is not None:  # None: keep the geometry the settings restored
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        if start:
            with qtbot.waitSignal(window.libraryLoaded):
                window.start(open_id)
        return window

    yield make
    for window in windows:
        if window.isVisible():
            window.close()
    for library in libraries:
        library.close()


def mime_for(paths: Sequence[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop_files(qtbot: QtBot, window: MainWindow, paths: Sequence[Path]) -> ImportOutcome:
    """Drag ``paths`` over the reader and drop them, as a file manager would; wait for the import.

    The events go through QApplication to the widget under the cursor, which lets them travel up
    to the window like real drag-and-drop events do.
    """
    target: QWidget = window.reader.viewport()
    pos = QPoint(target.width() // 2, target.height() // 2)
    mime = mime_for(paths)
    enter = QDragEnterEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the window refused the drag"
    drop = QDropEvent(
        QPointF(pos),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.imports.importFinished, timeout=IMPORT_TIMEOUT_MS) as blocker:
        QApplication.sendEvent(target, drop)
    assert drop.isAccepted()
    outcome = blocker.args[1]
    assert isinstance(outcome, ImportOutcome)
    return outcome


def reader_text(window: MainWindow) -> str:
    return window.reader.document().toPlainText()


# -- annotating ----------------------------------------------------------------------------------


def open_file(qtbot: QtBot, window: MainWindow, path: Path) -> int:
    """Drop ``path`` on the window and wait until its article is open; returns the article id."""
    with qtbot.waitSignal(window.articleOpened):
        drop_files(qtbot, window, [path])
    article_id = window.reader.article_id
    assert article_id is not None
    focus_reader(qtbot, window)
    return article_id


def focus_reader(qtbot: QtBot, window: MainWindow) -> None:
    """The keyboard in the text, as after a click: single-key shortcuts belong to the reader."""
    window.activateWindow()
    window.reader.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(window.reader.hasFocus)


def select_quote(window: MainWindow, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """Select the ``occurrence``-th ``quote`` in the reader with a QTextCursor, as a drag would.

    Returns the quote's code points in the article's plain text; the Qt range comes from the
    view's position map, so the test exercises the same conversion the window uses.
    """
    record = window.reader.record
    pmap = window.reader.position_map
    assert record is not None
    assert pmap is not None
    start = -1
    for _ in range(occurrence):
        start = record.plain_text.index(quote, start + 1)
    end = start + len(quote)
    a, b = pmap.span_to_qt(start, end)
    window.reader.select_range(a, b)
    return start, end


def article_page(title: str, paragraphs: Sequence[str]) -> str:
    """A small article page (the cleaner keeps its title and paragraphs)."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>\n{body}\n</article></body></html>"
    )
