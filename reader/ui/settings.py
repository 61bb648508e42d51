"""The one place window state is persisted: geometry, splitters, theme, typography, last article,
the highlights panel, and the export choices (folder, format, template).

An INI file under the platform's config folder (``platformdirs``, app name ``margin``) rather than
QSettings' native store, so ``XDG_CONFIG_HOME`` (and the tests' temporary folders) always decide
where it goes, on every platform, and a person can read or delete it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import platformdirs
from PySide6.QtCore import QByteArray, QSettings

from reader.config import APP_NAME
from reader.ui.typography import Typography

THEMES = ("system", "light", "sepia", "dark")


def settings_path() -> Path:
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "window.ini"


def _library_key(db_path: Path | str) -> str:
    """Per-library keys: the last article of one library means nothing in another."""
    digest = hashlib.sha1(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()
    return f"libraries/{digest[:16]}"


class Settings:
    """Typed accessors over a QSettings INI file; every write is synced at once."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _set(self, key: str, value: object) -> None:
        self._qs.setValue(key, value)
        self._qs.sync()

    # -- window ------------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_geometry(self, value: QByteArray) -> None:
        self._set("window/geometry", value)

    def window_rect(self) -> tuple[int, int, int, int] | None:
        """The window's normal (not maximised) geometry: x, y, width, height of its inside."""
        value = self._qs.value("window/rect")
        try:
            x, y, w, h = (int(part) for part in str(value).split(","))
        except (TypeError, ValueError):
            return None
        return (x, y, w, h) if w > 0 and h > 0 else None

    def window_maximized(self) -> bool:
        return str(self._qs.value("window/maximized", "false")).lower() == "true"

    def set_window_rect(self, rect: tuple[int, int, int, int], maximized: bool) -> None:
        self._qs.setValue("window/rect", ",".join(str(int(v)) for v in rect))
        self._set("window/maximized", "true" if maximized else "false")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def set_window_state(self, value: QByteArray) -> None:
        self._set("window/state", value)

    def splitter(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    def set_splitter(self, value: QByteArray) -> None:
        self._set("window/splitter", value)

    def panel_splitter(self) -> QByteArray | None:
        """Reader and highlights panel (kept apart from the library split, which predates it)."""
        return self._bytes("window/panel_splitter")

    def set_panel_splitter(self, value: QByteArray) -> None:
        self._set("window/panel_splitter", value)

    def panel_visible(self, default: bool = True) -> bool:
        value = self._qs.value("window/panel_visible")
        return default if value is None else str(value).lower() != "false"

    def set_panel_visible(self, visible: bool) -> None:
        self._set("window/panel_visible", "true" if visible else "false")

    def removed_text_shown(self) -> bool:
        return str(self._qs.value("reader/show_removed", "false")).lower() == "true"

    def set_removed_text_shown(self, shown: bool) -> None:
        self._set("reader/show_removed", "true" if shown else "false")

    # -- reading -----------------------------------------------------------------------------
    def theme(self) -> str:
        value = str(self._qs.value("reader/theme", "system"))
        return value if value in THEMES else "system"

    def set_theme(self, name: str) -> None:
        self._set("reader/theme", name if name in THEMES else "system")

    def typography(self) -> Typography:
        default = Typography()
        try:
            size = float(self._qs.value("reader/font_size", default.size))
            spacing = int(self._qs.value("reader/line_height", default.line_height))
        except (TypeError, ValueError):
            return default
        family = str(self._qs.value("reader/font_family", default.family) or default.family)
        return Typography(family=family, size=size, line_height=spacing).clamped()

    def set_typography(self, typo: Typography) -> None:
        self._qs.setValue("reader/font_family", typo.family)
        self._qs.setValue("reader/font_size", typo.size)
        self._set("reader/line_height", typo.line_height)

    # -- per library -------------------------------------------------------------------------
    def last_article(self, db_path: Path | str) -> int | None:
        value = self._qs.value(_library_key(db_path) + "/article")
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def set_last_article(self, db_path: Path | str, article_id: int | None) -> None:
        self._set(_library_key(db_path) + "/article", "" if article_id is None else article_id)

    def export_folder(self) -> str | None:
        value = self._qs.value("export/folder")
        return str(value) if value else None

    def set_export_folder(self, folder: str) -> None:
        self._set("export/folder", folder)

    def export_format(self) -> str:
        value = str(self._qs.value("export/format", "markdown"))
        return value if value in ("markdown", "json") else "markdown"

    def set_export_format(self, fmt: str) -> None:
        self._set("export/format", fmt)

    def export_template(self) -> str | None:
        value = self._qs.value("export/template")
        return str(value) if value else None

    def use_export_template(self) -> bool:
        on = str(self._qs.value("export/use_template", "false")).lower() == "true"
        return on and bool(self.export_template())

    def set_export_template(self, path: str, use: bool) -> None:
        """The user's Markdown template (export and Copy as Markdown), and whether to use it."""
        self._qs.setValue("export/template", path)
        self._set("export/use_template", "true" if use and path else "false")
