"""The window's appearance commands: theme, font, size and line spacing.

A mixin of `MainWindow` (kept apart so the window module stays about wiring): each change is
applied to the whole window at once (palette, reader style sheet, icons, highlight colours) and
remembered in the settings unless the window only takes a screenshot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFontDialog, QWidget

from reader.ui import themes
from reader.ui.typography import Typography

if TYPE_CHECKING:
    from reader.ui.actions import Actions
    from reader.ui.annotator import Annotator
    from reader.ui.highlights_panel import HighlightsPanel
    from reader.ui.reader_view import ReaderView
    from reader.ui.settings import Settings


class AppearanceMixin:
    _theme_name: str
    _typo: Typography
    persist: bool
    settings: Settings
    reader: ReaderView
    panel: HighlightsPanel
    annotator: Annotator
    commands: Actions

    @property
    def theme_name(self) -> str:
        return self._theme_name

    def apply_theme(self) -> None:
        theme = themes.resolve(self._theme_name)
        QApplication.setPalette(themes.palette(theme))
        self.panel.set_theme(theme)  # before the reader: its rebuild repaints the highlights
        self.annotator.popup.set_theme(theme)
        self.reader.set_appearance(theme, self._typo)
        self.commands.update_icons(theme.text)
        self.commands.sync_checks(self._theme_name, self._typo.family, self._typo.line_height)

    def set_theme(self, name: str) -> None:
        self._theme_name = name
        if self.persist:
            self.settings.set_theme(name)
        self.apply_theme()

    def _system_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._theme_name == "system":
            self.apply_theme()

    def set_typography(self, typo: Typography) -> None:
        self._typo = typo.clamped()
        if self.persist:
            self.settings.set_typography(self._typo)
        self.apply_theme()

    def change_font_size(self, step: int) -> None:
        typo = self._typo
        if step > 0:
            typo = typo.bigger()
        elif step < 0:
            typo = typo.smaller()
        else:
            typo = Typography(family=typo.family, line_height=typo.line_height)
        self.set_typography(typo)

    def set_font_family(self, family: str) -> None:
        self.set_typography(Typography(family, self._typo.size, self._typo.line_height))

    def set_line_height(self, percent: int) -> None:
        self.set_typography(Typography(self._typo.family, self._typo.size, percent))

    def choose_font(self) -> None:
        parent = self if isinstance(self, QWidget) else None
        ok, font = QFontDialog.getFont(self._typo.font(), parent, "Reading Font")
        if ok:
            self.set_font_family(font.family())
