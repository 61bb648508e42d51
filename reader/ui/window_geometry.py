"""The window's size and the shares of its panes: first start, restore, save, shrinking.

Kept apart from the window's wiring because the rules are about screens, not about articles:
the first start fits the screen, a narrow window starts with the highlights panel closed, the
library gets a bit over a quarter of the width and gives way first when the window shrinks.
`PaneGeometry` is given the window, its two splitters and the panel explicitly; the sizing
arithmetic is in plain functions so it can be tested without a screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from reader.ui.settings import Settings

FIRST_SIZE = QSize(1280, 800)
MAX_LIBRARY_SHARE = 0.42
NARROW_WINDOW = 1000  # px; below this the highlights panel starts closed
MIN_TEXT = 320


def library_width(window_width: int) -> int:
    """The library's first share: a bit over a quarter, within 230..460 px."""
    return min(max(int(window_width * 0.28), 230), 460)


def panel_width(window_width: int) -> int:
    """The highlights panel's first share: about a quarter, within 230..360 px."""
    return min(max(int(window_width * 0.23), 230), 360)


class PaneGeometry:
    """Restores, fits and saves the window's geometry and its two splitters."""

    def __init__(
        self,
        window: QMainWindow,
        settings: Settings,
        *,
        splitter: QSplitter,
        reading: QSplitter,
        library: QWidget,
        panel: QWidget,
    ) -> None:
        self.window = window
        self.settings = settings
        self.splitter = splitter  # library | reading
        self.reading = reading  # text | highlights panel
        self.library = library
        self.panel = panel
        self._splitter_restored = False
        self._panel_restored = False

    def restore(self) -> None:
        """Before the first show: saved geometry and splitters, else the first-start size."""
        w = self.window
        geometry = self.settings.geometry()
        if geometry is None or not w.restoreGeometry(geometry):
            # First start: 1280x800, or all of a smaller screen (never larger than it).
            screen = w.screen().availableGeometry() if w.screen() else None
            width = min(FIRST_SIZE.width(), screen.width()) if screen else FIRST_SIZE.width()
            height = min(FIRST_SIZE.height(), screen.height()) if screen else FIRST_SIZE.height()
            w.resize(width, height)
        state = self.settings.window_state()
        if state is not None:
            w.restoreState(state)
        splitter = self.settings.splitter()
        self._splitter_restored = splitter is not None and self.splitter.restoreState(splitter)
        panel = self.settings.panel_splitter()
        self._panel_restored = panel is not None and self.reading.restoreState(panel)
        self.panel.setVisible(self.settings.panel_visible())

    def shown(self) -> None:
        """On each show: first-start shares (once), and the narrow-window rule for the panel."""
        width = self.window.width()
        if not self._panel_restored and width < NARROW_WINDOW:
            # Until the user chooses, a narrow window starts with the highlights panel closed:
            # three panes in 800 pixels squeeze the text to a ribbon. Ctrl+Shift+H opens it.
            self.panel.setVisible(self.settings.panel_visible(default=False))
        if not self._splitter_restored:
            self._splitter_restored = True
            left = library_width(width)
            self.splitter.setSizes([left, max(width - left, MIN_TEXT)])
        if not self._panel_restored:
            self._panel_restored = True
            rest = self.splitter.sizes()[1]
            panel = panel_width(width)
            self.reading.setSizes([max(rest - panel, MIN_TEXT), panel])

    def resized(self) -> None:
        """When the window shrinks, the library gives way first: the text needs the room more."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        cap = max(int(total * MAX_LIBRARY_SHARE), self.library.minimumWidth())
        if self._splitter_restored and total > 0 and sizes[0] > cap:
            self.splitter.setSizes([cap, total - cap])

    def save(self) -> None:
        w = self.window
        self.settings.set_geometry(w.saveGeometry())
        self.settings.set_window_state(w.saveState())
        self.settings.set_splitter(self.splitter.saveState())
        self.settings.set_panel_splitter(self.reading.saveState())
        self.settings.set_panel_visible(not self.panel.isHidden())
