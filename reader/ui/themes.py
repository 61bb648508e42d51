"""Colour themes (light, sepia, dark) for the whole window and the reader's style sheet.

The app uses the Fusion style so that a palette really decides the colours on every platform.
"System" follows `QStyleHints.colorScheme()` (and its change signal) and picks light or dark. The
reader view's CSS is a template in ``resources/styles/reader.css`` filled from the theme and the
typography, so the look can be adjusted without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontInfo, QGuiApplication, QPalette

from reader.assets import read_text
from reader.ui.typography import Typography

THEME_NAMES = ("light", "sepia", "dark")


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    window: str  # chrome around the text: panes, toolbar, status bar
    base: str  # the reading surface and lists
    alt_base: str
    text: str
    heading: str
    muted: str
    link: str
    quote: str
    code_bg: str
    selection: str
    selection_text: str
    button: str
    border: str

    @property
    def is_dark(self) -> bool:
        return QColor(self.base).lightness() < 128


THEMES: dict[str, Theme] = {
    "light": Theme(
        name="light",
        window="#efefec",
        base="#fcfcfa",
        alt_base="#f4f4f1",
        text="#1f1f1f",
        heading="#111111",
        muted="#6a6a66",
        link="#1f5c99",
        quote="#444440",
        code_bg="#f0efea",
        selection="#cdd3dc",
        selection_text="#000000",
        button="#e6e6e2",
        border="#cfcfca",
    ),
    "sepia": Theme(
        name="sepia",
        window="#e9dfc7",
        base="#f6efdc",
        alt_base="#efe6cf",
        text="#3b2f20",
        heading="#2e2417",
        muted="#7a6a52",
        link="#8a4a12",
        quote="#5a4a36",
        code_bg="#ece2c8",
        selection="#dcc594",
        selection_text="#1e160c",
        button="#e2d6b9",
        border="#cdbd98",
    ),
    "dark": Theme(
        name="dark",
        window="#26272b",
        base="#1b1c1f",
        alt_base="#222327",
        text="#d9d9d6",
        heading="#f0f0ed",
        muted="#9a9a96",
        link="#8ab4f0",
        quote="#b9b9b4",
        code_bg="#2a2b30",
        selection="#4a505c",
        selection_text="#ffffff",
        button="#33353a",
        border="#45474d",
    ),
}


def system_theme_name() -> str:
    """Light or dark as the desktop says; light when the platform does not know."""
    app = QGuiApplication.instance()
    if app is None:
        return "light"
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def resolve(name: str) -> Theme:
    if name == "system":
        return THEMES[system_theme_name()]
    return THEMES.get(name, THEMES["light"])


def palette(theme: Theme) -> QPalette:
    pal = QPalette()
    c = QColor
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.alt_base,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.button,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.BrightText: "#ff5050",
        QPalette.ColorRole.Highlight: theme.selection,
        QPalette.ColorRole.HighlightedText: theme.selection_text,
        QPalette.ColorRole.Link: theme.link,
        QPalette.ColorRole.LinkVisited: theme.link,
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Mid: theme.border,
        QPalette.ColorRole.Midlight: theme.alt_base,
        QPalette.ColorRole.Dark: theme.border,
        QPalette.ColorRole.Light: theme.base,
    }
    for role, colour in roles.items():
        pal.setColor(QPalette.ColorGroup.All, role, c(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, c(theme.muted))
    return pal


def reader_css(theme: Theme, typo: Typography) -> str:
    """The reader view's style sheet for this theme and typography."""
    body = QFontInfo(typo.font()).pixelSize()
    values = {
        "text": theme.text,
        "heading": theme.heading,
        "muted": theme.muted,
        "link": theme.link,
        "quote": theme.quote,
        "code_bg": theme.code_bg,
        "border": theme.border,
        "family": typo.css_families(),
        "ui_family": "'Noto Sans', 'DejaVu Sans', sans-serif",
        "mono": "'DejaVu Sans Mono', 'Noto Sans Mono', monospace",
        "line_height": typo.line_height,
        "body": body,
        "small": max(round(body * 0.8), 9),
        "h1": round(body * 1.75),
        "h2": round(body * 1.35),
        "h3": round(body * 1.15),
        "para_gap": round(body * 0.85),
        "item_gap": round(body * 0.35),
        "h1_gap": round(body * 1.1),
        "h2_gap": round(body * 1.4),
        "h3_gap": round(body * 1.1),
        "indent": round(body * 1.2),
    }
    return Template(read_text("styles", "reader.css")).substitute(values)
