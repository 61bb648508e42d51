"""Reading typography: font family, size and line spacing, and the line width they imply.

Kept apart from the themes (colour) so each can change alone; both feed the reader view's style
sheet. "Serif" and "Sans" are families lists, resolved by Qt to the best installed face, so the
default looks right on machines with different fonts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QFont, QFontInfo

SERIF = "Serif"
SANS = "Sans"
FAMILY_PRESETS: dict[str, list[str]] = {
    SERIF: ["Charter", "Georgia", "Source Serif 4", "Noto Serif", "DejaVu Serif", "serif"],
    SANS: ["Inter", "Segoe UI", "Noto Sans", "Cantarell", "DejaVu Sans", "sans-serif"],
}
MIN_SIZE, MAX_SIZE, SIZE_STEP = 8.0, 36.0, 1.0
LINE_HEIGHTS: dict[str, int] = {"Compact": 135, "Normal": 155, "Relaxed": 180}
MEASURE_EM = 36  # comfortable line length: about 65-75 characters


@dataclass(frozen=True, slots=True)
class Typography:
    family: str = SERIF
    size: float = 13.0  # points
    line_height: int = LINE_HEIGHTS["Normal"]  # percent

    def clamped(self) -> Typography:
        size = min(max(float(self.size), MIN_SIZE), MAX_SIZE)
        spacing = min(max(int(self.line_height), 100), 250)
        return replace(self, size=size, line_height=spacing, family=self.family or SERIF)

    def bigger(self) -> Typography:
        return replace(self, size=self.size + SIZE_STEP).clamped()

    def smaller(self) -> Typography:
        return replace(self, size=self.size - SIZE_STEP).clamped()

    def families(self) -> list[str]:
        return FAMILY_PRESETS.get(self.family, [self.family, "serif"])

    def font(self) -> QFont:
        font = QFont()
        font.setFamilies(self.families())
        font.setPointSizeF(self.size)
        return font

    def css_families(self) -> str:
        generic = {"serif", "sans-serif", "monospace"}
        return ", ".join(f if f in generic else f"'{f}'" for f in self.families())

    def measure_px(self) -> int:
        """The widest the text column may be, in pixels, for this font."""
        return int(QFontInfo(self.font()).pixelSize() * MEASURE_EM)
