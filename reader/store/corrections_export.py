"""The library's corrections as labelled pages for the text-dump cleaner's training script.

Format (agreed with the training side, `python -m reader.ingest.text_dump.train`)::

    {"format": "margin-corrections", "version": 1,
     "pages": [{"key": "<article sha256>", "format": "text", "title": "<title as kept>",
                "text": "<the full decoded source text>",
                "articleBody": "<kept blocks' texts after corrections, joined by blank lines>",
                "corrections": [{"text": "<block text>", "action": "keep" | "drop"}]}]}

Only text dumps are exported (the model that learns from them cleans text dumps), and only
those with at least one correction and a stored source: a page the person did not check is not
a labelled page, and without the source there is nothing to learn from. A correction whose
text is no longer in the article (the file was edited since) is left out.
"""

from __future__ import annotations

import zlib
from typing import Any

from sqlalchemy import select

from reader.corrections import block_key
from reader.document import Document
from reader.ingest.sniff import decode
from reader.store.db import Library
from reader.store.models import Article, ArticleSource, Correction

FORMAT = "margin-corrections"
VERSION = 1


def export_corrections(library: Library) -> dict[str, Any]:
    """Every corrected text dump with a stored source, in the agreed format; ids in order."""
    pages: list[dict[str, Any]] = []
    with library.read() as session:
        corrected = sorted(set(session.scalars(select(Correction.article_id))))
        for article_id in corrected:
            article = session.get(Article, article_id)
            source = session.get(ArticleSource, article_id)
            if article is None or article.format != "text" or source is None or not source.data:
                continue
            text, _encoding = decode(zlib.decompress(source.data), "text")
            doc = Document.from_json(article.document_json)
            present = {block_key(e.block) for e in doc.entries()}
            rows = session.scalars(
                select(Correction)
                .where(Correction.article_id == article_id)
                .order_by(Correction.created_at, Correction.id)
            )
            fixes = [{"text": c.text, "action": c.action} for c in rows if c.key in present]
            if not fixes:
                continue
            pages.append(
                {
                    "key": article.sha256,
                    "format": "text",
                    "title": article.title,
                    "text": text,
                    "articleBody": "\n\n".join(b.text for b in doc.blocks),
                    "corrections": fixes,
                }
            )
    return {"format": FORMAT, "version": VERSION, "pages": pages}
