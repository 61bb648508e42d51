"""A 300-file import keeps the window responsive, can be cancelled, and shows its progress."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from tests.gui.conftest import IMPORT_TIMEOUT_MS, WindowFactory, drop_files, sample_page

pytestmark = pytest.mark.gui

MAX_GAP_S = 0.200


def _write_files(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"article-{i:03d}.html"
        path.write_text(sample_page(title=f"Night Train number {i}", paragraphs=2), "utf-8")
        paths.append(path)
    return paths


class TickRecorder:
    """A 10 ms timer on the GUI thread; the largest gap between ticks is the longest freeze."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer(interval=10)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def __enter__(self) -> TickRecorder:
        self.ticks.append(time.perf_counter())
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.stop()

    @property
    def max_gap(self) -> float:
        return max((b - a for a, b in zip(self.ticks, self.ticks[1:], strict=False)), default=0)


def test_300_files_import_without_freezing(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    _write_files(folder, 300)
    window = make_window()
    seen_progress: list[str] = []
    with TickRecorder() as ticks:
        timer = QTimer(interval=50)
        timer.timeout.connect(
            lambda: (
                window.imports.progress.isVisible()
                and seen_progress.append(window.imports.progress.label.text())
            )
        )
        timer.start()
        outcome = drop_files(qtbot, window, [folder])
        timer.stop()
    assert outcome.count("imported") == 300
    assert window.model.rowCount() == 300
    assert len(ticks.ticks) > 20  # the import took a while and the timer kept ticking
    assert ticks.max_gap < MAX_GAP_S, f"the event loop froze for {ticks.max_gap * 1000:.0f} ms"
    assert any(t.startswith("Importing ") and " of 300" in t for t in seen_progress)
    assert not window.imports.progress.isVisible()
    assert "300 imported" in window.statusBar().currentMessage()


def test_cancel_stops_an_import(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    _write_files(folder, 150)
    window = make_window()
    with qtbot.waitSignal(window.imports.importFinished, timeout=IMPORT_TIMEOUT_MS) as blocker:
        window.import_paths([folder], open_first=False)
        qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=IMPORT_TIMEOUT_MS)
        window.imports.progress.cancel_button.click()
    outcome = blocker.args[1]
    assert outcome.cancelled
    assert 0 < len(outcome.results) < 150
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.model.rowCount() == outcome.count("imported")
