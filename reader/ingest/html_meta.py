"""Read an article's title, byline, site, date, URL and language from a saved page's markup.

Only what the page declares is used (meta tags, OpenGraph, JSON-LD, ``<title>``, ``<h1>``), read
in one pass over the tree. trafilatura's own metadata step also searches the whole page for dates,
authors, tags and licences, which costs about a third of an extraction; a reader needs less.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from reader.document import normalize_inline

_SEPARATOR_RE = re.compile(r"\s+[|–—·•:»«~/\-]\s+|\s+::\s+")
_DATE_RE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?")
_BY_RE = re.compile(r"^\s*(?:by|von|par|por|door|di)\s+", re.IGNORECASE)
_ARTICLE_TYPES = re.compile(r"article|posting|report|webpage|recipe|review", re.IGNORECASE)
_MAX_JSON = 300_000  # JSON-LD blocks beyond this are skipped: metadata is never that big
_MAX_FIELD = 300
_MAX_BYLINE = 80

_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "citation_title", "parsely-title",
               "headline", "title")  # fmt: skip
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "citation_author", "parsely-author",
                "byl", "sailthru.author", "twitter:creator")  # fmt: skip
_DATE_KEYS = ("article:published_time", "datepublished", "date", "pubdate", "publishdate",
              "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "citation_date",
              "citation_publication_date", "parsely-pub-date", "sailthru.date", "og:updated_time",
              "article:modified_time", "datemodified")  # fmt: skip
_SITE_KEYS = ("og:site_name", "application-name", "publisher", "article:publisher")


@dataclass(slots=True)
class PageMeta:
    """What the page says about itself; every field may be missing."""

    title: str | None = None
    byline: str | None = None
    site: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None


def _clean(value: Any) -> str | None:
    """Trimmed text of a declared value; entities that were escaped twice are undone."""
    if not isinstance(value, str):
        return None
    text = normalize_inline(html.unescape(value) if "&" in value else value)[:_MAX_FIELD]
    return text or None


def _text(elem: etree._Element) -> str:
    return normalize_inline(" ".join(t for t in elem.itertext() if isinstance(t, str)))


def _is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://", "//", "www."))


def _meta_tags(tree: etree._Element) -> dict[str, str]:
    """First value of each meta name/property/itemprop, keys lower-cased."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop"):
            key = (meta.get(attr) or "").strip().lower()
            if key and key not in found:
                found[key] = content.strip()
    return found


def _json_objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data[:50]:
            yield from _json_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _json_objects(data["@graph"], depth + 1)


def _json_ld(tree: etree._Element) -> dict[str, str]:
    """Headline, author, date and publisher of the first article-like JSON-LD object."""
    out: dict[str, str] = {}
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if not raw.strip() or len(raw) > _MAX_JSON:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        for obj in _json_objects(data):
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if not any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
                continue
            for key in ("headline", "name", "datePublished", "url"):
                value = _clean(obj.get(key))
                if value and key not in out:
                    out[key] = value
            author = _json_names(obj.get("author"))
            if author and "author" not in out:
                out["author"] = author
            publisher = _json_names(obj.get("publisher"))
            if publisher and "publisher" not in out:
                out["publisher"] = publisher
    return out


def _json_names(value: Any) -> str | None:
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values[:10]:
        name = item.get("name") if isinstance(item, dict) else item
        clean = _clean(name)
        if clean and not _is_url(clean) and clean not in names:
            names.append(clean)
    return ", ".join(names) or None


def _strip_site(title: str, site: str | None, headings: list[str]) -> str:
    """Drop the site from ``Headline | Site``: the part naming it, or all but a heading's part."""
    parts = [p.strip() for p in _SEPARATOR_RE.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    lowered = {h.casefold() for h in headings}
    for part in parts:
        if part.casefold() in lowered:
            return part
    if site:
        site_key = site.casefold()
        kept = [p for p in parts if site_key not in p.casefold() and p.casefold() not in site_key]
        if kept and len(kept) < len(parts):
            # Re-join what is left with the original text between the kept parts.
            first, last = kept[0], kept[-1]
            start = title.find(first)
            end = title.rfind(last) + len(last)
            if 0 <= start < end:
                return title[start:end].strip()
    return title


def _similar(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return bool(a) and bool(b) and (a in b or b in a)


def _choose_title(
    tags: dict[str, str], ld: dict[str, str], page_title: str, h1s: list[str], site: str | None
) -> str | None:
    declared = [ld.get("headline")] + [tags.get(k) for k in _TITLE_KEYS] + [page_title]
    candidates = [_strip_site(c, site, h1s) for c in (_clean(d) for d in declared) if c]
    # The visible headline wins when the page's declared titles agree with it; an <h1> that is
    # the site's name (a logo) does not count.
    for h1 in h1s:
        if site and _similar(h1, site):
            continue
        if 3 <= len(h1) <= _MAX_FIELD and any(_similar(h1, c) for c in candidates):
            return h1
    if candidates:
        return candidates[0]
    return next((h for h in h1s if not (site and _similar(h, site))), h1s[0] if h1s else None)


def _date(tags: dict[str, str], ld: dict[str, str], tree: etree._Element) -> str | None:
    values = [ld.get("datePublished")] + [tags.get(k) for k in _DATE_KEYS]
    for time_el in tree.iter("time"):
        values.append(time_el.get("datetime"))
        break
    for value in values:
        match = _DATE_RE.match(value or "")
        if match:
            return match.group(1) + (f"T{match.group(2)}" if match.group(2) else "")
    return None


def _byline(tags: dict[str, str], ld: dict[str, str], tree: etree._Element) -> str | None:
    for value in [ld.get("author")] + [tags.get(k) for k in _AUTHOR_KEYS]:
        clean = _clean(value)
        if clean and not _is_url(clean) and not clean.startswith("@"):
            return _BY_RE.sub("", clean) or None
    for elem in tree.xpath(
        "(//*[@rel='author'] | //*[contains(@class,'byline')] | //*[@itemprop='author'])[1]"
    ):
        # A byline box also holds the date, a photo and share links: prefer the name in it.
        names = elem.xpath(
            ".//*[@itemprop='name'] | descendant-or-self::a[@rel='author'] | .//a | self::*"
        )
        for name in names:
            text = _BY_RE.sub("", _text(name)).strip(" ,|·-")
            if 2 < len(text) <= _MAX_BYLINE and not any(ch.isdigit() for ch in text):
                return text
    return None


def _url(
    given: str | None, tags: dict[str, str], ld: dict[str, str], tree: etree._Element
) -> str | None:
    values = [given, tags.get("og:url"), ld.get("url")]
    values += [link.get("href") for link in tree.iter("link") if link.get("rel") == "canonical"]
    for value in values:
        if value and value.strip().lower().startswith(("http://", "https://")):
            return value.strip()
    return None


def _language(tree: etree._Element, tags: dict[str, str]) -> str | None:
    root = tree.getroottree().getroot()
    for value in (
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        tags.get("og:locale"),
        tags.get("content-language"),
    ):
        if value and re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", value.strip()):
            return value.strip().replace("_", "-")
    return None


def read_meta(tree: etree._Element, url: str | None = None) -> PageMeta:
    """Metadata of a parsed page; never raises on odd markup."""
    tags = _meta_tags(tree)
    ld = _json_ld(tree)
    title_el = next(tree.iter("title"), None)
    page_title = _text(title_el) if title_el is not None else ""
    h1s = [t for t in (_text(h) for h in tree.iter("h1")) if t][:5]
    page_url = _url(url, tags, ld, tree)
    site = next(
        (c for c in (_clean(tags.get(k)) for k in _SITE_KEYS) if c and not _is_url(c)),
        _clean(ld.get("publisher")),
    )
    if site:
        site = site.lstrip("@") or None
    if not site and page_url:
        host = urlsplit(page_url).hostname or ""
        site = host.removeprefix("www.") or None
    return PageMeta(
        title=_choose_title(tags, ld, page_title, h1s, site),
        byline=_byline(tags, ld, tree),
        site=site,
        published=_date(tags, ld, tree),
        url=page_url,
        language=_language(tree, tags),
    )
