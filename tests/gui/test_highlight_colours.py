"""Highlight colours are told apart from each other, from the selection and from find matches.

Distances are CIE76 ΔE in CIELAB (about 2.3 is "just noticeable"; 20 is plainly a different
colour) between what each mark looks like on the theme's paper.
"""

from __future__ import annotations

import itertools
import math

import pytest
from PySide6.QtGui import QColor

from reader.store.records import COLORS
from reader.ui import highlight_style
from reader.ui.themes import THEMES, Theme

pytestmark = pytest.mark.gui

MIN_DELTA_E = 20.0


def lab(colour: QColor) -> tuple[float, float, float]:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in (colour.redF(), colour.greenF(), colour.blueF()))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: QColor, b: QColor) -> float:
    return math.dist(lab(a), lab(b))


def marks(theme: Theme) -> dict[str, QColor]:
    found = {name: highlight_style.swatch(theme, name) for name in COLORS}
    found["selection"] = QColor(highlight_style.palette_for(theme).selection)
    found["find match"] = highlight_style.find_colour(theme)
    found["paper"] = QColor(theme.base)
    return found


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_pair_of_marks_is_clearly_apart(name: str) -> None:
    colours = marks(THEMES[name])
    for (n1, c1), (n2, c2) in itertools.combinations(colours.items(), 2):
        assert delta_e(c1, c2) >= MIN_DELTA_E, f"{name}: {n1} {c1.name()} vs {n2} {c2.name()}"


@pytest.mark.parametrize("name", sorted(THEMES))
def test_text_stays_readable_on_every_highlight(name: str) -> None:
    theme = THEMES[name]
    for colour in COLORS:
        for current in (False, True):
            fmt = highlight_style.highlight_format(theme, colour, False, current)
            pen = (
                fmt.foreground().color() if fmt.hasProperty(fmt.Property.ForegroundBrush) else None
            )
            text = lab(pen or QColor(theme.text))[0]
            shown = highlight_style.blend(fmt.background().color(), theme.base)
            assert abs(lab(shown)[0] - text) >= 40, f"{name}: {colour} (current={current})"


@pytest.mark.parametrize("name", sorted(THEMES))
def test_the_current_highlight_stands_out(name: str) -> None:
    theme = THEMES[name]
    for colour in COLORS:
        plain = highlight_style.swatch(theme, colour)
        strong = highlight_style.blend(
            highlight_style.tint(theme, colour, current=True), theme.base
        )
        assert delta_e(plain, strong) >= 8
        fmt = highlight_style.highlight_format(theme, colour, False, True)
        assert fmt.fontOverline()
        noted = highlight_style.highlight_format(theme, colour, True, False)
        bare = highlight_style.highlight_format(theme, colour, False, False)
        assert noted.underlineStyle() != bare.underlineStyle()


@pytest.mark.parametrize("name", sorted(THEMES))
def test_the_current_highlight_never_looks_like_a_selection(name: str) -> None:
    """Issue 12: in the dark theme the current blue highlight looked exactly like selected text
    (a blue band with white text, as in every list and text box). Both selections count: the
    reader's own and the one the rest of the window uses."""
    theme = THEMES[name]
    selections = {
        "reader selection": QColor(highlight_style.palette_for(theme).selection),
        "window selection": QColor(theme.selection),
    }
    for colour in COLORS:
        shown = highlight_style.blend(highlight_style.tint(theme, colour, current=True), theme.base)
        for what, selection in selections.items():
            assert delta_e(shown, selection) >= MIN_DELTA_E, f"{name}: current {colour} vs {what}"
