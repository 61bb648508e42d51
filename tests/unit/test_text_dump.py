"""The text-dump cleaner on small pages written for these tests (no bench data needed)."""

from __future__ import annotations

import dataclasses
import textwrap

import numpy as np
import pytest

from reader.document import Document
from reader.ingest.text_dump import (
    Decision,
    clean_text_dump,
    explain_text_dump,
    format_explanation,
)
from reader.ingest.text_dump.features import FEATURE_NAMES, feature_matrix, shape
from reader.ingest.text_dump.model import TreeModel, load_model
from reader.ingest.text_dump.paragraphs import rebuild, wrap_width

MENU = ["Home", "World", "Business", "Technology", "Science", "Sport", "Culture", "Opinion"]
MENU += ["Podcasts", "Newsletters"]
TITLE = "Harbour Town Votes To Rebuild Its Old Stone Bridge"
PARAS = [
    "The council of a small harbour town voted on Tuesday to rebuild the stone bridge that has "
    "linked its two quays for more than two hundred years, ending a debate that had divided "
    "residents since the spring floods.",
    "Engineers told the meeting that the central arch had shifted by several centimetres during "
    "the floods and that the bridge could no longer carry delivery vans, which have been forced "
    "to take a long detour through the hills.",
    "The plan approved by the council keeps the original stones where they can be reused and "
    "adds a hidden steel frame, a compromise that the town's heritage society said it could "
    "accept after months of objections.",
    '"We wanted a bridge that our grandchildren will still recognise," said the mayor, who '
    'chaired the meeting. "This is the same bridge, only stronger, and it will be open again '
    'before the summer season begins."',
    "Work is expected to start in the autumn and to last about eight months. During that time a "
    "temporary footbridge will be installed next to the old one so that people can still cross "
    "between the quays on foot.",
    "Some shop owners on the eastern quay said they were worried about losing customers during "
    "the works, and the council agreed to set aside part of the budget to help businesses that "
    "can show a fall in their takings.",
]
HEADING = "Costs Shared With The Region"
PARAS2 = [
    "The regional government will pay for roughly half of the work, according to figures "
    "presented at the meeting, with the rest coming from the town's own reserves and from a "
    "loan that it expects to repay within ten years.",
    "Residents will be able to see the detailed drawings at the town hall from next week, and a "
    "public meeting on the timetable is planned for the end of the month.",
]
FOOTER = ["About us", "Contact", "Careers", "Privacy policy", "Terms of use", "Cookie settings"]
FOOTER += ["© 2024 Example Media Group. All rights reserved."]
PLAYER = ["Watch: how the floods damaged the bridge", "Loading video...", "0:00 / 2:14"]
PLAYER += ["Play", "Mute"]
CAPTION = "The old stone bridge seen from the western quay after the floods."
SHARE = ["Share this article", "Facebook", "Twitter", "Email"]
RELATED = ["Related stories", "Ferry service to resume next month", "New lighthouse museum opens"]
JUNK = MENU + FOOTER + PLAYER + SHARE + RELATED + ["Search", "Sign in"]


def chromium_dump() -> str:
    """One paragraph per line, menus as runs of single lines (a browser's innerText)."""
    lines = [*MENU, "", "Search", "Sign in", "", TITLE, "", "By A. Reporter"]
    lines += ["12 March 2024, 10:31", "", CAPTION, CAPTION, ""]
    for p in PARAS[:4]:
        lines += [p, ""]
    lines += [*PLAYER, ""]
    for p in PARAS[4:]:
        lines += [p, ""]
    lines += [HEADING, ""]
    for p in PARAS2:
        lines += [p, ""]
    lines += [*SHARE, "", *RELATED, "", *FOOTER]
    return "\n".join(lines)


def wrapped_dump(width: int = 100, bullet: str = "•") -> str:
    """A text browser's dump: hard-wrapped paragraphs, bulleted menus, image labels."""
    out = [f"  {bullet} {m}" for m in MENU] + ["", "[logo]", "", TITLE, "", "By A. Reporter"]
    out += ["12 March 2024, 10:31", "[bridge-photo]", "", CAPTION, ""]
    for p in PARAS[:4]:
        out += [*textwrap.wrap(p, width), ""]
    out += ["[video-poster]", *PLAYER, ""]
    for p in PARAS[4:]:
        out += [*textwrap.wrap(p, width), ""]
    out += [HEADING, ""]
    for p in PARAS2:
        out += [*textwrap.wrap(p, width), ""]
    out += [f"  {bullet} {s}" for s in SHARE] + [""]
    out += [f"  {bullet} {s}" for s in FOOTER]
    return "\n".join(out)


def texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks]


def assert_article(doc: Document) -> None:
    got = texts(doc)
    body = [t for t in got if t in PARAS + PARAS2]
    assert body == PARAS + PARAS2, "every article paragraph, whole and in order"
    assert not set(JUNK) & set(got), f"junk kept: {set(JUNK) & set(got)}"


def test_browser_dump_keeps_article_and_drops_menu_player_footer() -> None:
    doc = clean_text_dump(chromium_dump())
    assert doc.title == TITLE
    assert_article(doc)
    headings = [b for b in doc.blocks if b.kind == "heading"]
    assert [(h.text, h.level) for h in headings] == [(HEADING, 2)]
    assert "## " + HEADING in doc.to_markdown()
    assert doc.to_text().startswith(TITLE + "\n\n" + PARAS[0])


def test_repeated_caption_appears_at_most_once() -> None:
    doc = clean_text_dump(chromium_dump())
    assert texts(doc).count(CAPTION) <= 1


@pytest.mark.parametrize(("width", "bullet"), [(100, "•"), (72, "*"), (80, "o")])
def test_hard_wrapped_dump_is_rejoined_into_whole_paragraphs(width: int, bullet: str) -> None:
    doc = clean_text_dump(wrapped_dump(width, bullet))
    assert doc.title == TITLE
    assert_article(doc)
    assert not any(t.startswith("[") and t.endswith("]") for t in texts(doc))


def test_wrap_width_is_measured_not_assumed() -> None:
    assert wrap_width(wrapped_dump(100).splitlines()) in range(95, 101)
    assert wrap_width(wrapped_dump(72).splitlines()) in range(66, 73)
    assert wrap_width(chromium_dump().splitlines()) == 0


def test_list_inside_article_is_kept_as_list_items_in_order() -> None:
    items = [
        "a new deck made of oak planks",
        "steel ties hidden inside the arch",
        "lamps that light the path at night",
    ]
    dump = chromium_dump().replace(
        PARAS[2] + "\n",
        PARAS[2] + "\n\nThe design includes:\n\n" + "\n".join(f"  • {i}" for i in items) + "\n",
    )
    doc = clean_text_dump(dump)
    listed = [b for b in doc.blocks if b.kind == "list_item"]
    assert [b.text for b in listed] == items
    assert all(b.level == 1 and not b.ordered for b in listed)
    order = texts(doc)
    assert order.index(PARAS[2]) < order.index(items[0]) < order.index(PARAS[3])
    assert "\n- a new deck made of oak planks\n- steel ties" in doc.to_markdown()


def test_numbered_and_nested_items_keep_order_and_depth() -> None:
    paras = rebuild("Steps:\n\n 1. Open the box\n 2. Read the note\n     • twice\n 3. Close it\n")
    items = [(p.text, p.ordered, p.depth) for p in paras if p.item]
    assert items == [
        ("Open the box", True, 1),
        ("Read the note", True, 1),
        ("twice", False, 2),
        ("Close it", True, 1),
    ]


GERMAN_TITLE = "Stadtrat beschließt neuen Radweg entlang des Flusses"
GERMAN = [
    "Der Stadtrat hat am Dienstagabend mit großer Mehrheit beschlossen, einen neuen Radweg "
    "entlang des Flusses zu bauen, der die beiden Ortsteile am Ufer künftig sicher miteinander "
    "verbinden soll.",
    "Nach Angaben der Verwaltung wird der Weg etwa vier Kilometer lang sein und an den "
    "gefährlichsten Stellen durch eine niedrige Mauer von der Straße getrennt, damit auch Kinder "
    "ihn ohne Begleitung nutzen können.",
    "Die Bauarbeiten sollen im kommenden Frühjahr beginnen und bis zum Herbst dauern. In dieser "
    "Zeit wird die Uferstraße abschnittsweise gesperrt, Anwohner dürfen ihre Grundstücke aber "
    "jederzeit erreichen.",
    "Der Bürgermeister sagte nach der Sitzung, die Stadt habe lange auf diese Entscheidung "
    "gewartet, und er sei froh, dass nun auch die Nachbargemeinden über einen Anschluss an das "
    "neue Netz nachdenken würden.",
]


def test_non_english_article() -> None:
    menu = ["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Wetter", "Anmelden"]
    footer = ["Impressum", "Datenschutz", "Kontakt", "Werbung", "© 2024 Beispiel Verlag"]
    dump = "\n".join([*menu, "", GERMAN_TITLE, "", "Von A. Autorin", ""])
    dump += "\n\n".join(GERMAN) + "\n\nArtikel teilen\nFacebook\nTwitter\n\n" + "\n".join(footer)
    doc = clean_text_dump(dump)
    assert doc.title == GERMAN_TITLE
    assert texts(doc) == GERMAN


def test_cjk_lines_wrapped_by_width_rejoin_without_spaces() -> None:
    sentence = "市の議会は火曜日に川沿いの新しい自転車道の建設を決めました。" * 4
    wrapped = [sentence[i : i + 48] for i in range(0, len(sentence), 48)]  # 96 columns each
    filler = "橋の工事は秋に始まり、およそ八か月続く予定で、その間は仮の歩道橋が設置されます。"
    dump = "\n".join([*wrapped, "", filler, "", *wrapped, "", filler])
    paras = rebuild(dump)
    assert paras[0].text == sentence
    assert paras[0].n_lines == len(wrapped)


def test_explain_covers_every_paragraph_and_matches_the_document() -> None:
    dump = chromium_dump()
    decisions = explain_text_dump(dump)
    doc = clean_text_dump(dump)
    assert [d.index for d in decisions] == list(range(len(decisions)))
    kept = [d.text for d in decisions if d.keep and d.kind != "title"]
    assert kept == texts(doc)
    assert [d.text for d in decisions if d.kind == "title"] == [TITLE]
    assert all(d.reasons and 0.0 <= d.score <= 1.0 for d in decisions)
    menu = next(d for d in decisions if d.text == "Technology")
    assert not menu.keep
    assert menu.kind == "junk"
    assert any("short lines" in r for r in menu.reasons)
    first = next(d for d in decisions if d.text == PARAS[0])
    assert "ends like a sentence" in first.reasons
    assert "38 words" in first.reasons
    repeated = [d for d in decisions if d.text == CAPTION]
    assert all("repeated 2x" in d.reasons for d in repeated)
    with pytest.raises(dataclasses.FrozenInstanceError):
        decisions[0].keep = True  # type: ignore[misc]


def test_format_explanation_renders_one_row_per_paragraph() -> None:
    decisions = explain_text_dump(chromium_dump())
    table = format_explanation(decisions, width=30).splitlines()
    assert len(table) == len(decisions) + 1
    assert table[0].split()[:5] == ["#", "keep", "score", "kind", "text"]
    row = next(line for line in table if "Technology" in line)
    assert " no " in row
    assert "junk" in row
    assert format_explanation([]).count("\n") == 1


def test_cleaning_is_deterministic() -> None:
    dump = wrapped_dump()
    assert clean_text_dump(dump).to_json() == clean_text_dump(dump).to_json()


WEIRD = [
    "",
    " ",
    "\n\n\n",
    "word",
    "\r\n\r\n",
    "\x0c\x0b\u2028\u2029\x85",
    "a" * 300_000,
    "word " * 60_000,
    "!" * 50_000,
    "\t\u00a0x\u00a0\t",
    "[x]",
    "•",
    "1.",
    "0:00",
    "日本語" * 20_000,
    "\ud800 lone surrogate",
    "nul\x00byte",
    "\ufeffbom then text",
    "Ünïcödé ☃ " * 10,
]


@pytest.mark.parametrize("text", WEIRD, ids=range(len(WEIRD)))
def test_any_string_cleans_without_raising(text: str) -> None:
    doc = clean_text_dump(text)
    assert isinstance(doc, Document)
    assert isinstance(doc.to_text(), str)
    assert all(isinstance(d, Decision) for d in explain_text_dump(text))


def test_crlf_nbsp_and_tabs_read_like_plain_newlines_and_spaces() -> None:
    plain = chromium_dump()
    messy = plain.replace("\n", "\r\n").replace(" quay", "\u00a0quay").replace("Home", "\tHome")
    assert texts(clean_text_dump(messy)) == texts(clean_text_dump(plain))


def test_model_contributions_add_up_to_the_score() -> None:
    paras = rebuild(chromium_dump())
    x = feature_matrix(paras, [shape(p) for p in paras])
    model = load_model()
    assert model.features == FEATURE_NAMES
    bias = model.margin(x) - model.contributions(x).sum(axis=1)
    assert np.allclose(bias, bias[0])
    assert np.allclose(model.predict(x), 1 / (1 + np.exp(-model.margin(x))))


@pytest.mark.slow
def test_twenty_megabyte_dump_cleans() -> None:
    """A dump at the import limit goes through in time linear in its size (no quadratic step)."""
    page = chromium_dump() + "\n\n" + wrapped_dump() + "\n\n"
    dump = page * (20_000_000 // len(page) + 1)
    assert len(dump) >= 20_000_000
    doc = clean_text_dump(dump)
    assert PARAS[0] in texts(doc)


def stump(feature: str, split: float, low: float, high: float) -> dict[str, list]:
    """One split on one feature, as the training script exports trees."""
    return {
        "feature": [FEATURE_NAMES.index(feature), 0, 0],
        "threshold": [split, 0.0, 0.0],
        "left": [1, 0, 0],
        "right": [2, 0, 0],
        "value": [0.0, low, high],
        "leaf": [False, True, True],
    }


def prose_only_model(*more: dict[str, list]) -> TreeModel:
    """A model that keeps prose and gives every other line p = 0.1, so that what happens to
    tables, headings and comment threads is decided by the rules alone."""
    trees = [stump("prose", 0.5, -2.2, 3.0), *more]
    return TreeModel.from_dict({"features": FEATURE_NAMES, "baseline": 0.0, "trees": trees})


def test_lead_paragraph_the_model_is_unsure_about_is_kept() -> None:
    # The page's first prose paragraph gets p = 0.3, later prose p = 0.95.
    model = prose_only_model(stump("prose_before_share", 0.0, -3.85, 0.0))
    decisions = explain_text_dump(chromium_dump(), model)
    lead = next(d for d in decisions if d.text == PARAS[0])
    assert 0.2 < lead.score < 0.5
    assert lead.keep
    assert "prose next to the article" in lead.reasons
    assert texts(clean_text_dump(chromium_dump(), model))[0] == PARAS[0]


COMMENTS = [
    "The council should have published the engineering survey months ago, because residents on "
    "both quays deserved to see the evidence before the vote was taken on Tuesday evening.",
    "A steel frame hidden inside old stones is a sensible compromise, and the heritage society "
    "was right to accept it once the engineers showed how little of the bridge would change.",
    "The detour through the hills has cost delivery firms a fortune since the spring, so any "
    "plan that reopens the bridge before the summer season deserves support from everyone.",
]


def test_reader_comments_after_the_article_are_dropped() -> None:
    thread = ["4 Comments", "Leave a Reply", "", *(c + "\n" for c in COMMENTS)]
    dump = chromium_dump().replace("\n" + SHARE[0], "\n" + "\n".join(thread) + SHARE[0], 1)
    for model in (None, prose_only_model()):
        order = texts(clean_text_dump(dump, model))
        assert order.index(PARAS[0]) < order.index(PARAS2[-1])
        assert not set(COMMENTS) & set(order)


RESULTS = ["Pos Crew Points", *(f"{i} Crew {i} {900 - 37 * i}" for i in range(1, 16))]


def test_table_rows_between_article_paragraphs_are_kept() -> None:
    table = "Points after the regatta held before the floods:\n\n" + "\n".join(RESULTS)
    dump = chromium_dump().replace(PARAS[2] + "\n", PARAS[2] + "\n\n" + table + "\n", 1)
    for model in (None, prose_only_model()):
        order = texts(clean_text_dump(dump, model))
        assert [t for t in order if t in RESULTS] == RESULTS
        assert order.index(PARAS[2]) < order.index(RESULTS[1]) < order.index(PARAS[3])
    # The same lines outside the article are not rescued.
    order = texts(clean_text_dump(chromium_dump() + "\n\n" + "\n".join(RESULTS), model))
    assert not set(RESULTS) & set(order)


def test_card_text_printed_twice_is_dropped() -> None:
    card = "Ferry service to resume next month after the floods"
    dump = chromium_dump().replace(PARAS[4] + "\n", PARAS[4] + "\n\n" + card + card + "\n", 1)
    order = texts(clean_text_dump(dump))
    assert not any(card in t for t in order)
    assert PARAS[4] in order


def test_caption_printed_twice_in_a_row_is_dropped_both_times() -> None:
    """A text browser prints a picture's alt text and then its caption: the same sentence twice."""
    caption = "Engineers inspect the shifted central arch of the bridge from a boat on the river."
    dump = chromium_dump().replace(PARAS[2], f"{caption}\n{caption}\n\n{PARAS[2]}", 1)
    order = texts(clean_text_dump(dump))
    assert caption not in order
    assert_article(clean_text_dump(dump))


def test_headline_printed_twice_is_the_title_only() -> None:
    dump = chromium_dump().replace(PARAS[0], TITLE + "\n\n" + PARAS[0], 1)
    doc = clean_text_dump(dump)
    assert doc.title == TITLE
    assert TITLE not in texts(doc)
    assert_article(doc)


def test_lines_wrapped_a_column_early_are_still_joined() -> None:
    """Renderers count columns slightly differently; a line that stops one or two columns short
    of the measured width, where the next word would just have fitted, is still a wrap."""
    body = textwrap.wrap(" ".join(PARAS), 80)
    width = wrap_width(body)
    short = "The temporary footbridge will stay until the stone arch is reopened for"
    assert len(short + " traffic") == width - 1  # "traffic" would just have fitted
    body += ["", short, "traffic and walkers.", ""]
    paras = rebuild("\n".join(body))
    assert paras[-1].text == short + " traffic and walkers."


def test_word_cut_at_the_margin_is_rejoined_without_a_space() -> None:
    """Some renderers cut a name longer than the line (an image file, a URL) at the margin."""
    body = textwrap.wrap(" ".join(PARAS * 3), 80)
    width = wrap_width(body)
    name = "bridge-floods-2024-central-arch-inspection-from-the-western-quay-photo-012.jpg"
    cut = width - 3  # "   " of indentation, then the name up to the margin
    body += ["", "   " + name[:cut], "   " + name[cut:], ""]
    paras = rebuild("\n".join(body))
    assert paras[-1].text == name
    assert shape(paras[-1]).slug
    # A renderer that lets the name overflow the line wraps before it: nothing is glued.
    overflow = [*body[:-4], "", "See " + name, "for the picture.", ""]
    assert wrap_width(overflow) == width
    assert rebuild("\n".join(overflow))[-1].text == "See " + name + " for the picture."
