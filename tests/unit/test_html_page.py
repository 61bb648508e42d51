"""Saved pages written here by hand: what the reader must keep, and what it must never show."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.document import Document
from reader.ingest.html_page import extract_html

PROSE = [
    "The river had been rising for three days before the town council finally met to decide "
    "whether the old stone bridge should be closed to traffic.",
    "Engineers who inspected the arches on Tuesday said the foundations were sound, but they "
    "warned that debris piling against the piers could change that within hours.",
    "By Thursday morning the water stood a metre below the deck, and the mayor ordered barriers "
    "at both ends while volunteers cleared branches from the upstream side.",
    "Shopkeepers on the east bank complained that the closure would cost them a week of trade, "
    "since most of their customers live across the river in the newer districts.",
    "The council promised a temporary footbridge, which the army engineers said they could "
    "assemble from prefabricated parts in less than two days once the flood had passed.",
]

HEAD = """<meta charset="utf-8">
<title>Town closes old bridge as river rises | The Valley Courier</title>
<meta property="og:title" content="Town closes old bridge as river rises">
<meta property="og:site_name" content="The Valley Courier">
<meta name="author" content="Maria Lopez">
<meta property="article:published_time" content="2024-03-14T08:30:00Z">
<link rel="canonical" href="https://courier.example/news/bridge">
<style>.secret-style { color: red }</style>
<script>document.write('SECRET-SCRIPT')</script>"""

NAV = """<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>"""

FOOTER = """<footer><p>Copyright 2024 The Valley Courier. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
</footer>"""

ARTICLE = f"""<h1>Town closes old bridge as river rises</h1>
<p>{PROSE[0]} It was, said one councillor, <em>the only sensible choice</em>.</p>
<p>{PROSE[1]} The full <a href="/reports/bridge.pdf">inspection report</a> is public.</p>
<figure><img src="https://cdn.example/bridge.jpg"
  alt="The stone bridge with brown water close to its arches">
<figcaption>The bridge on Thursday. Photo: Courier</figcaption></figure>
<h2>Barriers at both ends</h2>
<p>{PROSE[2]}</p>
<script>var tracker = "SECRET-INLINE-SCRIPT";</script>
<blockquote><p>We will not take risks with people's lives, whatever the cost to the town's
trade this week.</p></blockquote>
<p>{PROSE[3]} <strong>Three shops</strong> have already closed.</p>
<ul><li>Barriers went up at seven on Thursday morning</li>
<li>A temporary footbridge is planned for next week</li></ul>
<iframe src="https://ads.example/frame">SECRET-IFRAME</iframe>
<p>{PROSE[4]} Questions go to <a href="mailto:desk@courier.example">the news desk</a>, not
<a href="javascript:alert(1)">this link</a>.</p>"""


def page(article: str = ARTICLE, head: str = HEAD, lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>{NAV}'
        f"<main><article>{article}</article></main>{FOOTER}</body></html>"
    )


@pytest.fixture(scope="module")
def doc() -> Document:
    return extract_html(page())


def test_article_text_kept_whole_and_in_order(doc: Document) -> None:
    text = doc.plain_text()
    positions = [text.index(p) for p in PROSE]
    assert positions == sorted(positions)


def test_navigation_and_footer_dropped(doc: Document) -> None:
    text = doc.plain_text()
    for junk in ("Weather", "Sport", "Copyright 2024", "Privacy policy", "Terms of use"):
        assert junk not in text


def test_structure_kept(doc: Document) -> None:
    kinds = [(b.kind, b.level) for b in doc.blocks]
    assert ("heading", 2) in kinds
    heading = next(b for b in doc.blocks if b.kind == "heading")
    assert heading.text == "Barriers at both ends"
    quote = next(b for b in doc.blocks if b.kind == "quote")
    assert quote.text.startswith("We will not take risks")
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert [b.text for b in items] == [
        "Barriers went up at seven on Thursday morning",
        "A temporary footbridge is planned for next week",
    ]
    assert all(b.level == 1 and not b.ordered for b in items)


def test_inline_marks_kept(doc: Document) -> None:
    marked = {(b.text[m.start : m.end], m.kind, m.href) for b in doc.blocks for m in b.marks}
    assert ("the only sensible choice", "em", None) in marked
    assert ("Three shops", "strong", None) in marked
    assert ("the news desk", "link", "mailto:desk@courier.example") in marked
    # Relative links are resolved against the page's canonical address.
    assert (
        "inspection report",
        "link",
        "https://courier.example/reports/bridge.pdf",
    ) in marked


def test_unsafe_links_lose_their_target_but_keep_their_text(doc: Document) -> None:
    assert "this link" in doc.plain_text()
    hrefs = [m.href or "" for b in doc.blocks for m in b.marks if m.kind == "link"]
    assert hrefs
    assert all(h.startswith(("http://", "https://", "mailto:")) for h in hrefs)
    assert "javascript" not in doc.to_html()


def test_metadata_read_from_the_page(doc: Document) -> None:
    assert doc.title == "Town closes old bridge as river rises"
    assert doc.byline == "Maria Lopez"
    assert doc.site == "The Valley Courier"
    assert doc.published == "2024-03-14T08:30:00"
    assert doc.url == "https://courier.example/news/bridge"
    assert doc.language == "en"


def test_title_is_not_repeated_as_first_block(doc: Document) -> None:
    assert doc.blocks[0].text.startswith(PROSE[0][:40])
    assert all(b.text != doc.title for b in doc.blocks)


def test_remote_image_becomes_alt_text_caption(doc: Document) -> None:
    captions = [b for b in doc.blocks if b.kind == "caption"]
    assert [c.text for c in captions] == [
        "Image: The stone bridge with brown water close to its arches"
    ]
    # Placed where the figure was: after the second paragraph, before the section heading.
    index = doc.blocks.index(captions[0])
    assert doc.blocks[index - 1].text.startswith(PROSE[1][:40])
    html = doc.to_html()
    assert "<img" not in html
    assert "cdn.example" not in html


def test_picture_without_a_visible_caption_is_not_shown() -> None:
    """A bare image's alt text is invisible on the page (decoration, teasers, ads): only a
    picture the page captions becomes a caption block."""
    bare = (
        '<img src="https://cdn.example/mood.jpg" alt="Storm clouds gather over the river valley">'
    )
    doc = extract_html(page(ARTICLE.replace(f"<p>{PROSE[2]}</p>", f"<p>{PROSE[2]}</p>{bare}")))
    assert [b.text for b in doc.blocks if b.kind == "caption"] == [
        "Image: The stone bridge with brown water close to its arches"
    ]


def test_scripts_styles_and_iframes_never_reach_the_output(doc: Document) -> None:
    for rendering in (doc.plain_text(), doc.to_html(), doc.to_markdown()):
        for secret in ("SECRET-SCRIPT", "SECRET-INLINE-SCRIPT", "SECRET-IFRAME", "secret-style"):
            assert secret not in rendering
    html = doc.to_html()
    for tag in ("<script", "<style", "<iframe"):
        assert tag not in html


def test_title_falls_back_to_the_title_element_without_site_name() -> None:
    head = "<title>Town closes old bridge as river rises | The Valley Courier</title>"
    head += '<meta property="og:site_name" content="The Valley Courier">'
    article = ARTICLE.replace("<h1>Town closes old bridge as river rises</h1>", "")
    doc = extract_html(page(article, head))
    assert doc.title == "Town closes old bridge as river rises"


def test_without_a_page_address_relative_links_are_dropped() -> None:
    doc = extract_html(page(head="<title>Bridge</title>"))
    assert doc.url is None
    link_texts = [b.text[m.start : m.end] for b in doc.blocks for m in b.marks if m.kind == "link"]
    assert "inspection report" not in link_texts
    assert "inspection report" in doc.plain_text()


def test_link_lines_related_stories_and_empty_sections_are_dropped() -> None:
    related = "".join(
        f'<li><a href="/story/{i}">Other headline number {i} about something</a> A teaser.</li>'
        for i in range(5)
    )
    article = (
        ARTICLE.replace(
            f"<p>{PROSE[2]}</p>",
            f'<p>{PROSE[2]}</p><p>READ MORE: <a href="/story/9">Flood warnings issued '
            "across the whole valley as the rain goes on</a></p>",
        )
        + f"<h2>More from the Courier</h2><ul>{related}</ul>"
    )
    doc = extract_html(page(article))
    text = doc.plain_text()
    assert PROSE[4][:50] in text
    assert "Flood warnings issued" not in text
    assert "Other headline number" not in text
    assert "More from the Courier" not in text


def test_standfirst_above_the_text_is_not_a_section_heading() -> None:
    standfirst = (
        "<h2>Council acts after engineers warn that debris against the piers could weaken "
        "the arches</h2>"
    )
    article = ARTICLE.replace("</h1>", "</h1>" + standfirst, 1)
    doc = extract_html(page(article))
    assert "debris against the piers" not in doc.plain_text()
    assert PROSE[0][:50] in doc.plain_text()


def test_non_english_article() -> None:
    german = [
        "Der Fluss stieg seit drei Tagen, bevor der Gemeinderat endlich zusammentrat, um über "
        "die Schließung der alten Steinbrücke für den Verkehr zu entscheiden.",
        "Die Ingenieure, die die Bögen am Dienstag untersucht hatten, hielten die Fundamente für "
        "solide, warnten aber vor Treibgut, das sich an den Pfeilern staut.",
        "Am Donnerstagmorgen stand das Wasser nur noch einen Meter unter der Fahrbahn, und der "
        "Bürgermeister ließ an beiden Enden Absperrungen errichten.",
        "Die Geschäftsleute am Ostufer beklagten, dass die Sperrung sie eine Woche Umsatz koste, "
        "weil die meisten Kunden in den neueren Vierteln wohnen.",
    ]
    article = "<h1>Alte Brücke gesperrt</h1>" + "".join(f"<p>{p}</p>" for p in german)
    head = '<meta charset="utf-8"><title>Alte Brücke gesperrt – Talbote</title>'
    doc = extract_html(page(article, head, lang="de"))
    assert doc.title == "Alte Brücke gesperrt"
    assert doc.language == "de"
    assert [b.text for b in doc.blocks] == german


def test_fragment_without_html_element() -> None:
    doc = extract_html("".join(f"<p>{p}</p>" for p in PROSE))
    assert [b.text for b in doc.blocks] == PROSE


def test_page_read_from_a_real_file(tmp_path: Path) -> None:
    path = tmp_path / "saved.html"
    path.write_bytes(page().encode("utf-8"))
    doc = extract_html(path.read_text(encoding="utf-8"))
    assert doc.title == "Town closes old bridge as river rises"
    assert len([b for b in doc.blocks if b.kind == "paragraph"]) == len(PROSE)


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02\x03",
        "<<<>>>",
        "<html></html>",
        "<html><body></body></html>",
        "plain words, not markup at all",
        "<p>lone surrogate \ud800 in text</p>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>declared</p></body></html>",
        "<html><head><title>Only a title</title></head></html>",
        "<script>alert('x')</script>" * 50,
        "\x89PNG\r\n\x1a\n" + "\x00" * 100,
        "<div>" * 5000 + "past any nesting limit" + "</div>" * 5000,
    ],
)
def test_garbage_never_raises(garbage: str) -> None:
    doc = extract_html(garbage)
    assert isinstance(doc, Document)
    assert "alert" not in doc.plain_text()


def test_deeply_nested_page_keeps_its_text() -> None:
    depth = 1500  # libxml2 gives up at 256 levels unless told otherwise
    article = "<div>" * depth + "".join(f"<p>{p}</p>" for p in PROSE) + "</div>" * depth
    doc = extract_html(page(article))
    assert [b.text for b in doc.blocks] == PROSE


def test_large_page() -> None:
    body = "".join(f"<p>{PROSE[i % len(PROSE)]} (part {i})</p>" for i in range(20_000))
    doc = extract_html(page(body))
    assert len(doc.blocks) > 1000
