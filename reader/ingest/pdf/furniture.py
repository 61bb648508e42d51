"""Running headers and footers: what a printer repeats on every page, not the article.

Two kinds of evidence, both about the page rather than any site:

* repetition: a segment whose text (digits aside, so "3/10" matches "4/10") comes back at the
  same place on a good share of the pages is a running header or footer (a browser's date and
  page title, the page's address and number; a fixed banner printed on every page);
* shape, for the page's top and bottom margins only (so one-page PDFs are covered too): page
  numbers ("1/5", "Page 2 of 9", "- 3 -"), a print date and time, an address alone on its line,
  and the document's own title as the browser prints it in the header.
"""

from __future__ import annotations

import re
from collections import Counter

from reader.ingest.pdf.textlayer import Line, Page, Segment

MARGIN_BAND = 0.07  # share of the page height at top and bottom where headers and footers sit
REPEAT_SHARE = 0.4  # a segment at the same place on this share of the pages (and on two) repeats
POSITION_TOLERANCE = 3.0  # points
_DIGITS_RE = re.compile(r"\d+")
_WS_RE = re.compile(r"\s+")
_PAGE_NUMBER_RE = re.compile(
    r"^(?:(?:page|p\.|seite|página|pagina)\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?"
    r"(?:\s*(?:/|of|von|de|di|sur)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_DATE_TIME_RE = re.compile(
    r"^(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\s+\w{3,9}\.?\s+\d{4}|\w{3,9}\.?\s+\d{1,2},?\s+\d{4})"
    r",?\s*(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?)?$"
)
_ADDRESS_RE = re.compile(r"^(?:https?|file|ftp)://\S+(?:\s+\d{1,4}\s*/\s*\d{1,4})?$", re.IGNORECASE)
_ELLIPSIS = ("…", "...")


def _key(segment: Segment) -> tuple[str, int, int]:
    text = _DIGITS_RE.sub("#", _WS_RE.sub(" ", segment.text.strip().casefold()))
    return text, round(segment.x0 / POSITION_TOLERANCE), round(segment.top / POSITION_TOLERANCE)


def _in_margin(segment: Segment, page: Page) -> bool:
    band = MARGIN_BAND * page.height
    return segment.bottom <= band or segment.top >= page.height - band


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _is_title(text: str, title: str) -> bool:
    """The document's title as a browser prints it in the header (possibly cut with "…")."""
    if not title:
        return False
    got, want = _norm(text), _norm(title)
    if not got or len(got) < 8:
        return False
    cut = text.rstrip().endswith(_ELLIPSIS)
    return got == want or (cut and want.startswith(got)) or (len(got) >= 20 and got in want)


def furniture_shape(text: str, title: str = "") -> bool:
    """Does this margin text look like page furniture by its shape alone?"""
    text = text.strip()
    return bool(
        _PAGE_NUMBER_RE.match(text)
        or _DATE_TIME_RE.match(text)
        or _ADDRESS_RE.match(text)
        or _is_title(text, title)
    )


def remove_furniture(pages: list[Page], title: str = "") -> None:
    """Drop running headers and footers from the pages' lines, in place."""
    counts: Counter[tuple[str, int, int]] = Counter()
    for page in pages:
        counts.update({_key(s) for line in page.lines for s in line.segments})
    need = max(2, round(REPEAT_SHARE * len(pages)))
    for page in pages:
        kept_lines: list[Line] = []
        for line in page.lines:
            segments = [
                s
                for s in line.segments
                if not (
                    (len(pages) > 1 and counts[_key(s)] >= need and _repeatable(s, page))
                    or (_in_margin(s, page) and furniture_shape(s.text, title))
                )
            ]
            if len(segments) == len(line.segments):
                kept_lines.append(line)
            elif segments:
                kept_lines.append(Line.of(line.page, segments, line.hyphen))
        page.lines = kept_lines


def _repeatable(segment: Segment, page: Page) -> bool:
    """Repetition counts in the margins, and for short texts anywhere (a fixed banner); a long
    paragraph printed at the same place on many pages is article text all the same."""
    return _in_margin(segment, page) or len(segment.text) <= 80
