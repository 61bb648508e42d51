"""Watched folders: new and changed files in the user's library folders are imported by themselves.

The folder list lives in the library (`reader.store.folders`). A `QFileSystemWatcher` watches each
folder, its subfolders and (up to a limit) its article files: a directory change reports files
created, deleted or renamed (what editors' safe-save does), a file change reports one written in
place. Changes are gathered for a moment (a save is often several events) and then the folder is
scanned by the normal import job with ``skip_unchanged``, so files whose size and time did not
change are not read at all, and content already in the library is recognised by its hash.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from reader.ingest.sniff import EXTENSIONS
from reader.store import folders as folder_store
from reader.store.db import Library
from reader.ui.import_controller import ImportController, ImportRequest
from reader.ui.import_job import ImportOutcome

SETTLE_MS = 400
MAX_WATCHED_FILES = 4000  # inotify watches are a shared, limited resource


class WatchedFolders(QObject):
    foldersChanged = Signal()

    def __init__(self, library: Library, imports: ImportController, parent: QObject) -> None:
        super().__init__(parent)
        self.library = library
        self.imports = imports
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._on_change)
        self.watcher.fileChanged.connect(self._on_change)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._scan_dirty)
        self._dirty: set[str] = set()
        self._seen: dict[str, tuple[int, float]] = {}  # every file tried in this session
        self._requests: set[int] = set()
        self._folders: list[str] = []
        imports.importFinished.connect(self._on_import_finished)

    def folders(self) -> list[str]:
        return list(self._folders)

    def start(self) -> None:
        """Watch the stored folders and catch up with what changed while Margin was closed."""
        self._folders = folder_store.list_folders(self.library)
        current = self.folders()
        for folder in current:
            self._watch(folder)
        if current:
            self.scan(current)

    def add(self, path: str | Path) -> str:
        folder = folder_store.add_folder(self.library, path)
        self._folders = folder_store.list_folders(self.library)
        self._watch(folder)
        self.scan([folder])
        self.foldersChanged.emit()
        return folder

    def remove(self, path: str) -> None:
        folder_store.remove_folder(self.library, path)
        self._folders = folder_store.list_folders(self.library)
        prefix = path.rstrip(os.sep) + os.sep
        stale = [
            p
            for p in [*self.watcher.directories(), *self.watcher.files()]
            if p == path or p.startswith(prefix)
        ]
        if stale:
            self.watcher.removePaths(stale)
        self.foldersChanged.emit()

    def scan(self, folders: list[str]) -> ImportRequest | None:
        present = [Path(f) for f in folders if Path(f).is_dir()]  # a drive may be unplugged
        if not present:
            return None
        request = self.imports.import_paths(
            present,
            quiet=True,
            supported_only=True,
            skip_unchanged=True,
            also_seen=dict(self._seen),
        )
        self._requests.add(id(request))
        return request

    # -- internals ------------------------------------------------------------------------
    def _watch(self, folder: str) -> None:
        dirs: list[str] = []
        files: list[str] = []
        budget = MAX_WATCHED_FILES - len(self.watcher.files())
        for root, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            dirs.append(root)
            for name in filenames:
                wanted = os.path.splitext(name)[1].lower() in EXTENSIONS
                if wanted and len(files) < budget and not name.startswith("."):
                    files.append(os.path.join(root, name))
        known = set(self.watcher.directories()) | set(self.watcher.files())
        fresh = [p for p in dirs + files if p not in known]
        if fresh:
            self.watcher.addPaths(fresh)

    def _owning_folder(self, path: str) -> str | None:
        for folder in self._folders:
            if path == folder or path.startswith(folder.rstrip(os.sep) + os.sep):
                return folder
        return None

    def _on_change(self, path: str) -> None:
        folder = self._owning_folder(path)
        if folder is not None:
            self._dirty.add(folder)
            self._settle.start()

    def _scan_dirty(self) -> None:
        dirty = sorted(self._dirty)
        self._dirty.clear()
        if dirty:
            self.scan(dirty)

    def _on_import_finished(self, request: ImportRequest, outcome: ImportOutcome) -> None:
        if id(request) not in self._requests:
            return
        self._requests.discard(id(request))
        self._seen.update(outcome.seen)
        for folder in request.paths:
            if folder.is_dir():
                self._watch(str(folder))  # new subfolders and files


class WatchedFoldersDialog(QDialog):
    """Lists the watched folders; Add and Remove act at once."""

    def __init__(self, watched: WatchedFolders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Watched Folders")
        self.watched = watched
        intro = QLabel(
            "Margin imports new and changed articles from these folders by itself, "
            "whenever it is running.",
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.add_button = buttons.addButton("Add Folder…", QDialogButtonBox.ButtonRole.ActionRole)
        self.remove_button = buttons.addButton("Remove", QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        buttons.rejected.connect(self.reject)
        self.list.currentRowChanged.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        watched.foldersChanged.connect(self._reload)
        self._reload()
        layout.activate()  # settle the size before the native window exists
        self.resize(560, 320)

    def _reload(self) -> None:
        self.list.clear()
        self.list.addItems(self.watched.folders())
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        self.remove_button.setEnabled(self.list.currentRow() >= 0)

    def _add(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Watch a Folder")
        if folder:
            try:
                self.watched.add(folder)
            except OSError as exc:
                QMessageBox.warning(self, "Cannot watch this folder", str(exc))

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.watched.remove(item.text())
