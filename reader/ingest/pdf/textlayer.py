"""A PDF's text layer as positioned lines, read through PDFium (pypdfium2).

PDFium gives characters in content-stream order (for a browser's "Save as PDF", the page's DOM
order), with a generated line break where a line ends. For each character we ask only what the
reflow needs: its loose box (position, and its height as the effective font size, scaling
included) and whether its font is bold. A line is cut into segments at wide horizontal gaps, so
that a browser's header ("date ... title") or a table row splits into its parts.

PDFium is not thread-safe: every call goes through `PDFIUM_LOCK`. pypdfium2 is imported inside
the functions (start-up time).
"""

from __future__ import annotations

import array
import ctypes
import re
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from reader.ingest.sniff import IngestError

PDFIUM_LOCK = threading.Lock()

MAX_PAGES = 2000  # a longer PDF is a book or a scan set, not an article
MAX_CHARS = 6_000_000  # characters read in all (a 50 MB text PDF stays under this)
GAP_FACTOR = 1.2  # a horizontal gap wider than this many line heights starts a new segment
HYPHEN_MARK = "\ufffe"  # PDFium's mark for a hyphen it found at the end of a line
_BOLD_RE = re.compile(rb"bold|black|heavy|semibold|demi|[-,]bd\b|extrabold", re.IGNORECASE)
_FORCE_BOLD = 1 << 18  # font descriptor flag
_TOKEN_RE = re.compile(r"(?P<brk>\r\n?|\n)|(?P<hyph>\ufffe)|(?P<word>[^\s\ufffe]+)")
_ODD_RE = re.compile("[\x00-\x1f\x7f\u200b-\u200d\u2060\ufeff\uffff\ud800-\udfff]")
_CONTROL_RE = re.compile("[\x00-\x1f\x7f\u200b-\u200d\u2060\ufeff\uffff]")


@dataclass(slots=True)
class Segment:
    """Characters of one line with no wide gap between them; top-down page coordinates."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the dominant character height: the effective font size
    bold: float  # share of its letters set in a bold face
    chars: int  # non-space characters


@dataclass(slots=True)
class Line:
    """One visual line of a page: its segments from left to right (in stream order).

    The geometry is computed once from the segments (`Line.of`); a line is never changed in
    place, a line with other segments is a new line.
    """

    page: int
    segments: list[Segment]
    hyphen: bool  # PDFium saw a hyphen at its end and joined the next line on
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # of its longest segment
    bold: float  # share of bold letters
    chars: int

    @classmethod
    def of(cls, page: int, segments: list[Segment], hyphen: bool = False) -> Line:
        chars = sum(s.chars for s in segments)
        return cls(
            page=page,
            segments=segments,
            hyphen=hyphen,
            text=" ".join(s.text for s in segments),
            x0=min(s.x0 for s in segments),
            x1=max(s.x1 for s in segments),
            top=min(s.top for s in segments),
            bottom=max(s.bottom for s in segments),
            size=max(segments, key=lambda s: s.chars).size,
            bold=sum(s.bold * s.chars for s in segments) / chars if chars else 0.0,
            chars=chars,
        )


@dataclass(slots=True)
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


@dataclass(slots=True)
class TextLayer:
    pages: list[Page]
    title: str = ""  # from the document's metadata
    author: str = ""

    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]


def read_text_layer(data: bytes) -> TextLayer:
    """All pages' lines; `IngestError` for a damaged, encrypted, huge or scanned PDF."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise IngestError(_open_error(exc)) from exc
        try:
            return _read(doc)
        finally:
            doc.close()


def _open_error(exc: Any) -> str:
    import pypdfium2.raw as raw

    code = getattr(exc, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return "encrypted PDF: it needs a password, which Margin does not ask for"
    if code == raw.FPDF_ERR_SECURITY:
        return "encrypted PDF with an unsupported security handler"
    return "damaged or unreadable PDF"


def _read(doc: Any) -> TextLayer:
    count = len(doc)
    if count > MAX_PAGES:
        raise IngestError(f"PDF has {count} pages; Margin reads articles of up to {MAX_PAGES}")
    meta = doc.get_metadata_dict(skip_empty=True)
    layer = TextLayer(pages=[], title=meta.get("Title", ""), author=meta.get("Author", ""))
    reader = _CharReader()
    budget = MAX_CHARS
    for number in range(count):
        page = doc[number]
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                lines, used = reader.page_lines(textpage.raw, number, height, budget)
            finally:
                textpage.close()
        finally:
            page.close()
        budget -= used
        layer.pages.append(Page(number, width, height, lines))
        if budget <= 0:
            raise IngestError(f"PDF holds over {MAX_CHARS:,} characters of text; too long")
    if not any(p.lines for p in layer.pages):
        raise IngestError("no text layer (scanned PDF?); OCR is not supported")
    return layer


class _CharReader:
    """Reads one text page's characters into lines; keeps its ctypes buffers between pages."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.rect = raw.FS_RECTF()
        self.font_buf = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()
        self.bold_fonts: dict[tuple[bytes, int], bool] = {}

    def _text(self, textpage: Any, n: int) -> tuple[str, bool]:
        """The page's text and whether its indices are character indices.

        PDFium leaves out characters that have no Unicode value; text positions must then be
        mapped to character indices.
        """
        buf = ctypes.create_string_buffer(2 * (n + 1))
        units = self.raw.FPDFText_GetText(
            textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort))
        )
        # One str character per UTF-16 unit (a surrogate pair stays two characters, as it is
        # two character indices in PDFium); `_whole` joins the halves of each word afterwards.
        codes = array.array("H", buf.raw[: 2 * max(units - 1, 0)])
        if sys.byteorder == "big":
            codes.byteswap()
        text = "".join(map(chr, codes))
        return text, len(text) == n

    def _bold(self, textpage: Any, i: int) -> bool:
        k = self.raw.FPDFText_GetFontInfo(textpage, i, self.font_buf, 128, self.flags)
        key = (self.font_buf.raw[: max(k - 1, 0)], self.flags.value)
        bold = self.bold_fonts.get(key)
        if bold is None:
            bold = bool(_BOLD_RE.search(key[0])) or bool(key[1] & _FORCE_BOLD)
            self.bold_fonts[key] = bold
        return bold

    def page_lines(
        self, textpage: Any, number: int, height: float, budget: int
    ) -> tuple[list[Line], int]:
        """Lines of one page, reading boxes word by word (the first and last character of
        each): gaps only ever fall between words, and a word's glyphs share a font."""
        raw, rect = self.raw, self.rect
        n = min(raw.FPDFText_CountChars(textpage), max(budget, 0) + 1)
        if n <= 0:
            return [], 0
        text, aligned = self._text(textpage, n)
        index = raw.FPDFText_GetCharIndexFromTextIndex
        builder = _LineBuilder(number, height)
        for m in _TOKEN_RE.finditer(text):
            kind = m.lastgroup
            if kind == "brk":
                builder.end_line()
                continue
            if kind == "hyph":
                builder.hyphen()
                continue
            word = m.group()
            if _ODD_RE.search(word):
                word = _whole(word)
                if not word:
                    continue
            i, j = m.start(), m.end() - 1
            if not aligned:
                i, j = index(textpage, i), index(textpage, j)
                if i < 0 or j < 0:
                    continue
            raw.FPDFText_GetLooseCharBox(textpage, i, rect)
            left, right, bottom, top = rect.left, rect.right, rect.bottom, rect.top
            if j > i:
                raw.FPDFText_GetLooseCharBox(textpage, j, rect)
                right = max(right, rect.right)
                bottom, top = min(bottom, rect.bottom), max(top, rect.top)
            builder.word(word, left, right, bottom, top, self._bold(textpage, i))
        builder.end_line()
        return builder.lines, n


def _whole(word: str) -> str:
    """Controls and zero-width marks dropped; surrogate halves joined (or replaced if lone)."""
    word = _CONTROL_RE.sub("", word)
    return word.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


class _LineBuilder:
    """Accumulates characters into segments and lines (PDF y grows upwards; ours downwards)."""

    def __init__(self, number: int, height: float) -> None:
        self.number = number
        self.height = height
        self.lines: list[Line] = []
        self.segments: list[Segment] = []
        self._chars: list[str] = []
        self._box: list[float] = []  # x0, x1, top, bottom of the open segment
        self._heights: Counter[float] = Counter()
        self._bold = 0
        self._count = 0
        self._hyphen = False

    def hyphen(self) -> None:
        """PDFium joined a hyphenated line end to the next line: keep the hyphen, end the line."""
        self._chars.append("-")
        self._hyphen = True

    def word(
        self, text: str, left: float, right: float, bottom: float, top: float, bold: bool
    ) -> None:
        y_top, y_bottom = self.height - top, self.height - bottom
        h = y_bottom - y_top
        box = self._box
        if box:
            s_h = box[3] - box[2]
            middle = (y_top + y_bottom) / 2
            if self._hyphen or not (box[2] - 0.2 * s_h <= middle <= box[3] + 0.2 * s_h):
                self.end_line()  # a new line PDFium did not mark (or after a joined hyphen)
            elif left - box[1] > GAP_FACTOR * max(h, s_h, 1.0) or left < box[0] - max(h, s_h):
                self._close_segment()
            else:
                self._chars.append(" ")
        box = self._box
        if not box:
            self._box = [left, right, y_top, y_bottom]
        else:
            box[0], box[1] = min(box[0], left), max(box[1], right)
            box[2], box[3] = min(box[2], y_top), max(box[3], y_bottom)
        self._chars.append(text)
        n = len(text)
        self._heights[round(h, 1)] += n
        self._bold += n if bold else 0
        self._count += n

    def _close_segment(self) -> None:
        text = "".join(self._chars).strip()
        if self._box and text:
            x0, x1, top, bottom = self._box
            size = self._heights.most_common(1)[0][0] if self._heights else bottom - top
            self.segments.append(
                Segment(text, x0, x1, top, bottom, size, self._bold / self._count, self._count)
            )
        self._chars, self._box, self._heights = [], [], Counter()
        self._bold = self._count = 0

    def end_line(self) -> None:
        self._close_segment()
        if self.segments:
            self.lines.append(Line.of(self.number, self.segments, self._hyphen))
        self.segments = []
        self._hyphen = False
