"""The window's size and the shares of its panes: first start, restore, save, resizing.

Kept apart from the window's wiring because the rules are about screens, not about articles:

* The window (with its frame and title bar) always fits the screen's available area. The frame
  is only known once the window manager has framed the window, so the first size uses a guess
  and `PaneGeometry` checks again for a moment after the window is shown.
* The size is saved as plain numbers (and whether the window was maximised) and restored on any
  screen, clamped to it: Qt's own ``restoreGeometry`` refuses a geometry saved on a screen more
  than 25% wider or narrower, which lost the size after a move to a larger screen.
* Widths: a narrow window starts with the highlights panel closed. When the window grows, the
  new pixels go to the text until it has its comfortable measure, then to the library (titles),
  then to the panel; when it shrinks, they are taken back in the opposite spirit: the text's
  spare margins first, then the library, then the panel, the text last. A person's own splitter
  drags are kept; only the window's size changes move them.

The arithmetic is in plain functions (`grow_or_shrink`, `first_widths`, `fit_rect`) so it can be
tested without a screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from reader.ui.settings import Settings

FIRST_SIZE = QSize(1280, 800)
FRAME_GUESS = QSize(2, 32)  # a typical title bar and border, until the real frame is known
NARROW_WINDOW = 1000  # px; below this the highlights panel starts closed
LIBRARY_MIN, LIBRARY_COMFORT, LIBRARY_MAX, LIBRARY_MAX_SHARE = 200, 360, 620, 0.34
PANEL_MIN, PANEL_COMFORT, PANEL_MAX = 200, 280, 420
FIT_CHECKS, FIT_INTERVAL_MS = 20, 100  # watch for the window manager's frame for 2 s


def fit_rect(
    frame: QRect, inner: QRect, available: QRect, wanted: QSize | None = None
) -> QRect | None:
    """Where the frame goes and how big the inside is, so that the whole frame is inside
    ``available``: a rect of the frame's top-left and the inner size; None if nothing changes.

    ``frame`` is the window with its title bar and borders, ``inner`` the window's own area;
    ``wanted`` is the inner size to aim for (first start), else the present one is only shrunk.
    """
    extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
    aim = wanted if wanted is not None else inner.size()
    width = max(min(aim.width(), available.width() - extra_w), 1)
    height = max(min(aim.height(), available.height() - extra_h), 1)
    if available.contains(frame) and (width, height) == (inner.width(), inner.height()):
        return None
    fx = min(max(frame.x(), available.left()), available.right() + 1 - (width + extra_w))
    fy = min(max(frame.y(), available.top()), available.bottom() + 1 - (height + extra_h))
    return QRect(fx, fy, width, height)


LIBRARY, TEXT, PANEL = range(3)


def _limits(total: int, text_ideal: int) -> dict[str, tuple[int, int, int]]:
    """Per pane (library, text, panel): the minimum, the comfortable and the maximum width."""
    library_max = max(min(LIBRARY_MAX, int(total * LIBRARY_MAX_SHARE)), LIBRARY_COMFORT)
    return {
        "min": (LIBRARY_MIN, 0, PANEL_MIN),
        "comfort": (LIBRARY_COMFORT, text_ideal, PANEL_COMFORT),
        "max": (library_max, 1 << 30, PANEL_MAX),
    }


def grow_or_shrink(
    widths: tuple[int, int, int], total: int, text_ideal: int, panel: bool
) -> tuple[int, int, int]:
    """New (library, text, panel) widths when the room for the three becomes ``total``.

    Growing fills, in turn: the text up to ``text_ideal`` (its full measure), the library and
    then the panel up to a comfortable width, the library and the panel up to their maximum,
    then the text (as margins). Shrinking takes back in the order: the text's spare margins,
    the library and the panel down to comfortable, then to their minimum, then the text.
    """
    sizes = [widths[LIBRARY], widths[TEXT], widths[PANEL] if panel else 0]
    limit = _limits(total, text_ideal)
    delta = total - sum(sizes)
    if delta > 0:
        steps = [
            (TEXT, "comfort"),
            (LIBRARY, "comfort"),
            (PANEL, "comfort"),
            (LIBRARY, "max"),
            (PANEL, "max"),
            (TEXT, "max"),
        ]
        for pane, level in steps:
            if pane == PANEL and not panel:
                continue
            give = min(delta, max(limit[level][pane] - sizes[pane], 0))
            sizes[pane] += give
            delta -= give
        sizes[TEXT] += delta
    elif delta < 0:
        need = -delta
        steps = [
            (TEXT, "comfort"),
            (LIBRARY, "comfort"),
            (PANEL, "comfort"),
            (LIBRARY, "min"),
            (PANEL, "min"),
            (TEXT, "min"),
        ]
        for pane, level in steps:
            if pane == PANEL and not panel:
                continue
            take = min(need, max(sizes[pane] - limit[level][pane], 0))
            sizes[pane] -= take
            need -= take
        sizes[TEXT] -= need
    return sizes[LIBRARY], sizes[TEXT], sizes[PANEL]


def first_widths(total: int, text_ideal: int, panel: bool) -> tuple[int, int, int]:
    """(library, text, panel) on a first start: grown from the sides' minimums to ``total``."""
    start = (LIBRARY_MIN, 0, PANEL_MIN if panel else 0)
    return grow_or_shrink(start, total, text_ideal, panel)


def readable_text(text_ideal: int) -> int:
    """The text pane's width below which the highlights panel steps aside (~45 characters)."""
    return int(text_ideal * 0.62)


class PaneGeometry:
    """Restores, fits and saves the window's geometry and the widths of its three panes."""

    def __init__(
        self,
        window: QMainWindow,
        settings: Settings,
        *,
        splitter: QSplitter,
        reading: QSplitter,
        library: QWidget,
        panel: QWidget,
        text_ideal: Callable[[], int],
        fit_screen: bool = True,
    ) -> None:
        self.window = window
        self.fit_screen = fit_screen  # False in screenshot mode: the size asked for is the size
        self.settings = settings
        self.splitter = splitter  # library | reading
        self.reading = reading  # text | highlights panel
        self.library = library
        self.panel = panel
        self.text_ideal = text_ideal  # the reader's comfortable width for the current font
        self._splitter_restored = False
        self._panel_restored = False
        self._widths: tuple[int, int, int] | None = None  # last widths we know of
        self._maximize = False
        self.stepped_aside = False  # the panel hid itself in a narrow window (not the user)
        self._restored_size: QSize | None = None
        self._wanted: QSize | None = None  # first start: the size to aim for once framed
        self._fit_checks = 0
        self._fit_timer = QTimer(window, interval=FIT_INTERVAL_MS)
        self._fit_timer.timeout.connect(self._fit_tick)
        library.setMinimumWidth(LIBRARY_MIN)
        panel.setMinimumWidth(PANEL_MIN)
        splitter.splitterMoved.connect(self.remember)
        reading.splitterMoved.connect(self.remember)

    # -- restore and save ----------------------------------------------------------------
    def restore(self) -> None:
        """Before the first show: the saved size (clamped to this screen), else a first size."""
        w = self.window
        screen = w.screen().availableGeometry() if w.screen() else None
        rect = self.settings.window_rect()
        legacy = self.settings.geometry()
        if rect is not None:
            x, y, width, height = rect
            if screen is not None:
                width = min(width, screen.width() - FRAME_GUESS.width())
                height = min(height, screen.height() - FRAME_GUESS.height())
            w.resize(width, height)
            if screen is None or screen.contains(QRect(x, y, width, height)):
                w.move(x, y)
            self._maximize = self.settings.window_maximized()
        elif legacy is None or not w.restoreGeometry(legacy):
            # First start: 1280x800, or all of a smaller screen with room for the title bar.
            width, height = FIRST_SIZE.width(), FIRST_SIZE.height()
            if screen is not None:
                width = min(width, screen.width() - FRAME_GUESS.width())
                height = min(height, screen.height() - FRAME_GUESS.height())
            w.resize(width, height)
            self._wanted = FIRST_SIZE
        state = self.settings.window_state()
        if state is not None:
            w.restoreState(state)
        if self._maximize:
            w.setWindowState(w.windowState() | Qt.WindowState.WindowMaximized)
        self._restored_size = w.size()
        splitter = self.settings.splitter()
        self._splitter_restored = splitter is not None and self.splitter.restoreState(splitter)
        panel = self.settings.panel_splitter()
        self._panel_restored = panel is not None and self.reading.restoreState(panel)
        self.panel.setVisible(self.settings.panel_visible())

    def save(self) -> None:
        w = self.window
        normal = w.normalGeometry() if w.isMaximized() else w.geometry()
        offset = w.geometry().topLeft() - w.frameGeometry().topLeft()
        corner = normal.topLeft() - offset  # the frame's corner: what `move` takes back
        rect = (corner.x(), corner.y(), normal.width(), normal.height())
        self.settings.set_window_rect(rect, w.isMaximized())
        self.settings.set_window_state(w.saveState())
        self.settings.set_panel_visible(not self.panel.isHidden() or self.stepped_aside)
        if self._widths is not None:  # never shown (empty library): nothing worth keeping
            self.settings.set_splitter(self.splitter.saveState())
            self.settings.set_panel_splitter(self.reading.saveState())

    # -- showing and fitting -------------------------------------------------------------
    def shown(self) -> None:
        """On each show: the narrow-window rule, the first widths, and the fit check."""
        width = self.window.width()
        if not self._panel_restored and width < NARROW_WINDOW:
            # Until the user chooses, a narrow window starts with the highlights panel closed:
            # three panes in 800 pixels squeeze the text to a ribbon. Ctrl+Shift+H opens it.
            self.panel.setVisible(self.settings.panel_visible(default=False))
        self.panes_shown()
        # Fit the frame to the screen when the size is ours (first start or restored); a size
        # set by the caller after that (a test, ``--size``) is left as asked.
        if self.fit_screen and self.window.size() == self._restored_size:
            self._fit_checks = 0
            self._fit_timer.start()
            self.fit_to_screen()
        self._restored_size = None

    def panes_shown(self) -> None:
        """The panes are on screen (window shown, or the empty page left): first widths once."""
        if self._widths is not None or not self.splitter.isVisible():
            return
        if not (self._splitter_restored and self._panel_restored):
            shown = not self.panel.isHidden()
            self._apply(first_widths(self._room(), self.text_ideal(), shown))
        self._widths = self.widths()

    def _fit_tick(self) -> None:
        self._fit_checks += 1
        self.fit_to_screen()
        if self._fit_checks >= FIT_CHECKS:
            self._fit_timer.stop()
            self._wanted = None

    def fit_to_screen(self) -> bool:
        """Shrink and move the window so that its frame is inside the screen; True if it did."""
        w = self.window
        screen = w.screen()
        if screen is None or w.isMaximized() or w.isFullScreen() or not w.isVisible():
            return False
        frame, inner = w.frameGeometry(), w.geometry()
        target = fit_rect(frame, inner, screen.availableGeometry(), self._wanted)
        if frame != inner:
            # Framed: this fit uses the real title bar and borders, and is the last one (later
            # sizes are the user's own).
            self._fit_timer.stop()
            self._wanted = None
        if target is None:
            return False
        w.resize(target.size())
        w.move(target.topLeft())  # a window's position is that of its frame
        return True

    # -- widths ---------------------------------------------------------------------------
    def _room(self) -> int:
        """Pixels the three panes share (the splitters' width without their handles)."""
        room = self.splitter.width() - self.splitter.handleWidth()
        if not self.panel.isHidden():
            room -= self.reading.handleWidth()
        return room

    def widths(self) -> tuple[int, int, int]:
        library = self.splitter.sizes()[0] if not self.library.isHidden() else 0
        text, panel = self.reading.sizes()
        return library, text, panel if not self.panel.isHidden() else 0

    def _apply(self, widths: tuple[int, int, int]) -> None:
        library, text, panel = widths
        handle = self.reading.handleWidth() if panel else 0
        self.splitter.setSizes([library, text + panel + handle])
        self.reading.setSizes([text, panel])
        self._widths = self.widths()

    def remember(self, *_args: object) -> None:
        """Take the present widths as the user's (after a drag or showing/hiding a pane)."""
        self.stepped_aside = False
        if self._widths is not None:
            self._widths = self.widths()

    def resized(self) -> None:
        """The window changed size: share the difference by the rules above.

        When the text would fall under a readable width (about 45 characters), the highlights
        panel steps aside, and it comes back when the window is wide enough again (unless the
        user closed or opened it meanwhile).
        """
        if self._widths is None or self.library.isHidden():
            return
        ideal = self.text_ideal()
        panel = not self.panel.isHidden()
        widths = grow_or_shrink(self._widths, self._room(), ideal, panel)
        if panel and widths[TEXT] < readable_text(ideal):
            self.stepped_aside = True
            self.panel.hide()
            widths = grow_or_shrink(widths, self._room(), ideal, False)
        elif self.stepped_aside and not panel:
            handle = self.reading.handleWidth()
            room = self._room() - handle
            back = (widths[LIBRARY], widths[TEXT] - PANEL_MIN - handle, PANEL_MIN)
            back = grow_or_shrink(back, room, ideal, True)
            if back[TEXT] >= readable_text(ideal):
                self.stepped_aside = False
                self.panel.show()
                widths = back
        self._apply(widths)
