"""Used as a person would: a real X server (Xvfb), the real `python -m reader` process, a real
mouse and keyboard (xdotool).

Runs only where ``Xvfb`` and ``xdotool`` are installed (skipped otherwise). On Debian/Ubuntu:
``apt-get install xvfb xdotool libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1
libxcb-shape0 libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1``.

The test finds the sentence to drag across the way a person does, by looking: it takes a
screenshot, finds the reader (the widest stretch of paper colour), the lines of text in it, and
drags over the first paragraph, a one-line sentence. The app is another process, so waiting means
polling what it wrote (the library, the screen) with a deadline, not sleeping for a fixed time.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtGui import QColor, QImage

from reader.store import open_library
from reader.store.annotations import list_highlights
from reader.store.library import import_file
from reader.store.records import HighlightRecord
from reader.ui import highlight_style
from reader.ui.themes import THEMES
from tests.conftest import ROOT
from tests.gui.conftest import article_page

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(
        not (shutil.which("Xvfb") and shutil.which("xdotool")),
        reason="needs Xvfb and xdotool (apt-get install xvfb xdotool)",
    ),
]

SIZE = (1280, 800)
SCREEN = f"{SIZE[0]}x{SIZE[1]}x24"
SENTENCE = "The keepers stayed through every storm."
NOTE = "Stayed for the light"
PAPER = QColor(THEMES["light"].base)
GRAB = (
    "import sys\n"
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(sys.argv[:1])\n"
    "sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)\n"
)
T = TypeVar("T")


def wait_for(what: str, probe: Callable[[], T | None], timeout: float = 20.0) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def display(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A fresh Xvfb server; the environment for processes that should use it."""
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [*("Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp"), "-screen", "0", SCREEN],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()  # written once the server accepts clients
        assert number, "Xvfb did not start"
        env = dict(os.environ)
        env.update(DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
        env.pop("WAYLAND_DISPLAY", None)
        yield env
    finally:
        server.terminate()
        server.wait(timeout=10)


class Desktop:
    """The person at the keyboard: xdotool for hands, screenshots for eyes."""

    options = ("--theme", "light", "--size", f"{SIZE[0]}x{SIZE[1]}")

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env = env
        self.folder = folder
        self.shots = 0

    def xdotool(self, *args: str) -> str:
        result = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=30
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "40", *keys)

    def screenshot(self) -> QImage:
        self.shots += 1
        path = self.folder / f"screen-{self.shots}.png"
        result = subprocess.run(
            [sys.executable, "-c", GRAB, str(path)], env=self.env, capture_output=True, timeout=60
        )
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        image = QImage(str(path))
        assert not image.isNull()
        return image

    def start_margin(self, db: Path, *extra: str) -> subprocess.Popen[bytes]:
        with (self.folder / "margin.log").open("ab") as log:
            app = subprocess.Popen(
                [*(sys.executable, "-m", "reader", "--db", str(db)), *self.options, *extra],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        window = self.xdotool("search", "--sync", "--onlyvisible", "--name", "Lighthouse Notes")
        self.xdotool("windowfocus", "--sync", window.split()[0])
        return app


def sentence_line(image: QImage) -> tuple[int, int, int]:
    """(y, x_left, x_right) of the article's first paragraph (a one-line sentence), or raise."""
    paper = PAPER.rgb()
    w, h = image.width(), image.height()
    row = h - 60  # below the short article's text: the reader is the widest paper stretch
    runs: list[tuple[int, int]] = []
    start = None
    for x in range(w + 1):
        if x < w and image.pixel(x, row) == paper:
            start = x if start is None else start
        elif start is not None:
            runs.append((start, x - 1))
            start = None
    x0, x1 = max(runs, key=lambda r: r[1] - r[0])
    top = next(y for y in range(h) if image.pixel(x1 - 5, y) == paper)

    def ink(x: int, y: int) -> bool:
        return QColor(image.pixel(x, y)).lightness() < 150

    bands: list[tuple[int, int]] = []
    inside = None
    for y in range(top, h):
        has_ink = any(ink(x, y) for x in range(x0 + 5, x1 - 20))
        if has_ink and inside is None:
            inside = y
        elif not has_ink and inside is not None:
            bands.append((inside, y - 1))
            inside = None
    assert len(bands) >= 4, f"expected the meta line, the title and paragraphs: {bands}"
    y0, y1 = bands[2]  # 0: "1 min read", 1: the title, 2: the sentence
    xs = [x for x in range(x0 + 5, x1 - 20) for y in range(y0, y1 + 1) if ink(x, y)]
    return (y0 + y1) // 2, min(xs), max(xs)


def green_pixels(image: QImage, y: int) -> int:
    """Pixels on line ``y`` (±6) of the colour a green highlight shows on light paper."""
    want = highlight_style.swatch(THEMES["light"], "green")
    count = 0
    for yy in range(y - 6, y + 7):
        for x in range(image.width()):
            c = QColor(image.pixel(x, yy))
            if (
                abs(c.red() - want.red()) <= 6
                and abs(c.green() - want.green()) <= 6
                and abs(c.blue() - want.blue()) <= 6
            ):
                count += 1
    return count


def highlights(db: Path) -> list[HighlightRecord]:
    with open_library(db) as library:
        return list_highlights(library, 1)


def test_drag_h_2_note_undo_redo_quit_and_restart(display: dict[str, str], tmp_path: Path) -> None:
    db = tmp_path / "library.db"
    page = tmp_path / "lighthouse.html"
    page.write_text(
        article_page(
            "Lighthouse Notes",
            [
                SENTENCE,
                "For more than a century, the lighthouse on the northern cape was kept by "
                "families who lived beside it, trimming the wicks through the long nights.",
                "When the light was automated in 1987, most keepers left within a year, but the "
                "Arnesen family stayed on, renting the cottage and keeping the garden.",
            ],
        ),
        encoding="utf-8",
    )
    with open_library(db) as library:
        assert import_file(library, page).article_id == 1
    desk = Desktop(display, tmp_path)
    app = desk.start_margin(db, "--open", "1")
    try:
        y, left, right = wait_for("the article on screen", lambda: _try(desk))
        desk.xdotool("mousemove", str(left - 4), str(y), "mousedown", "1")
        desk.xdotool("mousemove", str((left + right) // 2), str(y))
        desk.xdotool("mousemove", str(right + 4), str(y), "mouseup", "1")
        desk.key("h")
        wait_for("the highlight", lambda: highlights(db))
        desk.key("2")
        wait_for("green", lambda: [h for h in highlights(db) if h.color == "green"])
        shown = subprocess.run(
            [sys.executable, "-m", "reader", "--db", str(db), "highlights", "1", "--json"],
            cwd=ROOT,
            env=display,
            capture_output=True,
            text=True,
            timeout=60,
        )
        [listed] = json.loads(shown.stdout)
        assert (listed["quote"], listed["color"], listed["status"]) == (
            SENTENCE,
            "green",
            "anchored",
        )

        desk.key("n")
        desk.xdotool("type", "--delay", "30", NOTE)
        desk.key("Escape")
        wait_for("the note", lambda: [h for h in highlights(db) if h.note == NOTE])

        desk.key("ctrl+z", "ctrl+z", "ctrl+z")  # the note, the colour, the highlight
        wait_for("undo to take the highlight away", lambda: not highlights(db) or None)
        desk.key("ctrl+shift+z", "ctrl+shift+z", "ctrl+shift+z")
        [back] = wait_for(
            "redo to bring it back",
            lambda: [h for h in highlights(db) if h.color == "green" and h.note == NOTE],
        )
        assert back.exact == SENTENCE

        desk.key("ctrl+q")
        assert app.wait(timeout=30) == 0
        app = desk.start_margin(db)  # no --open: the article it was showing comes back
        image = wait_for("the highlight painted after the restart", lambda: _green(desk))
        image.save(str(tmp_path / "after-restart.png"))
        desk.key("ctrl+q")
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()


def _green(desk: Desktop) -> QImage | None:
    """A screenshot with the sentence painted green (the window may sit elsewhere this time)."""
    shot = desk.screenshot()
    try:
        y, _left, _right = sentence_line(shot)
    except (AssertionError, ValueError, StopIteration):
        return None
    return shot if green_pixels(shot, y) > 1000 else None


def _try(desk: Desktop) -> tuple[int, int, int] | None:
    try:
        return sentence_line(desk.screenshot())
    except (AssertionError, ValueError, StopIteration):
        return None  # not painted yet
