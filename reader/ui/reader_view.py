"""The reader view: an article's cleaned HTML in a QTextBrowser that never touches the network.

* Resources: `loadResource` refuses everything. Stored article HTML has no images or style sheets
  (the sanitiser drops them), so anything asked for is a remote or local file the article should
  not reach; refusing all keeps "the reader never fetches" true by construction.
* Links: the browser does not follow them; web and mail links go to the system's handlers through
  `QDesktopServices`, in-page ``#`` links scroll.
* Positions: the view owns the one `PositionMap` of the shown article (code points of the plain
  text <-> Qt positions). The reading position is the code point at the top of the viewport, so it
  survives font, width and theme changes; `rendered` tells highlight painters to repaint after
  each (re)build of the document.
* Removed text: the article is drawn from its `Document` by `reader.article_layout`, with the
  blocks the cleaner removed either shown in place, dimmed (`set_show_removed`), or replaced by
  one quiet marker per run that expands the run when clicked. The layout's slots say which Qt
  block is article text (given to the map), removed text or a marker (`slot_at`).
* Layout: the text column is limited to a comfortable measure and centred with root-frame margins
  recomputed on resize. Extra selections are kept in named layers (find matches, highlights, the
  flash after a jump) so features do not overwrite each other's marks.
* Clicks: a click that selects nothing reports the Qt position under the mouse (`clickedAt`, -1
  off the text) so the highlights can tell which one was clicked; the context menu puts the
  sections given to `add_context_actions` (annotation commands, and whatever features add)
  above the usual Copy / Select All.
"""

from __future__ import annotations

import logging
from bisect import bisect_right

from PySide6.QtCore import QByteArray, QPoint, QPointF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QImage,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QFrame, QMenu, QTextBrowser, QTextEdit, QWidget

from reader.article_layout import MARKER_HREF, Layout, Slot, layout, match_slots
from reader.document import Document
from reader.positions import PositionMap, Unit, qt_block_count
from reader.store.records import ArticleRecord
from reader.ui import highlight_style, themes
from reader.ui.article_html import chrome_html, placeholder_html
from reader.ui.typography import Typography

log = logging.getLogger(__name__)

EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})
MIN_SIDE_MARGIN = 28
TOP_MARGIN = 32
BOTTOM_MARGIN = 96
LAYER_ORDER = {"highlights": 0, "find": 1, "flash": 2}  # later layers are drawn on top
PLACEHOLDER = "Select an article in the library to read it."


def _blank_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    return image


class ReaderView(QTextBrowser):
    """Shows one article; knows the map between the stored text and what is on screen."""

    rendered = Signal()  # the document was rebuilt (new article, theme or typography)
    readingPositionChanged = Signal(int, int)  # article id, code point at the top; debounced
    clickedAt = Signal(int)  # Qt position of a plain click (no selection made), -1 off the text
    removedShownChanged = Signal(bool)  # removed text shown in place (View → Show Removed Text)
    contextRequested = Signal(int)  # Qt position under a right click, before the menu is built

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setUndoRedoEnabled(False)
        self.document().setUndoRedoEnabled(False)
        self.anchorClicked.connect(self._follow_link)
        self.refused_urls: list[str] = []
        self._record: ArticleRecord | None = None
        self._map: PositionMap | None = None
        self._document: Document | None = None
        self._layout: Layout | None = None
        self._slot_starts: list[int] = []  # Qt position of each layout slot ([] when unknown)
        self._show_removed = False
        self._expanded: set[int] = set()  # removed runs opened from their marker
        self._theme = themes.THEMES["light"]
        self._typo = Typography()
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._pending_top: int | None = None
        self._side_margin = MIN_SIDE_MARGIN
        self._press: QPoint | None = None
        self.context_actions: list[QAction | None] = []  # None: a separator
        self._settle = QTimer(self, singleShot=True, interval=700)
        self._settle.timeout.connect(self._emit_position)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._retry_pending_scroll)
        self._render(placeholder_html(PLACEHOLDER), None)

    # -- what is shown -------------------------------------------------------------------
    @property
    def record(self) -> ArticleRecord | None:
        return self._record

    @property
    def article_id(self) -> int | None:
        return self._record.id if self._record else None

    @property
    def position_map(self) -> PositionMap | None:
        return self._map

    @property
    def document_shown(self) -> Document | None:
        """The shown article's structure (kept and removed blocks), None when nothing is open."""
        return self._document

    def show_article(self, record: ArticleRecord, position: int | None = None) -> None:
        """Show ``record`` scrolled to ``position`` (default: its saved reading position)."""
        self._settle.stop()
        if self._record is None or self._record.id != record.id:
            self._expanded.clear()
        self._record = record
        self._document = Document.from_json(record.document_json)
        self._layout = layout(
            self._document, show_removed=self._show_removed, expanded=frozenset(self._expanded)
        )
        self._render(chrome_html(record) + self._layout.html, self._layout.units)
        self.scroll_to_position(record.reading_position if position is None else position)

    @property
    def layout_shown(self) -> Layout | None:
        """How the shown article is drawn: its slots and removed runs."""
        return self._layout

    @property
    def removed_shown(self) -> bool:
        return self._show_removed

    def set_show_removed(self, shown: bool) -> None:
        """Show the text the cleaner removed in place (dimmed), or markers where it was."""
        if shown == self._show_removed:
            return
        self._show_removed = shown
        self._expanded.clear()
        self._rerender()
        self.removedShownChanged.emit(shown)

    def expand_run(self, run: int) -> None:
        """Show one run of removed text in place (what clicking its marker does)."""
        if self._layout is None or not 0 <= run < len(self._layout.runs):
            return
        self._expanded.add(run)
        self._rerender()

    def _rerender(self) -> None:
        if self._record is not None:
            self.show_article(self._record, self.top_position())

    def slot_at(self, qt_pos: int) -> Slot | None:
        """What the Qt block at ``qt_pos`` is: article text, removed text or a marker."""
        if self._layout is None or not self._slot_starts or qt_pos < self._slot_starts[0]:
            return None
        i = bisect_right(self._slot_starts, qt_pos) - 1
        return self._layout.slots[i]

    def entry_at(self, qt_pos: int) -> int | None:
        """Index in `Document.entries` (the `margin blocks` index) of the block at ``qt_pos``."""
        slot = self.slot_at(qt_pos)
        doc = self._document
        if slot is None or doc is None:
            return None
        if slot.entry is not None:
            return slot.entry
        if slot.unit is None:
            return None
        kept = slot.unit - (1 if doc.title else 0)  # unit 0 is the title: not a block
        if kept < 0:
            return None
        seen = -1
        for i, e in enumerate(doc.entries()):
            seen += e.kept
            if seen == kept:
                return i
        return None

    def clear_article(self, message: str = PLACEHOLDER) -> None:
        self._settle.stop()
        self._record = None
        self._document = None
        self._layout = None
        self._render(placeholder_html(message), None)

    def set_appearance(self, theme: themes.Theme, typo: Typography) -> None:
        """Apply colours and typography; the same text stays at the top of the view."""
        if theme == self._theme and typo == self._typo and self._map is not None:
            return
        top = self.top_position()
        self._theme, self._typo = theme, typo
        self.setPalette(self._palette(theme))
        if self._record is not None:
            self.show_article(self._record, top)
        else:
            self._render(placeholder_html(PLACEHOLDER), None)

    @staticmethod
    def _palette(theme: themes.Theme) -> QPalette:
        """The theme's palette, with a selection that no highlight colour can be mistaken for."""
        pal = themes.palette(theme)
        colours = highlight_style.palette_for(theme)
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            pal.setColor(group, QPalette.ColorRole.Highlight, QColor(colours.selection))
            pal.setColor(group, QPalette.ColorRole.HighlightedText, QColor(colours.selection_text))
        return pal

    @property
    def theme(self) -> themes.Theme:
        return self._theme

    @property
    def typography(self) -> Typography:
        return self._typo

    def _render(self, html: str, units: list[str | Unit] | None) -> None:
        doc = self.document()
        doc.setDefaultFont(self._typo.font())
        doc.setDefaultStyleSheet(themes.reader_css(self._theme, self._typo))
        self._pending_top = None
        self.setHtml(html)
        self._apply_margins(force=True)
        self._map = self._build_map(units) if units is not None else None
        self._layers.clear()  # their cursors pointed into the old document; owners repaint
        self.setExtraSelections([])
        self.rendered.emit()

    def _build_map(self, units: list[str | Unit]) -> PositionMap:
        first = self.document().begin().next()  # the block after the chrome line
        positions: list[int] = []
        texts: list[str] = []
        block = first
        while block.isValid():
            positions.append(block.position())
            texts.append(block.text())
            block = block.next()
        self._slot_starts = []
        slots = self._layout.slots if self._layout is not None else []
        found = match_slots(slots, texts)
        try:
            if found is None:
                raise ValueError(f"the view's {len(texts)} blocks are not the planned ones")
            self._slot_starts = [positions[q] for q in found]
            pairs = zip(self._slot_starts, slots, strict=True)
            return PositionMap(units, [pos for pos, slot in pairs if slot.unit is not None])
        except ValueError as exc:
            # Should not happen for our HTML; degrade to the predicted map rather than fail.
            log.warning("position map: %s (expected %d blocks)", exc, qt_block_count(units))
            return PositionMap.for_units(units, first.position() if first.isValid() else 0)

    # -- resources and links --------------------------------------------------------------
    def loadResource(self, type: int, name: QUrl) -> object:
        """Refuse every resource: the reader never fetches anything, local or remote.

        The answer must be a real (if empty) value: for a null answer QTextDocument goes on to
        read local files itself.
        """
        self.refused_urls.append(name.toString())
        if type == QTextDocument.ResourceType.ImageResource.value:
            return _blank_image()
        return QByteArray()

    def _follow_link(self, url: QUrl) -> None:
        fragment = "#" + url.fragment()
        if not url.scheme() and fragment.startswith(MARKER_HREF):
            suffix = fragment.removeprefix(MARKER_HREF)
            if suffix.isdigit():
                self.expand_run(int(suffix))
            return
        if url.scheme().lower() in EXTERNAL_SCHEMES:
            QDesktopServices.openUrl(url)
        elif not url.scheme() and url.hasFragment():
            self.scrollToAnchor(url.fragment())

    # -- layout ---------------------------------------------------------------------------
    def _apply_margins(self, force: bool = False) -> None:
        width = self.viewport().width()
        side = max(MIN_SIDE_MARGIN, (width - self._typo.measure_px()) // 2)
        if side == self._side_margin and not force:
            return
        self._side_margin = side
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(TOP_MARGIN)
        fmt.setBottomMargin(BOTTOM_MARGIN)
        root.setFrameFormat(fmt)

    def resizeEvent(self, event: QResizeEvent) -> None:
        top = self.top_position() if self._record is not None else None
        if self._pending_top is not None:
            top = self._pending_top
        super().resizeEvent(event)
        self._apply_margins()
        if top is not None:
            self.scroll_to_position(top)

    def ideal_width(self) -> int:
        """The view's width at which the text has its full measure and the narrowest margins."""
        return (
            self._typo.measure_px()
            + 2 * MIN_SIDE_MARGIN
            + self.verticalScrollBar().sizeHint().width()
        )

    @property
    def side_margin(self) -> int:
        return self._side_margin

    # -- reading position -----------------------------------------------------------------
    def top_position(self) -> int:
        """Code point of the plain text at the top-left of the viewport (0 at the very top)."""
        if self._map is None:
            return 0
        if self._pending_top is not None:
            return self._pending_top
        if self.verticalScrollBar().value() <= 0:
            return 0
        self._finish_layout()
        cursor = self.cursorForPosition(QPoint(self._side_margin + 2, 2))
        return self._map.from_qt(cursor.position())

    def scroll_to_position(self, cp: int) -> None:
        """Put the line holding code point ``cp`` at the top of the viewport."""
        bar = self.verticalScrollBar()
        if self._map is None or cp <= 0:
            self._pending_top = None
            bar.setValue(0)
            return
        target = self._y_of(self._map.to_qt(cp))
        self._pending_top = cp if target > bar.maximum() else None
        bar.setValue(min(target, bar.maximum()))

    def _finish_layout(self) -> None:
        """Lay out the whole document now: Qt does it lazily, in steps, and until it is done,
        hit tests and scroll ranges describe a layout that is about to change."""
        self.document().documentLayout().documentSize()

    def _y_of(self, qt_pos: int) -> int:
        self._finish_layout()
        doc = self.document()
        block = doc.findBlock(qt_pos)
        rect = doc.documentLayout().blockBoundingRect(block)  # lays out up to this block
        layout = block.layout()
        line = layout.lineForTextPosition(qt_pos - block.position())
        y = layout.position().y() + (line.y() if line.isValid() else 0.0)
        return int(max(y, rect.top()))

    def _retry_pending_scroll(self, _lo: int, _hi: int) -> None:
        if self._pending_top is not None:
            self.scroll_to_position(self._pending_top)

    def _on_scrolled(self, _value: int) -> None:
        if self._record is not None:
            self._settle.start()

    def _emit_position(self) -> None:
        if self._record is not None:
            self.readingPositionChanged.emit(self._record.id, self.top_position())

    def flush_position(self) -> tuple[int, int] | None:
        """The current (article id, position) now, cancelling the debounced signal."""
        self._settle.stop()
        if self._record is None:
            return None
        return self._record.id, self.top_position()

    # -- marks ----------------------------------------------------------------------------
    def set_selection_layer(self, name: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Replace one layer of extra selections (drawn in `LAYER_ORDER`, then as first set)."""
        if selections:
            self._layers[name] = selections
        else:
            self._layers.pop(name, None)
        self._refresh_extra_selections()

    def _refresh_extra_selections(self) -> None:
        merged: list[QTextEdit.ExtraSelection] = []
        names = sorted(self._layers, key=lambda n: LAYER_ORDER.get(n, len(LAYER_ORDER)))
        for name in names:
            merged.extend(self._layers[name])
        self.setExtraSelections(merged)

    def scroll_to_qt(self, qt_pos: int) -> None:
        """Bring Qt position ``qt_pos`` into view, a third of the way down (unless visible)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(qt_pos)
        rect = self.cursorRect(cursor)
        viewport = self.viewport().rect()
        if viewport.top() + 20 <= rect.top() and rect.bottom() <= viewport.bottom() - 60:
            return
        bar = self.verticalScrollBar()
        bar.setValue(max(0, self._y_of(qt_pos) - viewport.height() // 3))

    # -- mouse ----------------------------------------------------------------------------
    def hit_position(self, pos: QPoint) -> int:
        """The Qt position of the text under viewport point ``pos``, or -1 when off the text."""
        self._finish_layout()
        offset = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        return (
            self.document()
            .documentLayout()
            .hitTest(QPointF(pos) + offset, Qt.HitTestAccuracy.ExactHit)
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        moved = (event.position().toPoint() - press).manhattanLength()
        if moved < QApplication.startDragDistance() and not self.textCursor().hasSelection():
            self.clickedAt.emit(self.hit_position(event.position().toPoint()))

    def add_context_actions(self, actions: list[QAction]) -> None:
        """Add a section of entries to the right-click menu (after a separator if not first)."""
        if self.context_actions:
            self.context_actions.append(None)
        self.context_actions.extend(actions)

    def context_menu(self, pos: QPoint) -> QMenu:
        """The menu for a right click at viewport point ``pos`` (built, not shown)."""
        self.contextRequested.emit(self.hit_position(pos))
        offset = QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        menu = self.createStandardContextMenu(pos + offset)  # document coordinates
        first = menu.actions()[0] if menu.actions() else None
        for action in self.context_actions:
            if action is None:
                menu.insertSeparator(first)
            else:
                menu.insertAction(first, action)
        if self.context_actions:
            menu.insertSeparator(first)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def select_range(self, start: int, end: int) -> QTextCursor:
        """Select Qt positions ``start..end`` and bring them well into view (not to an edge:
        a third of the way down when they were off screen or at its very top or bottom)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.scroll_to_qt(start)
        return cursor
