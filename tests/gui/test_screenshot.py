"""Screenshot mode and `margin FILE...`, run as a person (or the README script) would: a process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from reader.store import open_library
from reader.store.library import list_articles
from reader.ui.screenshot import parse_size
from tests.conftest import ROOT
from tests.gui.conftest import PAGE_TITLE, sample_page

pytestmark = pytest.mark.gui


def _margin(
    *args: str, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # screenshot mode must choose offscreen by itself
    env["PYTHONPATH"] = str(ROOT)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_screenshot_of_the_requested_size(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    out = tmp_path / "shots" / "window.png"
    result = _margin("--db", str(db), "--screenshot", str(out), "--size", "900x640")
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (900, 640)
    assert out.stat().st_size > 5000
    # Not a blank picture: the empty state draws text and buttons.
    colours = {image.pixel(x, y) for x in range(0, 900, 7) for y in range(0, 640, 7)}
    assert len(colours) > 10


def test_files_on_the_command_line_are_imported_and_opened(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    page = tmp_path / "night-train.html"
    page.write_text(sample_page(), "utf-8")
    out = tmp_path / "dark.png"
    result = _margin(
        "--db",
        str(db),
        "--screenshot",
        str(out),
        "--theme",
        "dark",
        "--size",
        "1000x700",
        str(page),
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    # Dark theme: the reading surface (right half, below the toolbar) is dark.
    sample = image.pixelColor(980, 650)
    assert sample.lightness() < 60, sample.name()
    library = open_library(db)
    try:
        assert [a.title for a in list_articles(library)] == [PAGE_TITLE]
    finally:
        library.close()


def test_screenshot_with_open_article_and_bad_size(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    result = _margin("--db", str(db), "--screenshot", str(tmp_path / "x.png"), "--size", "huge")
    assert result.returncode == 2
    assert "--size must look like 1280x800" in result.stderr


def test_parse_size() -> None:
    assert (parse_size("1280x800").width(), parse_size("1280x800").height()) == (1280, 800)
    assert parse_size(None).width() == 1280
    with pytest.raises(ValueError, match="out of range"):
        parse_size("10x10")


def test_gui_script_entry_point_runs_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`margin-gui` (pyproject's gui-scripts) goes through the same parser to the same window."""
    from reader.ui.app import main

    out = tmp_path / "gui.png"
    argv = ["margin-gui", "--db", str(tmp_path / "lib.db"), "--screenshot", str(out)]
    monkeypatch.setattr(sys, "argv", [*argv, "--size", "800x600"])
    assert main() == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (800, 600)
