"""Highlight colours per theme, and the text formats that paint highlights, find matches and the
text selection in the reader.

Tints are translucent so overlapping highlights stay visible (their colours mix where they meet).
Each theme has its own set, chosen so that the five colours, the reader's text selection and the
find matches are clearly apart on that theme's paper (the GUI tests check every pair's distance
in CIELAB). The text selection is a solid, strong colour for the same reason: a pastel selection
would look like a blue highlight.

States: a plain highlight is a tint; one with a note also gets a dashed underline in the colour's
ink; the current highlight gets a stronger tint and a line above and below in the text colour (on
dark paper its text turns white, so the stronger tint keeps its contrast).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtGui import QColor, QTextCharFormat

from reader.store.records import COLORS
from reader.ui.themes import Theme

Rgba = tuple[int, int, int, float]


@dataclass(frozen=True, slots=True)
class HighlightPalette:
    tints: dict[str, Rgba]
    inks: dict[str, str]  # strong shade: underlines, swatch edges, the panel's colour bars
    selection: str
    selection_text: str
    find: Rgba
    find_text: str | None = None
    current_extra_alpha: float = 0.22
    current_text: str | None = None


PALETTES: dict[str, HighlightPalette] = {
    "light": HighlightPalette(
        tints={
            "yellow": (255, 204, 0, 0.45),
            "green": (40, 190, 70, 0.36),
            "blue": (20, 160, 255, 0.32),
            "pink": (255, 40, 110, 0.30),
            "purple": (130, 70, 255, 0.36),
        },
        inks={
            "yellow": "#b08600",
            "green": "#1f8a3b",
            "blue": "#1f6fc4",
            "pink": "#c2285f",
            "purple": "#6a3fc0",
        },
        selection="#1f5fbf",
        selection_text="#ffffff",
        find=(255, 120, 0, 0.5),
    ),
    "sepia": HighlightPalette(
        tints={
            "yellow": (255, 204, 0, 0.46),
            "green": (40, 190, 70, 0.38),
            "blue": (20, 160, 255, 0.36),
            "pink": (255, 40, 110, 0.32),
            "purple": (130, 70, 255, 0.38),
        },
        inks={
            "yellow": "#9a7400",
            "green": "#1f7a35",
            "blue": "#1d62ad",
            "pink": "#b0244f",
            "purple": "#5e37ab",
        },
        selection="#6b4423",
        selection_text="#fff8ec",
        find=(255, 110, 0, 0.5),
    ),
    "dark": HighlightPalette(
        tints={
            "yellow": (240, 200, 30, 0.40),
            "green": (60, 210, 90, 0.34),
            "blue": (40, 150, 255, 0.42),
            "pink": (255, 70, 140, 0.40),
            "purple": (160, 100, 255, 0.46),
        },
        inks={
            "yellow": "#f0cc4a",
            "green": "#6fd58a",
            "blue": "#7ab4ff",
            "pink": "#ff7fb4",
            "purple": "#bb9bff",
        },
        selection="#d7dde8",
        selection_text="#111111",
        find=(255, 120, 20, 0.6),
        find_text="#ffffff",
        current_extra_alpha=0.14,
        current_text="#ffffff",
    ),
}


def palette_for(theme: Theme) -> HighlightPalette:
    return PALETTES.get(theme.name, PALETTES["dark" if theme.is_dark else "light"])


def _rgba(value: Rgba, extra_alpha: float = 0.0) -> QColor:
    r, g, b, a = value
    return QColor(r, g, b, round(255 * min(a + extra_alpha, 1.0)))


def tint(theme: Theme, colour: str, *, current: bool = False) -> QColor:
    """The translucent background of a highlight of ``colour``."""
    pal = palette_for(theme)
    value = pal.tints.get(colour, pal.tints[COLORS[0]])
    return _rgba(value, pal.current_extra_alpha if current else 0.0)


def blend(colour: QColor, base: QColor | str) -> QColor:
    """``colour`` painted over ``base``: what a translucent tint looks like on the paper."""
    under = QColor(base)
    a = colour.alphaF()
    return QColor(
        round(a * colour.red() + (1 - a) * under.red()),
        round(a * colour.green() + (1 - a) * under.green()),
        round(a * colour.blue() + (1 - a) * under.blue()),
    )


def swatch(theme: Theme, colour: str) -> QColor:
    """The opaque colour a highlight shows on the theme's paper (for panel swatches)."""
    return blend(tint(theme, colour), theme.base)


def ink(theme: Theme, colour: str) -> QColor:
    return QColor(palette_for(theme).inks.get(colour, theme.text))


def find_colour(theme: Theme) -> QColor:
    return blend(_rgba(palette_for(theme).find), theme.base)


@lru_cache(maxsize=256)
def highlight_format(theme: Theme, colour: str, note: bool, current: bool) -> QTextCharFormat:
    """The char format of one highlight state (cached: thousands of highlights share a few)."""
    fmt = QTextCharFormat()
    fmt.setBackground(tint(theme, colour, current=current))
    if current:
        text = palette_for(theme).current_text
        if text:
            fmt.setForeground(QColor(text))
        fmt.setFontOverline(True)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor(text or theme.text))
    elif note:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        fmt.setUnderlineColor(ink(theme, colour))
    return fmt


def find_format(theme: Theme) -> QTextCharFormat:
    pal = palette_for(theme)
    fmt = QTextCharFormat()
    fmt.setBackground(find_colour(theme))
    if pal.find_text:
        fmt.setForeground(QColor(pal.find_text))
    return fmt


def flash_format(theme: Theme, strength: float) -> QTextCharFormat:
    """The passing glow over a passage the user jumped to (``strength`` 0..1)."""
    fmt = QTextCharFormat()
    base = QColor(palette_for(theme).inks["yellow"])
    base.setAlphaF(max(0.0, min(strength, 1.0)) * 0.55)
    fmt.setBackground(base)
    return fmt
