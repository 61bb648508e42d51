"""Starting the window: the QApplication, the library, the main window; also the GUI entry point.

``margin`` (no command), ``margin gui`` and ``margin FILE...`` come here through `run` with the
parsed arguments (db, files, screenshot, open, theme, size); the ``margin-gui`` script calls
`main`, which goes through the same parser.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from reader.config import Limits, resolve_db_path
from reader.store.db import LibraryError, open_library
from reader.ui import icons

APP_NAME = "Margin"


def create_app() -> QApplication:
    """The one QApplication (reused when it exists, as under pytest-qt)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("margin")
    app.setStyle("Fusion")
    app.setWindowIcon(icons.app_icon())
    return app


def run(args: argparse.Namespace) -> int:
    """Open the window as the command line asked; returns the exit status."""
    screenshot = getattr(args, "screenshot", None)
    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never flash a window for a picture
    # Imported here so the rest of `reader` (and `margin --help`) never loads the widgets.
    from reader.ui.main_window import MainWindow
    from reader.ui.screenshot import capture, parse_size
    from reader.ui.settings import Settings

    Limits.from_env()  # a bad $MARGIN_MAX_FILE_MB is a one-line error now, not during an import
    try:
        size = parse_size(getattr(args, "size", None))
    except ValueError as exc:
        print(f"margin: {exc}", file=sys.stderr)
        return 2
    app = create_app()
    try:
        library = open_library(resolve_db_path(getattr(args, "db", None)))
    except LibraryError as exc:
        if not screenshot:
            QMessageBox.critical(None, "Margin cannot open its library", str(exc))
        raise
    theme = getattr(args, "theme", None)
    window = MainWindow(library, Settings(), theme=theme, persist=not screenshot)
    files = [Path(f) for f in getattr(args, "files", None) or []]
    open_id = getattr(args, "open", None)
    try:
        if files:
            window.import_paths(files, open_first=True)
        if getattr(args, "size", None):
            window.resize(size)
        if screenshot:
            window.start(open_id=open_id, restore_last=open_id is None and not files)
            return capture(window, Path(screenshot), size)
        window.show()
        window.start(open_id=open_id, restore_last=not files)
        return app.exec()
    finally:
        window.close()
        window.deleteLater()
        library.close()


def main() -> int:
    """Entry point of the ``margin-gui`` script: the window, with the same options as ``margin``."""
    from reader.cli.main import main as cli_main

    return cli_main(["gui", *sys.argv[1:]])


if __name__ == "__main__":
    raise SystemExit(main())
