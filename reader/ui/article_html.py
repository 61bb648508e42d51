"""The reader view's chrome: one paragraph of metadata before the article (`reader.article_layout`
draws the article itself).

The chrome is exactly one block and comes *before* the article (whose HTML starts with the
``<h1>`` title), so every QTextBlock after the first belongs to the article and the position map
(`reader.positions.PositionMap`) can be built from them without guessing.
"""

from __future__ import annotations

import html
from datetime import date, datetime

from reader.store.records import ArticleRecord

WORDS_PER_MINUTE = 230
SEPARATOR = " · "
NOT_CLEANED = "not cleaned: the cleaner found too little, so all the text is shown"


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))


def format_date(published: str | None) -> str | None:
    """``2025-11-30`` → ``30 November 2025``; anything unparsable is shown as given."""
    if not published:
        return None
    text = published.strip()
    try:
        day: date = datetime.fromisoformat(text).date()
    except ValueError:
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            return text
    return f"{day.day} {day:%B %Y}"


def meta_parts(record: ArticleRecord) -> list[str]:
    parts = [p.strip() for p in (record.site, record.byline) if p and p.strip()]
    when = format_date(record.published)
    if when:
        parts.append(when)
    parts.append(f"{reading_minutes(record.words)} min read")
    if record.cleaning == "none":
        parts.append(NOT_CLEANED)
    return parts


def chrome_html(record: ArticleRecord) -> str:
    return f'<p class="meta">{html.escape(SEPARATOR.join(meta_parts(record)), quote=False)}</p>\n'


def placeholder_html(message: str) -> str:
    return f'<p class="placeholder">{html.escape(message, quote=False)}</p>'
