"""The window's appearance: theme, font, size and line spacing, as one object with one signal.

`Appearance` owns the chosen theme name and typography, remembers changes in the settings
(unless the window only takes a screenshot), sets the application palette and then emits
`changed` with a `Look`. It knows nothing of the widgets that follow it: the window connects
each part that must repaint (highlights panel, note popup, reader, toolbar icons, menu checks)
to `changed`, in the order they must run. Qt calls directly connected slots in the order they
were connected, so the order of those ``connect`` lines is the order of repainting.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFontDialog, QWidget

from reader.ui import themes
from reader.ui.settings import Settings
from reader.ui.typography import Typography


@dataclass(frozen=True, slots=True)
class Look:
    """What `Appearance.changed` hands over: the chosen name, its colours, the typography."""

    name: str  # "system", "light", "sepia" or "dark"
    theme: themes.Theme  # the resolved colours ("system" becomes light or dark)
    typography: Typography


class Appearance(QObject):
    changed = Signal(object)  # Look

    def __init__(
        self,
        settings: Settings,
        *,
        theme: str | None = None,
        persist: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.persist = persist  # False in screenshot mode: look, do not remember
        self._name = theme or settings.theme()
        self._typo = settings.typography()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

    @property
    def theme_name(self) -> str:
        return self._name

    @property
    def typography(self) -> Typography:
        return self._typo

    def look(self) -> Look:
        return Look(self._name, themes.resolve(self._name), self._typo)

    def apply(self) -> None:
        """Set the application palette and tell every listener (also used once at start)."""
        look = self.look()
        QApplication.setPalette(themes.palette(look.theme))
        self.changed.emit(look)

    def set_theme(self, name: str) -> None:
        self._name = name
        if self.persist:
            self.settings.set_theme(name)
        self.apply()

    def _system_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._name == "system":
            self.apply()

    def set_typography(self, typo: Typography) -> None:
        self._typo = typo.clamped()
        if self.persist:
            self.settings.set_typography(self._typo)
        self.apply()

    def change_font_size(self, step: int) -> None:
        """+1 larger, -1 smaller, 0 the default size."""
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

    def choose_font(self, parent: QWidget | None = None) -> None:
        ok, font = QFontDialog.getFont(self._typo.font(), parent, "Reading Font")
        if ok:
            self.set_font_family(font.family())
