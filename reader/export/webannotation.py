"""JSON backup: annotations as a W3C Web Annotation Data Model collection (JSON-LD).

One ``AnnotationCollection`` holds every exported article's annotations in one embedded page. Each
highlight is an ``Annotation`` whose target is the article's source file, named by its content hash
(``urn:sha256:...``, plus its path as ``margin:path``), refined by a ``TextQuoteSelector`` and a
``TextPositionSelector`` over Margin's cleaned text, in Unicode code points as the model requires.
Notes and tags are ``TextualBody`` bodies (purposes ``commenting`` and ``tagging``); colour and
orphan status are extension fields in the ``margin:`` namespace. An article's own note and tags
are one more annotation, targeting the whole article (no selector).

Nothing in the output depends on the library file or the clock: ids come from highlight uids and
content hashes, so exporting, restoring into a fresh library and exporting again gives the same
bytes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from reader.export.context import iso, reading_order, tag_order
from reader.store.annotations import list_highlights
from reader.store.backup import note_times
from reader.store.db import Library
from reader.store.library import get_article
from reader.store.records import ArticleRecord, HighlightRecord

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MARGIN_NS = "https://margin-reader.invalid/ns#"
CONTEXT: list[Any] = [ANNO_CONTEXT, {"margin": MARGIN_NS}]
FORMAT_VERSION = 1
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, MARGIN_NS)
FILE_NAME = "margin-annotations.json"


def urn_uuid(hex_or_uuid: str) -> str:
    return "urn:uuid:" + str(uuid.UUID(hex_or_uuid))


def derived_id(*parts: str) -> str:
    """A stable ``urn:uuid:`` for things without a uid of their own."""
    return "urn:uuid:" + str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def source(article: ArticleRecord) -> dict[str, Any]:
    return {
        "id": f"urn:sha256:{article.sha256}",
        "type": "Text",
        "margin:path": article.path,
        "margin:title": article.title,
    }


def _bodies(note: str, tags: Iterable[str]) -> list[dict[str, Any]]:
    bodies: list[dict[str, Any]] = []
    if note:
        bodies.append(
            {
                "type": "TextualBody",
                "value": note,
                "format": "text/markdown",
                "purpose": "commenting",
            }
        )
    bodies += [{"type": "TextualBody", "value": t, "purpose": "tagging"} for t in tag_order(tags)]
    return bodies


def _motivation(note: str, tags: Iterable[str], default: str) -> str:
    return "commenting" if note else "tagging" if list(tags) else default


def highlight_annotation(article: ArticleRecord, h: HighlightRecord) -> dict[str, Any]:
    ann: dict[str, Any] = {
        "id": urn_uuid(h.uid),
        "type": "Annotation",
        "motivation": _motivation(h.note, h.tags, "highlighting"),
        "created": iso(h.created_at),
        "modified": iso(h.updated_at),
        "margin:color": h.color,
        "margin:status": h.status,
    }
    bodies = _bodies(h.note, h.tags)
    if bodies:
        ann["body"] = bodies
    ann["target"] = {
        "source": source(article),
        "selector": [
            {"type": "TextQuoteSelector", "exact": h.exact, "prefix": h.prefix, "suffix": h.suffix},
            {"type": "TextPositionSelector", "start": h.start, "end": h.end},
        ],
    }
    return ann


def article_annotation(library: Library, article: ArticleRecord) -> dict[str, Any] | None:
    """The article's own note and tags as one annotation on the whole article (None if neither)."""
    if not article.note and not article.tags:
        return None
    ann: dict[str, Any] = {
        "id": derived_id("article", article.sha256),
        "type": "Annotation",
        "motivation": _motivation(article.note, article.tags, "tagging"),
    }
    times = note_times(library, article.id) if article.note else None
    if times is not None:
        ann["created"], ann["modified"] = iso(times[0]), iso(times[1])
    ann["body"] = _bodies(article.note, article.tags)
    ann["target"] = {"source": source(article)}
    return ann


def article_annotations(library: Library, article: ArticleRecord) -> list[dict[str, Any]]:
    highlights = reading_order(list_highlights(library, article.id))
    items = [highlight_annotation(article, h) for h in highlights]
    whole = article_annotation(library, article)
    return ([whole] if whole else []) + items


def collection(library: Library, ids: Iterable[int]) -> dict[str, Any]:
    """The collection for these articles, ordered by source path then hash (not by library id)."""
    articles = [a for a in (get_article(library, i) for i in sorted(set(ids))) if a is not None]
    articles.sort(key=lambda a: (a.path, a.sha256))
    items: list[dict[str, Any]] = []
    hashes: list[str] = []
    for article in articles:
        annotations = article_annotations(library, article)
        if annotations:
            items += annotations
            hashes.append(article.sha256)
    coll_id = derived_id("collection", *sorted(hashes))
    return {
        "@context": CONTEXT,
        "id": coll_id,
        "type": "AnnotationCollection",
        "label": "Margin annotations",
        "margin:formatVersion": FORMAT_VERSION,
        "total": len(items),
        "first": {
            "id": derived_id("page", coll_id, "1"),
            "type": "AnnotationPage",
            "partOf": coll_id,
            "startIndex": 0,
            "items": items,
        },
    }


def dumps(data: dict[str, Any]) -> str:
    """Stable JSON text: fixed key order, two-space indent, real characters, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
