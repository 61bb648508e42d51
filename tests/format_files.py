"""One article, written out in every file format Margin reads, for format-agnostic tests.

`BUILDERS` maps a format name to a function ``(title, paragraphs) -> (file name, bytes)``.
"""

from __future__ import annotations

from collections.abc import Callable

from tests import pdf_maker

TITLE = "Harbour Seals Return to the Estuary"
PARAGRAPHS = [
    "Harbour seals have returned to the estuary in numbers not seen for forty years, counters "
    "from the county wildlife trust said after their spring survey of the sandbanks.",
    "The animals haul out at low tide on the banks below the old pier, where visitors gather "
    "with binoculars and long lenses to watch them rest between fishing trips.",
    "Volunteers ask people to keep their distance and to keep dogs on a lead, because a seal "
    "that is disturbed too often will abandon a good resting place for the season.",
]
QUOTE = "keep dogs on a lead"
ADDED = "A new opening paragraph was added at the top of the article by its author."

Builder = Callable[[str, list[str]], tuple[str, bytes]]


def _pdf(title: str, paragraphs: list[str]) -> tuple[str, bytes]:
    return "seals.pdf", pdf_maker.article_pdf(title, paragraphs)


BUILDERS: dict[str, Builder] = {
    "pdf": _pdf,
}
