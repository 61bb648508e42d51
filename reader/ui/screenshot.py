"""Screenshot mode: render the window offscreen once everything has loaded, save a PNG, exit.

Used for the README's pictures and for checks: ``margin --db X --screenshot out.png [--open ID]
[--theme dark] [--size 1280x800]``. The window is built exactly as for a person, but remembers
nothing (no settings or reading positions are written).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSize, QTimer
from PySide6.QtWidgets import QApplication

from reader.ui.main_window import MainWindow

DEFAULT_SIZE = QSize(1280, 800)
TIMEOUT_S = 120.0


def parse_size(text: str | None) -> QSize:
    """``"1280x800"`` → QSize; raises ValueError with a readable message otherwise."""
    if not text:
        return DEFAULT_SIZE
    try:
        w, h = (int(part) for part in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise ValueError(f"--size must look like 1280x800, not {text!r}") from None
    if not (100 <= w <= 10_000 and 100 <= h <= 10_000):
        raise ValueError(f"--size {text} is out of range (100..10000 pixels each way)")
    return QSize(w, h)


def _wait(condition: object, timeout_s: float) -> bool:
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: (condition() or time.monotonic() > deadline) and loop.quit())  # type: ignore[operator]
    timer.start()
    if not condition():  # type: ignore[operator]
        loop.exec()
    timer.stop()
    return bool(condition())  # type: ignore[operator]


def capture(window: MainWindow, path: Path, size: QSize) -> int:
    """Show, wait until loaded and idle, grab, save; the exit status for the command."""
    loaded: list[bool] = []
    window.libraryLoaded.connect(lambda: loaded.append(True))
    window.resize(size)
    window.show()

    def idle() -> bool:
        return bool(loaded) and not window.imports.busy and not window.runner.busy

    if not _wait(idle, TIMEOUT_S):
        print("margin: screenshot: the window did not finish loading in time", file=sys.stderr)
        return 1
    for _ in range(3):  # let layouts and deferred paints settle
        QApplication.processEvents()
    image = window.grab().toImage()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        print(f"margin: screenshot: cannot write {path}", file=sys.stderr)
        return 1
    print(f"screenshot: {path} ({image.width()}x{image.height()})")
    return 0
