"""The window under a real X server with a real window manager (openbox): geometry and focus.

A window manager adds a title bar and borders around the window; offscreen there is none, so
these checks need the real thing. Skipped unless ``Xvfb``, ``xdotool``, ``xprop``, ``xwininfo``
and ``openbox`` are installed (``apt-get install xvfb xdotool x11-utils openbox``). Each session is
a fresh Xvfb of the size under test, openbox, and the real ``python -m reader`` process with its
own settings folder; waiting means polling what the window shows, with a deadline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reader.store import open_library
from reader.store.annotations import list_highlights
from reader.store.library import import_file
from tests.conftest import ROOT
from tests.gui.conftest import article_page
from tests.gui.test_real_x11 import wait_for

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(
        not all(shutil.which(t) for t in ("Xvfb", "xdotool", "xprop", "xwininfo", "openbox")),
        reason="needs Xvfb, xdotool, xprop, xwininfo and openbox (apt-get install xvfb xdotool x11-utils "
        "openbox)",
    ),
]

TRAIN = "The Quiet Return of the Night Train"
LIGHT = "Keepers of the Northern Light"


class Session:
    """One X server with openbox, and the Margin window in it."""

    def __init__(self, env: dict[str, str], size: tuple[int, int], folder: Path) -> None:
        self.env = env
        self.size = size
        self.folder = folder
        self.app: subprocess.Popen[bytes] | None = None
        self.window = ""

    def run(self, *args: str) -> str:
        done = subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start_margin(self, db: Path, title: str, *extra: str) -> None:
        with (self.folder / "margin.log").open("ab") as log:
            self.app = subprocess.Popen(
                [sys.executable, "-m", "reader", "--db", str(db), "--theme", "light", *extra],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        found = self.run("xdotool", "search", "--sync", "--onlyvisible", "--name", title)
        self.window = found.split()[0]
        self.run("xdotool", "windowactivate", "--sync", self.window)

    def client(self) -> tuple[int, int, int, int]:
        """x, y, width, height of the window's own area, in screen coordinates."""
        info = self.run("xwininfo", "-id", self.window)  # xdotool's position adds the frame twice
        values = dict(line.strip().split(":", 1) for line in info.splitlines() if ":" in line)
        keys = ("Absolute upper-left X", "Absolute upper-left Y", "Width", "Height")
        x, y, w, h = (int(values[k]) for k in keys)
        return x, y, w, h

    def frame_inside_screen(self) -> tuple[int, int, int, int] | None:
        """The client geometry once the frame (title bar, borders) is wholly on the screen."""
        extents = self.run("xprop", "-id", self.window, "_NET_FRAME_EXTENTS")
        if "=" not in extents:
            return None  # not framed yet
        left, right, top, bottom = (int(v) for v in extents.split("=")[1].split(","))
        x, y, w, h = self.client()
        width, height = self.size
        inside = x - left >= 0 and y - top >= 0 and x + w + right <= width
        return (x, y, w, h) if inside and y + h + bottom <= height and top > 0 else None

    def title(self) -> str:
        return self.run("xdotool", "getwindowname", self.window).strip()

    def quit(self) -> None:
        assert self.app is not None
        self.run("xdotool", "key", "ctrl+q")
        assert self.app.wait(timeout=30) == 0


@contextmanager
def x_session(size: tuple[int, int], folder: Path, config: Path) -> Iterator[Session]:
    read_fd, write_fd = os.pipe()
    screen = f"{size[0]}x{size[1]}x24"
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp", "-screen", "0", screen],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    session: Session | None = None
    wm = None
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        assert number, "Xvfb did not start"
        env = dict(os.environ)
        env.update(
            DISPLAY=f":{number}",
            QT_QPA_PLATFORM="xcb",
            PYTHONPATH=str(ROOT),
            XDG_CONFIG_HOME=str(config),
        )
        env.pop("WAYLAND_DISPLAY", None)
        wm = subprocess.Popen(
            ["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        session = Session(env, size, folder)
        # openbox is ready when it announces itself on the root window.
        wait_for(
            "openbox",
            lambda: "window id" in session.run("xprop", "-root", "_NET_SUPPORTING_WM_CHECK"),
        )
        yield session
    finally:
        if session is not None and session.app is not None and session.app.poll() is None:
            session.app.kill()
            session.app.wait()
        if wm is not None:
            wm.terminate()
            wm.wait(timeout=10)
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def library_file(tmp_path: Path) -> Path:
    db = tmp_path / "library.db"
    pages = tmp_path / "pages"
    pages.mkdir()
    with open_library(db) as library:
        for name, title, text in (
            ("train.html", TRAIN, "Sleeper trains are coming back to European timetables."),
            ("light.html", LIGHT, "For more than a century the lighthouse was kept by families."),
        ):
            (pages / name).write_text(article_page(title, [text]), encoding="utf-8")
            import_file(library, pages / name)
    return db


def test_first_start_fits_1280x800_filter_keeps_focus_size_survives_larger_screen(
    tmp_path: Path, library_file: Path
) -> None:
    config = tmp_path / "config"
    with x_session((1280, 800), tmp_path, config) as x:
        x.start_margin(library_file, TRAIN, "--open", "1")
        wait_for("the whole frame on the 1280x800 screen", x.frame_inside_screen)
        # Ctrl+L and a word that filters the open article out: nothing else opens, and the
        # keys stay in the filter (with the defect, "n" reached the reader and the title changed).
        x.run("xdotool", "key", "ctrl+l")
        x.run("xdotool", "type", "--delay", "40", "northern")
        x.run("xdotool", "sleep", "0.3")
        assert x.title().startswith(TRAIN)
        with open_library(library_file) as library:
            assert list_highlights(library, 1) == []
        x.run("xdotool", "windowsize", "--sync", x.window, "1000", "650")
        wait_for("the new size", lambda: x.client()[2:] == (1000, 650) or None)
        x.quit()
    with x_session((1920, 1080), tmp_path, config) as x:
        x.start_margin(library_file, "Margin$")
        size = wait_for("the saved size", lambda: x.client()[2:] == (1000, 650) or None)
        assert size


def test_first_start_fits_a_1366x768_laptop(tmp_path: Path, library_file: Path) -> None:
    with x_session((1366, 768), tmp_path, tmp_path / "config") as x:
        x.start_margin(library_file, TRAIN, "--open", "1")
        *_xyw, h = wait_for("the whole frame on the 1366x768 screen", x.frame_inside_screen)
        assert h >= 700  # and it still uses the height it has
        x.quit()
