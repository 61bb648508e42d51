"""The window's actions, menus and toolbar, in one place so shortcuts are easy to audit.

Every keyboard shortcut of the window is defined here (`SHORTCUTS` lists them for the help dialog
and the README). Actions call public methods of the main window; nothing here holds state.

The single-key annotation shortcuts (H, 1-5, N, Delete) are widget shortcuts of the reader and
the highlights lists only: they never fire while the keyboard is in the library list (whose
letters jump to titles), a filter box, the find bar or a note editor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton

from reader.store.records import COLORS
from reader.ui import icons
from reader.ui.typography import LINE_HEIGHTS, SANS, SERIF

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+O", "Open files…"),
    ("Ctrl+Shift+O", "Import folder…"),
    ("Ctrl+F", "Find in article"),
    ("Enter / Shift+Enter, F3 / Shift+F3", "Next / previous match"),
    ("Esc", "Close the find bar"),
    ("Ctrl+= / Ctrl+-", "Larger / smaller text"),
    ("Ctrl+0", "Reset text size"),
    ("Ctrl+L", "Go to the library filter"),
    ("F9", "Show or hide the library"),
    ("H", "Highlight the selected text"),
    ("1 – 5", "Colour yellow, green, blue, pink, purple (selection, else current highlight)"),
    ("N", "Note on the current highlight (Esc closes the note)"),
    ("Delete", "Delete the current highlight"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo highlights, notes and tags"),
    ("Ctrl+Shift+C", "Copy the article's highlights as Markdown"),
    ("Ctrl+E", "Export annotations…"),
    ("Ctrl+Shift+H", "Show or hide the highlights panel"),
    ("Ctrl+Q", "Quit (the window remembers where you were)"),
)


class Actions:
    """Builds the menus and toolbar of ``window`` and keeps the actions others need.

    The window keeps it as ``window.commands`` (``actions`` is QWidget's own method).
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        w = window

        def act(text: str, slot: object, shortcut: str | QKeySequence | None = None) -> QAction:
            action = QAction(text, w)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            w.addAction(action)  # shortcuts work while the menu bar is hidden too
            return action

        self.open_files = act("&Open Files…", w.open_files_dialog, "Ctrl+O")
        self.import_folder = act("&Import Folder…", w.import_folder_dialog, "Ctrl+Shift+O")
        self.watched = act("&Watched Folders…", w.show_watched_folders)
        self.quit = act("&Quit", w.close, "Ctrl+Q")
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.find = act("&Find…", w.find_bar.open_bar, "Ctrl+F")
        self.find_next = act("Find &Next", w.find_bar.find_next, "F3")
        self.find_previous = act("Find &Previous", w.find_bar.find_previous, "Shift+F3")
        self.focus_filter = act("Filter &Library", w.focus_library_filter, "Ctrl+L")

        self.larger = act("&Larger Text", lambda: w.change_font_size(+1), "Ctrl+=")
        self.larger.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.smaller = act("&Smaller Text", lambda: w.change_font_size(-1), "Ctrl+-")
        self.reset_size = act("&Reset Text Size", lambda: w.change_font_size(0), "Ctrl+0")
        self.choose_font = act("Other &Font…", w.choose_font)
        self.toggle_library = act("Show &Library", w.toggle_library, "F9")
        self.toggle_library.setCheckable(True)
        self.toggle_library.setChecked(True)

        self._build_annotation_actions()
        self.copy_markdown = act("Copy as &Markdown", w.exports.copy_markdown, "Ctrl+Shift+C")
        self.export = act("&Export Annotations…", w.exports.open_dialog, "Ctrl+E")
        self.toggle_panel = act("Show &Highlights", w.toggle_panel, "Ctrl+Shift+H")
        self.toggle_panel.setCheckable(True)
        self.toggle_panel.setChecked(w.settings.panel_visible())

        self.remove = act("&Remove from Library…", w.remove_current)
        self.reveal = act("Reveal &Source File", w.reveal_current)
        self.shortcuts = act("&Keyboard Shortcuts", w.show_shortcuts)
        self.about = act("&About Margin", w.show_about)

        self.theme_group = QActionGroup(w)
        self.theme_actions: dict[str, QAction] = {}
        for name, label in (
            ("system", "&System"),
            ("light", "&Light"),
            ("sepia", "S&epia"),
            ("dark", "&Dark"),
        ):
            action = QAction(label, w, checkable=True)
            action.triggered.connect(lambda _c=False, n=name: w.set_theme(n))
            self.theme_group.addAction(action)
            self.theme_actions[name] = action

        self.family_group = QActionGroup(w)
        self.family_actions: dict[str, QAction] = {}
        for name, label in ((SERIF, "S&erif"), (SANS, "S&ans-serif")):
            action = QAction(label, w, checkable=True)
            action.triggered.connect(lambda _c=False, n=name: w.set_font_family(n))
            self.family_group.addAction(action)
            self.family_actions[name] = action

        self.spacing_group = QActionGroup(w)
        self.spacing_actions: dict[int, QAction] = {}
        for label, value in LINE_HEIGHTS.items():
            action = QAction(label, w, checkable=True)
            action.triggered.connect(lambda _c=False, v=value: w.set_line_height(v))
            self.spacing_group.addAction(action)
            self.spacing_actions[value] = action

        self._build_menus()
        self.toolbar = self._build_toolbar()

    def _build_annotation_actions(self) -> None:
        w = self.window
        notes = w.annotator
        targets = (w.reader, w.panel.list, w.panel.orphan_list)

        def key(text: str, slot: object, shortcut: str) -> QAction:
            action = QAction(text, w)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            for widget in targets:
                widget.addAction(action)
            return action

        self.highlight = key("&Highlight Selection", lambda: notes.highlight_selection(), "H")
        self.highlight.setToolTip("Highlight the selected text (H)")
        self.colour_actions: list[QAction] = []
        for n, name in enumerate(COLORS, 1):
            action = key(f"&{n} {name.title()}", lambda _c=False, n=n: notes.apply_color(n), str(n))
            self.colour_actions.append(action)
        self.edit_note = key("&Note…", notes.edit_note, "N")
        self.delete_highlight = key("&Delete Highlight", notes.delete_current, "Del")
        self.colour_menu = QMenu("&Colour", w)
        self.colour_menu.addActions(self.colour_actions)
        self.undo = notes.undo_group.createUndoAction(w, "&Undo")
        self.undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo = notes.undo_group.createRedoAction(w, "&Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        w.addAction(self.undo)
        w.addAction(self.redo)
        w.reader.context_actions = [
            self.highlight,
            self.colour_menu.menuAction(),
            self.edit_note,
            self.delete_highlight,
        ]

    def annotation_actions(self) -> list[QAction]:
        """The actions that need an open article."""
        return [
            self.highlight,
            *self.colour_actions,
            self.edit_note,
            self.delete_highlight,
            self.colour_menu.menuAction(),
        ]

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.open_files, self.import_folder])
        file_menu.addSeparator()
        file_menu.addAction(self.export)
        file_menu.addSeparator()
        file_menu.addAction(self.watched)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)

        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo, self.redo])
        edit.addSeparator()
        edit.addAction(self.copy_markdown)
        edit.addSeparator()
        edit.addActions([self.find, self.find_next, self.find_previous])
        edit.addSeparator()
        edit.addAction(self.focus_filter)

        view = bar.addMenu("&View")
        self.theme_menu = QMenu("&Theme", view)
        self.theme_menu.addActions(list(self.theme_actions.values()))
        view.addMenu(self.theme_menu)
        font = view.addMenu("&Font")
        font.addActions(list(self.family_actions.values()))
        font.addAction(self.choose_font)
        view.addActions([self.larger, self.smaller, self.reset_size])
        spacing = view.addMenu("Line &Spacing")
        spacing.addActions(list(self.spacing_actions.values()))
        view.addSeparator()
        view.addActions([self.toggle_library, self.toggle_panel])

        annotate = bar.addMenu("&Annotate")
        annotate.addAction(self.highlight)
        annotate.addMenu(self.colour_menu)
        annotate.addActions([self.edit_note, self.delete_highlight])

        library = bar.addMenu("&Library")
        library.addActions([self.remove, self.reveal])

        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.shortcuts, self.about])

    def _build_toolbar(self) -> QToolBar:
        tb = QToolBar("Toolbar", self.window)
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setFloatable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addAction(self.open_files)
        tb.addAction(self.import_folder)
        tb.addSeparator()
        tb.addAction(self.find)
        tb.addAction(self.highlight)
        tb.addSeparator()
        tb.addAction(self.smaller)
        tb.addAction(self.larger)
        theme_button = QToolButton(tb)
        theme_button.setText("Theme")
        theme_button.setMenu(self.theme_menu)
        theme_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        theme_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.theme_button = theme_button
        tb.addWidget(theme_button)
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        return tb

    def update_icons(self, colour: str) -> None:
        """Redraw the toolbar icons in ``colour`` (the theme's text colour)."""
        for action, name in (
            (self.open_files, "open-file"),
            (self.import_folder, "import-folder"),
            (self.find, "find"),
            (self.highlight, "highlight"),
            (self.export, "export"),
            (self.toggle_panel, "panel"),
            (self.smaller, "text-smaller"),
            (self.larger, "text-larger"),
        ):
            action.setIcon(icons.themed_icon(name, colour))
        self.theme_button.setIcon(icons.themed_icon("theme", colour))
        # Short labels beside the icons keep the toolbar narrow enough for an 800 px window.
        for action, label in (
            (self.open_files, "Open"),
            (self.import_folder, "Import Folder"),
            (self.find, "Find"),
            (self.highlight, "Highlight"),
            (self.smaller, "Smaller"),
            (self.larger, "Larger"),
        ):
            action.setIconText(label)

    def sync_checks(self, theme: str, family: str, line_height: int) -> None:
        if theme in self.theme_actions:
            self.theme_actions[theme].setChecked(True)
        for name, action in self.family_actions.items():
            action.setChecked(name == family)
        for value, action in self.spacing_actions.items():
            action.setChecked(value == line_height)
