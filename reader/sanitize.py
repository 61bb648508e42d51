"""The one place that sanitises HTML before it is stored or shown.

Our renderer (`Document.to_html`) already escapes all text and emits only the tags below; this is
defence in depth, so a bug there can never put a script, a remote resource or a style sheet into the
reader view. The allow-list is what Qt's rich-text engine renders. bleach is deprecated upstream:
everything that depends on it is in this module, so swapping it (for nh3, say) touches nothing else.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bleach.sanitizer import Cleaner

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr",
        "ul", "ol", "li", "blockquote", "pre", "code",
        "em", "strong", "i", "b", "u", "s", "sub", "sup", "small", "a",
        "table", "tr", "th", "td",
    }
)  # fmt: skip
# ``class`` and ``title`` carry the reader's own marks (a caption, removed text and its reason).
ALLOWED_ATTRIBUTES: dict[str, list[str]] = {
    "a": ["href", "title"],
    "p": ["class", "title"],
    "pre": ["class", "title"],
    "table": ["class"],
    "td": ["title"],
    "th": ["title"],
}
ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto"})


@cache
def _cleaner() -> Cleaner:
    """bleach (and html5lib under it) load on the first use, not with the module."""
    from bleach.sanitizer import Cleaner

    return Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


# Elements whose *content* is not article text either: dropped whole, before bleach strips tags.
_DROP_WITH_CONTENT_RE = re.compile(
    r"<(script|style|iframe|object|embed|template|noscript|svg|math|head|title)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


def sanitize_html(html: str) -> str:
    """Return ``html`` restricted to the allow-list; disallowed tags are dropped, text kept."""
    shielded = _shield_escapes(_DROP_WITH_CONTENT_RE.sub("", html))
    return _unshield_escapes(_cleaner().clean(shielded))


# bleach's parser (html5lib) makes one token per character reference and appends each to the
# text node it builds, which is quadratic: 800,000 "&amp;" in one paragraph took over 300 s. The
# escapes our renderer writes are therefore handed over as private-use code sequences (plain
# text to bleach, which it passes through untouched) and put back afterwards. A sequence only
# ever turns back into its escape, never into a raw "<" or "&", so nothing bleach did not see
# can come out of it.
_SHIELD = "\ue000"
_ESCAPES = ("&amp;", "&lt;", "&gt;", "&quot;")


def _shield_escapes(html: str) -> str:
    html = html.replace(_SHIELD, _SHIELD + "0")  # the marker's own occurrences stay itself
    for code, escape in enumerate(_ESCAPES, start=1):
        html = html.replace(escape, f"{_SHIELD}{code}")
    return html


def _unshield_escapes(html: str) -> str:
    # Every marker starts a two-character code, so the codes are found without ambiguity.
    for code, escape in enumerate(_ESCAPES, start=1):
        html = html.replace(f"{_SHIELD}{code}", escape)
    return html.replace(_SHIELD + "0", _SHIELD)
