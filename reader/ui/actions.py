"""The window's actions, menus and toolbar, and the one list of keyboard shortcuts.

Every keyboard shortcut of the window is defined here (`SHORTCUTS` lists them for the help dialog
and the README). `Actions` is given its collaborators explicitly and holds no state of its own:

* ``host``: the `QMainWindow` whose menu bar and toolbar area it fills;
* ``window``: the window-level commands (`WindowCommands`: dialogs, panes, quit);
* ``find_bar``, ``appearance``, ``exports``: the parts whose commands it triggers;
* ``annotations``: what H, 1-5, N and Delete do (`AnnotationCommands`, the `Annotator`);
* ``key_targets``: the widgets where those single-key shortcuts work.

The single-key annotation shortcuts (H, 1-5, N, Delete) are widget shortcuts of the reader and
the highlights lists only: they never fire while the keyboard is in the library list (whose
letters jump to titles), a filter box, the find bar or a note editor.

Adding a command elsewhere: build the `QAction` in the feature's own module and add it to one
of the named menus (``commands.menu("view").addAction(...)``; names in `MENUS`), to the reader's
right-click menu (``reader.add_context_actions([...])``), and to `SHORTCUTS` if it has a key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QToolButton, QWidget

from reader.store.records import COLORS
from reader.ui import icons
from reader.ui.appearance import Appearance, Look
from reader.ui.export_dialog import ExportCommands
from reader.ui.find_bar import FindBar
from reader.ui.typography import LINE_HEIGHTS, SANS, SERIF

MENUS = ("file", "edit", "view", "annotate", "library", "help")


class WindowCommands(Protocol):
    """The window-level commands the menus trigger (`MainWindow` provides them)."""

    def open_files_dialog(self) -> None: ...
    def import_folder_dialog(self) -> None: ...
    def show_watched_folders(self) -> object: ...
    def close(self) -> bool: ...
    def focus_library_filter(self) -> None: ...
    def toggle_library(self, visible: bool) -> None: ...
    def toggle_panel(self, visible: bool) -> None: ...
    def remove_current(self) -> None: ...
    def reveal_current(self) -> None: ...
    def show_shortcuts(self) -> object: ...
    def show_about(self) -> None: ...


class AnnotationCommands(Protocol):
    """What the annotation keys do (`reader.ui.annotator.Annotator` provides it)."""

    @property
    def undo_group(self) -> QUndoGroup: ...
    def highlight_selection(self, color: str | None = None) -> object: ...
    def apply_color(self, number: int) -> None: ...
    def edit_note(self) -> None: ...
    def delete_current(self) -> None: ...


SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+O", "Open files…"),
    ("Ctrl+Shift+O", "Import folder…"),
    ("Ctrl+F", "Find in article"),
    ("Enter / Shift+Enter, F3 / Shift+F3", "Next / previous match"),
    ("Esc", "Close the find bar"),
    ("Ctrl+= / Ctrl+-", "Larger / smaller text"),
    ("Ctrl+0", "Reset text size"),
    ("Ctrl+L", "Go to the library filter"),
    ("Ctrl+K / Ctrl+Shift+F", "Search the library: articles, highlights and notes"),
    ("F9", "Show or hide the library"),
    ("H", "Highlight the selected text"),
    ("1 – 5", "Colour yellow, green, blue, pink, purple (selection, else current highlight)"),
    ("N", "Note on the current highlight (Esc closes the note)"),
    ("Delete", "Delete the current highlight"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo highlights, notes and tags"),
    ("Ctrl+Shift+C", "Copy the article's highlights as Markdown"),
    ("Ctrl+E", "Export annotations…"),
    ("Ctrl+Shift+H", "Show or hide the highlights panel"),
    ("Ctrl+Shift+R", "Show or hide the text the cleaner removed"),
    ("Ctrl+U", "Show the original, before cleaning"),
    ("K", "Keep this: put removed text back (at the cursor)"),
    ("X", "Remove this: take blocks out of the article (at the cursor or selection)"),
    ("Ctrl+Q", "Quit (the window remembers where you were)"),
)


class Actions:
    """Builds the menus and toolbar of ``host`` and keeps the actions others need.

    The window keeps it as ``window.commands`` (``actions`` is QWidget's own method).
    """

    def __init__(
        self,
        host: QMainWindow,
        window: WindowCommands,
        *,
        find_bar: FindBar,
        appearance: Appearance,
        exports: ExportCommands,
        annotations: AnnotationCommands,
        key_targets: Sequence[QWidget],
        panel_visible: bool,
    ) -> None:
        self.host = host
        w = window
        look = appearance

        def act(text: str, slot: object, shortcut: str | QKeySequence | None = None) -> QAction:
            action = QAction(text, host)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            host.addAction(action)  # shortcuts work while the menu bar is hidden too
            return action

        self.open_files = act("&Open Files…", w.open_files_dialog, "Ctrl+O")
        self.import_folder = act("&Import Folder…", w.import_folder_dialog, "Ctrl+Shift+O")
        self.watched = act("&Watched Folders…", w.show_watched_folders)
        self.quit = act("&Quit", w.close, "Ctrl+Q")
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.find = act("&Find…", find_bar.open_bar, "Ctrl+F")
        self.find_next = act("Find &Next", find_bar.find_next, "F3")
        self.find_previous = act("Find &Previous", find_bar.find_previous, "Shift+F3")
        self.focus_filter = act("Filter &Library", w.focus_library_filter, "Ctrl+L")

        self.larger = act("&Larger Text", lambda: look.change_font_size(+1), "Ctrl+=")
        self.larger.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.smaller = act("&Smaller Text", lambda: look.change_font_size(-1), "Ctrl+-")
        self.reset_size = act("&Reset Text Size", lambda: look.change_font_size(0), "Ctrl+0")
        self.choose_font = act("Other &Font…", lambda: look.choose_font(host))
        self.toggle_library = act("Show &Library", w.toggle_library, "F9")
        self.toggle_library.setCheckable(True)
        self.toggle_library.setChecked(True)

        self._build_annotation_actions(annotations, key_targets)
        self.copy_markdown = act("Copy as &Markdown", exports.copy_markdown, "Ctrl+Shift+C")
        self.export = act("&Export Annotations…", exports.open_dialog, "Ctrl+E")
        self.toggle_panel = act("Show &Highlights", w.toggle_panel, "Ctrl+Shift+H")
        self.toggle_panel.setCheckable(True)
        self.toggle_panel.setChecked(panel_visible)

        self.remove = act("&Remove from Library…", w.remove_current)
        self.reveal = act("Reveal &Source File", w.reveal_current)
        self.shortcuts = act("&Keyboard Shortcuts", w.show_shortcuts)
        self.about = act("&About Margin", w.show_about)

        self.theme_group = QActionGroup(host)
        self.theme_actions: dict[str, QAction] = {}
        for name, label in (
            ("system", "&System"),
            ("light", "&Light"),
            ("sepia", "S&epia"),
            ("dark", "&Dark"),
        ):
            action = QAction(label, host, checkable=True)
            action.triggered.connect(lambda _c=False, n=name: look.set_theme(n))
            self.theme_group.addAction(action)
            self.theme_actions[name] = action

        self.family_group = QActionGroup(host)
        self.family_actions: dict[str, QAction] = {}
        for name, label in ((SERIF, "S&erif"), (SANS, "S&ans-serif")):
            action = QAction(label, host, checkable=True)
            action.triggered.connect(lambda _c=False, n=name: look.set_font_family(n))
            self.family_group.addAction(action)
            self.family_actions[name] = action

        self.spacing_group = QActionGroup(host)
        self.spacing_actions: dict[int, QAction] = {}
        for label, value in LINE_HEIGHTS.items():
            action = QAction(label, host, checkable=True)
            action.triggered.connect(lambda _c=False, v=value: look.set_line_height(v))
            self.spacing_group.addAction(action)
            self.spacing_actions[value] = action

        self._build_menus()
        self.toolbar = self._build_toolbar()

    def _build_annotation_actions(
        self, notes: AnnotationCommands, targets: Sequence[QWidget]
    ) -> None:
        host = self.host

        def key(text: str, slot: object, shortcut: str) -> QAction:
            action = QAction(text, host)
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
        self.colour_menu = QMenu("&Colour", host)
        self.colour_menu.addActions(self.colour_actions)
        self.undo = notes.undo_group.createUndoAction(host, "&Undo")
        self.undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo = notes.undo_group.createRedoAction(host, "&Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        host.addAction(self.undo)
        host.addAction(self.redo)

    def reader_menu_actions(self) -> list[QAction]:
        """The annotation entries of the reader's right-click menu (the window puts them there)."""
        return [
            self.highlight,
            self.colour_menu.menuAction(),
            self.edit_note,
            self.delete_highlight,
        ]

    def menu(self, name: str) -> QMenu:
        """One of the menu bar's menus by name (see `MENUS`), for features to add entries to."""
        return self.menus[name]

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
        bar = self.host.menuBar()
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
        self.menus: dict[str, QMenu] = dict(
            zip(MENUS, (file_menu, edit, view, annotate, library, help_menu), strict=True)
        )

    def _build_toolbar(self) -> QToolBar:
        tb = QToolBar("Toolbar", self.host)
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
        self.host.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
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
            # A menu draws a checkable entry's icon where its check mark goes: keep the mark.
            action.setIconVisibleInMenu(not action.isCheckable())
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

    def follow_look(self, look: Look) -> None:
        """Icons in the theme's text colour; the theme, font and spacing entries checked."""
        self.update_icons(look.theme.text)
        if look.name in self.theme_actions:
            self.theme_actions[look.name].setChecked(True)
        for name, action in self.family_actions.items():
            action.setChecked(name == look.typography.family)
        for value, action in self.spacing_actions.items():
            action.setChecked(value == look.typography.line_height)
