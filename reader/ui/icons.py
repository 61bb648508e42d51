"""Toolbar icons from the SVGs in ``resources/icons``, drawn in the current theme's text colour.

The SVGs use ``currentColor``; filling it in at load time keeps one set of files readable on
light, sepia and dark backgrounds.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from reader.assets import read_text

SIZES = (16, 24, 32, 48)


def themed_icon(name: str, colour: QColor | str) -> QIcon:
    svg = read_text("icons", f"{name}.svg").replace("currentColor", QColor(colour).name())
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    icon = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def app_icon() -> QIcon:
    return themed_icon("margin", "#000000")
