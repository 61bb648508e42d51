"""Re-anchoring highlights on real-size articles after the kinds of edits articles go through.

Every scenario runs on the seed article (when ../shared is present) and on a generated article
of about 40 KB (always), each built through `Document`, so offsets are those of `plain_text`.
Expected places are computed from the edit itself (which paragraph went where), never by asking
the code under test.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from reader.anchoring import (
    CONTEXT,
    Anchor,
    Reanchored,
    find_occurrence,
    make_anchor,
    reanchor,
    reanchor_all,
)
from reader.anchoring.fuzzy import max_edits
from reader.document import paragraphs_document

SEED = Path(__file__).parents[2].parent / "shared" / "seed" / "000_17cb2c6a1bcb8ff9.txt"
TITLE = "An article"

_SYLLABLES = "ka lo mi ter san vel dor pa ri en ul os ba cre tho vi ne qua ly sto"
_COMMON = "the of and to in a is that for it as was with by on not this are from at"


def generated_paragraphs(seed: int = 7, count: int = 120) -> list[str]:
    """Deterministic prose-like paragraphs: common words mixed with invented ones."""
    rng = random.Random(seed)
    syllables, common = _SYLLABLES.split(" "), _COMMON.split(" ")
    vocab = ["".join(rng.sample(syllables, rng.randint(1, 3))) for _ in range(900)]
    paras = []
    for _ in range(count):
        sentences = []
        for _ in range(rng.randint(3, 7)):
            words = [
                rng.choice(common) if rng.random() < 0.35 else rng.choice(vocab)
                for _ in range(rng.randint(6, 20))
            ]
            sentences.append(" ".join(words).capitalize() + ".")
        paras.append(" ".join(sentences))
    return paras


def seed_paragraphs() -> list[str]:
    if not SEED.is_file():
        pytest.skip("../shared/seed is not present")
    chunks = SEED.read_text(encoding="utf-8").split("\n\n")
    return [" ".join(c.split()) for c in chunks if c.strip()]


@pytest.fixture(params=["seed", "generated"])
def paras(request: pytest.FixtureRequest) -> list[str]:
    return seed_paragraphs() if request.param == "seed" else generated_paragraphs()


def text_of(paragraphs: list[str]) -> str:
    return paragraphs_document(TITLE, paragraphs).plain_text()


def para_start(paragraphs: list[str], index: int) -> int:
    """Offset of paragraph ``index`` in the plain text (title first, blank lines between)."""
    return len(TITLE) + 2 + sum(len(p) + 2 for p in paragraphs[:index])


def anchor_in(paragraphs: list[str], index: int, quote: str) -> Anchor:
    """Anchor ``quote`` where it occurs in paragraph ``index`` (not elsewhere)."""
    start = para_start(paragraphs, index) + paragraphs[index].index(quote)
    return make_anchor(text_of(paragraphs), start, start + len(quote))


def middle_quote(paragraph: str, size: int = 60) -> str:
    """A quote from the middle of a paragraph, cut at word boundaries."""
    words = paragraph.split(" ")
    mid = len(words) // 2
    quote = words[mid]
    i = mid + 1
    while len(quote) < size and i < len(words):
        quote += " " + words[i]
        i += 1
    return quote


def long_paragraphs(paragraphs: list[str], minimum: int = 150) -> list[int]:
    return [i for i, p in enumerate(paragraphs) if len(p) >= minimum]


def expect(result: Reanchored, text: str, start: int, exact: str) -> None:
    assert result.anchor is not None, result
    assert (result.anchor.start, result.anchor.exact) == (start, exact), result
    assert text[result.anchor.start : result.anchor.end] == exact


# -- moving with the text -----------------------------------------------------------------------


@pytest.mark.parametrize("with_old", [True, False])
def test_paragraphs_inserted_and_deleted_elsewhere(paras: list[str], with_old: bool) -> None:
    eligible = long_paragraphs(paras)
    assert len(eligible) >= 10
    chosen = eligible[1::2][:12]
    keep_until = chosen[len(chosen) // 3]  # everything before this stays where it was
    spare = [i for i in eligible if i not in chosen and i > keep_until][:2]  # to delete
    quotes = {i: middle_quote(paras[i], 40 + 7 * (i % 5)) for i in chosen}
    old_text = text_of(paras)
    anchors = [anchor_in(paras, i, q) for i, q in quotes.items()]

    new = list(paras)
    new.insert(keep_until + 1, "A new paragraph about something else entirely, with 🐙 and 中文.")
    for i in sorted(spare, reverse=True):
        del new[i + 1]
    new.append("An afterword.")
    new_text = text_of(new)

    results = reanchor_all(new_text, anchors, old_text=old_text if with_old else None)
    for (i, quote), anchor, result in zip(quotes.items(), anchors, results, strict=True):
        j = new.index(paras[i])
        start = para_start(new, j) + paras[i].index(quote)
        expect(result, new_text, start, quote)
        assert result.status == ("kept" if start == anchor.start else "moved")
        assert result.similarity == 1.0
    assert {r.status for r in results} == {"kept", "moved"}


def test_unchanged_text_keeps_everything(paras: list[str]) -> None:
    text = text_of(paras)
    anchors = [anchor_in(paras, i, middle_quote(paras[i])) for i in long_paragraphs(paras)]
    for old in (None, text):
        results = reanchor_all(text, anchors, old_text=old)
        assert [r.status for r in results] == ["kept"] * len(anchors)
        assert [r.anchor for r in results] == anchors


def test_edits_touching_only_prefix_and_suffix(paras: list[str]) -> None:
    i = long_paragraphs(paras)[3]
    quote = middle_quote(paras[i], 45)
    anchor = anchor_in(paras, i, quote)
    at = paras[i].index(quote)
    before, after = paras[i][:at], paras[i][at + len(quote) :]
    edited = before[:-12] + "REWRITTEN " + before[-2:] + quote + after[:2] + " CHANGED" + after[9:]
    # In place: the position still holds the quote, whatever happened around it.
    same_place = [*paras[:i], edited, *paras[i + 1 :]]
    assert para_start(same_place, i) + edited.index(quote) == anchor.start
    result = reanchor(text_of(same_place), anchor)
    assert result.status == "kept"
    assert result.anchor is not None
    assert result.anchor.prefix != anchor.prefix  # refreshed from the new text
    assert result.anchor.suffix != anchor.suffix
    # Shifted by a new first paragraph as well: found again by its text.
    shifted = ["A new first paragraph.", *same_place]
    start = para_start(shifted, i + 1) + edited.index(quote)
    for old in (None, text_of(paras)):
        result = reanchor(text_of(shifted), anchor, old_text=old)
        assert result.status == "moved"
        expect(result, text_of(shifted), start, quote)


# -- fuzzy --------------------------------------------------------------------------------------


def replace_in(paragraphs: list[str], i: int, old: str, new: str) -> list[str]:
    assert old in paragraphs[i]
    return [*paragraphs[:i], paragraphs[i].replace(old, new, 1), *paragraphs[i + 1 :]]


@pytest.mark.parametrize("with_old", [True, False])
def test_typo_fixed_inside_a_quote(paras: list[str], with_old: bool) -> None:
    i = long_paragraphs(paras)[4]
    quote = middle_quote(paras[i], 50)
    words = quote.split(" ")
    k = max(range(1, len(words) - 1), key=lambda n: len(words[n]))  # a long inner word
    typo = words[k][0] + words[k][2] + words[k][1] + words[k][3:]  # swap two letters
    typo_quote = " ".join([*words[:k], typo, *words[k + 1 :]])
    with_typo = replace_in(paras, i, quote, typo_quote)
    anchor = anchor_in(with_typo, i, typo_quote)

    fixed = ["A paragraph inserted at the top.", *paras]  # the typo fixed, and shifted
    new_text = text_of(fixed)
    result = reanchor(new_text, anchor, old_text=text_of(with_typo) if with_old else None)
    assert result.status == "fuzzy"
    expect(result, new_text, para_start(fixed, i + 1) + paras[i].index(quote), quote)
    assert result.similarity == pytest.approx(Levenshtein.normalized_similarity(typo_quote, quote))


@pytest.mark.parametrize("with_old", [True, False])
def test_quoted_paragraph_moved_far_and_edited(paras: list[str], with_old: bool) -> None:
    i = long_paragraphs(paras)[1]
    quote = middle_quote(paras[i], 60)
    anchor = anchor_in(paras, i, quote)
    edited = quote[:30] + "X" + quote[31:]
    # Its surroundings change as well, so only a search of the text itself can find it.
    at = paras[i].index(quote)
    moved = paras[i][: at - 6] + "[..] " + edited + " [..]" + paras[i][at + len(quote) + 6 :]
    new = [*paras[:i], *paras[i + 1 :], "One more.", moved]  # now the last paragraph
    new_text = text_of(new)
    result = reanchor(new_text, anchor, old_text=text_of(paras) if with_old else None)
    assert result.status == "fuzzy"
    expect(result, new_text, para_start(new, len(new) - 1) + moved.index(edited), edited)


@pytest.mark.parametrize(
    ("change", "position"),
    [
        ("insert_word", "middle"),
        ("delete_word", "middle"),
        ("replace_word", "end"),
        ("replace_word", "start"),
    ],
)
def test_fuzzy_boundaries_cover_the_edited_quote_exactly(
    paras: list[str], change: str, position: str
) -> None:
    i = long_paragraphs(paras)[5]
    quote = middle_quote(paras[i], 70)
    words = quote.split(" ")
    k = {"middle": len(words) // 2, "end": len(words) - 1, "start": 0}[position]
    if change == "insert_word":
        new_words = [*words[:k], "really", *words[k:]]
    elif change == "delete_word":
        new_words = [*words[:k], *words[k + 1 :]]
    else:
        new_words = [*words[:k], "Zyxwv", *words[k + 1 :]]
    new_quote = " ".join(new_words)
    anchor = anchor_in(paras, i, quote)
    new = replace_in(paras, i, quote, new_quote)
    new_text = text_of(new)
    for old in (None, text_of(paras)):
        result = reanchor(new_text, anchor, old_text=old)
        assert result.status == "fuzzy"
        expect(result, new_text, para_start(new, i) + new[i].index(new_quote), new_quote)


def test_text_inserted_next_to_an_edited_quote_stays_outside(paras: list[str]) -> None:
    i = long_paragraphs(paras)[6]
    quote = middle_quote(paras[i], 60)
    anchor = anchor_in(paras, i, quote)
    new_quote = quote[:20] + quote[21:]  # one character dropped inside
    new = replace_in(paras, i, quote, "inserted before " + new_quote + " and after, too")
    new_text = text_of(new)
    result = reanchor(new_text, anchor, old_text=text_of(paras))
    assert result.status == "fuzzy"
    expect(result, new_text, para_start(new, i) + new[i].index(new_quote), new_quote)


def test_whitespace_changes_across_paragraphs(paras: list[str]) -> None:
    i = long_paragraphs(paras)[2]
    while paras[i + 1].count(" ") < 8:
        i += 1
    tail = " ".join(paras[i].split(" ")[-4:])
    head = " ".join(paras[i + 1].split(" ")[:4])
    anchor = make_anchor(
        text_of(paras),
        para_start(paras, i + 1) - 2 - len(tail),
        para_start(paras, i + 1) + len(head),
    )
    assert anchor.exact == tail + "\n\n" + head
    # A new cleaner joins the two paragraphs: only white space differs.
    merged = [*paras[:i], paras[i] + " " + paras[i + 1], *paras[i + 2 :]]
    merged_text = text_of(merged)
    result = reanchor(merged_text, anchor, old_text=text_of(paras))
    assert result.status == "fuzzy"
    expect(result, merged_text, anchor.start, tail + " " + head)
    # ... and splits them again: the merged quote finds its way back across the blank line.
    assert result.anchor is not None
    back = reanchor(text_of(paras), result.anchor)
    assert back.status == "fuzzy"
    expect(back, text_of(paras), anchor.start, anchor.exact)


def test_whitespace_only_changes_beyond_the_edit_bound(paras: list[str]) -> None:
    k = long_paragraphs(paras)[2]
    lines = ["Yes.", "No.", "Ok.", "Maybe so."]  # short lines a new cleaner joins
    planted = [*paras[:k], *lines, *paras[k:]]
    start = para_start(planted, k)
    anchor = make_anchor(text_of(planted), start, start + len("\n\n".join(lines)))
    merged = [*paras[:k], " ".join(lines), *paras[k:]]
    assert Levenshtein.distance(anchor.exact, " ".join(lines)) > max_edits(len(anchor.exact))
    result = reanchor(text_of(merged), anchor)
    assert result.status == "fuzzy"
    expect(result, text_of(merged), start, " ".join(lines))


def test_fuzzy_match_follows_context_past_a_nearby_lookalike(paras: list[str]) -> None:
    k = long_paragraphs(paras)[3]
    quote = "The committee approved the new budget for the coming year"
    planted = [*paras]
    planted[k] = planted[k] + " " + quote + "."
    anchor = anchor_in(planted, k, quote)
    # The quote gets a typo fix elsewhere... and moves far (a long new first paragraph), while
    # near its old offset a look-alike appears, in other surroundings.
    lookalike = "The committee approved the new budgets for the coming years"
    new = ["word " * 600 + "end.", *planted]
    new[k + 1] = new[k + 1].replace(quote, quote.replace("approved", "aproved"))
    new[0] = new[0][: anchor.start - 40] + " " + lookalike + " " + new[0][anchor.start - 40 :]
    assert len(new[0]) > anchor.start + len(quote) + 300
    new_text = text_of(new)
    assert new_text.find(lookalike) < anchor.start < new_text.find(lookalike) + 100
    result = reanchor(new_text, anchor)
    fixed = quote.replace("approved", "aproved")
    assert result.status == "fuzzy"
    expect(result, new_text, para_start(new, k + 1) + new[k + 1].index(fixed), fixed)


# -- orphans and false positives ----------------------------------------------------------------


@pytest.mark.parametrize("with_old", [True, False])
def test_deleting_the_quoted_paragraph_orphans_its_highlights(
    paras: list[str], with_old: bool
) -> None:
    eligible = long_paragraphs(paras)
    i, j = eligible[3], eligible[-2]
    planted = [*paras]
    planted[i] += " Crowds gathered near the old harbour bridge at dawn."
    planted[j] += " Nobody crossed the old harbour bridge that winter."
    long_quote = middle_quote(planted[i], 55)
    short_quote = "old harbour bridge"  # also in paragraph j: must not jump there
    anchors = [anchor_in(planted, i, long_quote), anchor_in(planted, i, short_quote)]
    survivor = anchor_in(planted, j, short_quote)

    new = [*planted[:i], *planted[i + 1 :]]
    new_text = text_of(new)
    results = reanchor_all(
        new_text, [*anchors, survivor], old_text=text_of(planted) if with_old else None
    )
    assert [r.status for r in results] == ["orphaned", "orphaned", "moved"]
    assert [r.anchor for r in results[:2]] == [None, None]
    assert [r.similarity for r in results[:2]] == [0.0, 0.0]
    start = para_start(new, j - 1) + planted[j].index(short_quote)
    expect(results[2], new_text, start, short_quote)


def test_heavily_rewritten_quote_orphans_rather_than_attach_elsewhere(paras: list[str]) -> None:
    eligible = long_paragraphs(paras)
    i, j = eligible[2], eligible[-3]
    quote = "The committee approved the new budget for the coming year"
    lookalike = "The council rejected the old budget for the previous year"
    rewrite = "After a long night, members voted the spending plan down"
    assert Levenshtein.distance(quote, lookalike) > max_edits(len(quote))  # a real near miss
    planted = [*paras]
    planted[i] += " " + quote + "."
    planted[j] += " " + lookalike + "."
    anchor = anchor_in(planted, i, quote)
    new = replace_in(planted, i, quote, rewrite)
    for old in (None, text_of(planted)):
        result = reanchor(text_of(new), anchor, old_text=old)
        assert result == Reanchored("orphaned", None, 0.0)
    # A lighter rewrite (within the bound) is still found, and exactly.
    light = "The committee approved a new budget for the next year"
    new = replace_in(planted, i, quote, light)
    result = reanchor(text_of(new), anchor, old_text=text_of(planted))
    assert result.status == "fuzzy"
    expect(result, text_of(new), anchor.start, light)


def test_short_quotes_need_corroboration_to_move(paras: list[str]) -> None:
    k = long_paragraphs(paras)[3]
    planted = [*paras]
    planted.insert(k, "Then it was quiet.")
    planted.append("Elsewhere, it was quiet indeed.")
    anchor = anchor_in(planted, k, "was quiet")
    # Its neighbours are replaced and the text shifts: with no old text to map the position,
    # the same two words in foreign surroundings are not enough evidence.
    new = ["A new first paragraph.", *planted]
    new[k : k + 3] = ["Completely different words.", "Suddenly, it was quiet.", "Zzz."]
    new_text = text_of(new)
    assert reanchor(new_text, anchor).status == "orphaned"
    # With the old text, the mapped position vouches for it.
    result = reanchor(new_text, anchor, old_text=text_of(planted))
    assert result.status == "moved"
    expect(result, new_text, para_start(new, k + 1) + len("Suddenly, it "), "was quiet")


# -- choosing among occurrences -----------------------------------------------------------------


@pytest.mark.parametrize("with_old", [True, False])
def test_a_quote_occurring_twice_follows_its_own_context(paras: list[str], with_old: bool) -> None:
    eligible = long_paragraphs(paras)
    i, j = eligible[2], eligible[6]  # near enough for one local search to see both
    sentence = "Prices rose again in the spring, as they always do"  # long: both are believable
    planted = [*paras]
    planted[i] = "Before the storm. " + sentence + ", said the baker. " + planted[i]
    planted[j] = planted[j] + " After the harvest, " + sentence + " as every year."
    first, second = anchor_in(planted, i, sentence), anchor_in(planted, j, sentence)
    assert find_occurrence(text_of(planted), sentence, 2) == (second.start, second.end)

    new = ["A new opening paragraph, quite long.", *planted]
    del new[eligible[4] + 1]  # a paragraph between the two goes away
    new_text = text_of(new)
    results = reanchor_all(
        new_text, [first, second], old_text=text_of(planted) if with_old else None
    )
    expect(results[0], new_text, para_start(new, i + 1) + planted[i].index(sentence), sentence)
    expect(results[1], new_text, para_start(new, j) + planted[j].index(sentence), sentence)


def test_identical_contexts_fall_back_to_the_mapped_position(paras: list[str]) -> None:
    eligible = long_paragraphs(paras)
    i, j = eligible[2], eligible[6]  # near enough for one local search to see both
    planted = [*paras]
    planted[j] = planted[i]  # a repeated paragraph: the same quote with the same context
    quote = middle_quote(planted[i], 40)
    second = anchor_in(planted, j, quote)
    first = anchor_in(planted, i, quote)
    # A long insertion before both: the raw old offset of the second now lies nearer the first
    # copy, but the old text maps it to where it went.
    new = [*planted[:i], "x " * 4000 + "x", *planted[i:]]
    new_text = text_of(new)
    results = reanchor_all(new_text, [first, second], old_text=text_of(planted))
    expect(results[0], new_text, para_start(new, i + 1) + planted[i].index(quote), quote)
    expect(results[1], new_text, para_start(new, j + 1) + planted[j].index(quote), quote)
    # Without the old text, the raw offset decides, which is right for a small shift.
    new = ["A short new first paragraph.", *planted]
    new_text = text_of(new)
    results = reanchor_all(new_text, [first, second])
    expect(results[0], new_text, para_start(new, i + 1) + planted[i].index(quote), quote)
    expect(results[1], new_text, para_start(new, j + 1) + planted[j].index(quote), quote)


# -- non-Latin text -----------------------------------------------------------------------------


def test_emoji_and_cjk_quotes(paras: list[str]) -> None:
    planted = [*paras]
    k = len(planted) // 2
    planted[k:k] = [
        "東京の桜は三月末に満開になりました。多くの人が公園に集まりました。",
        "The team 👩‍💻👨‍💻 shipped it 🚀🚀 before the deadline, 中文 and all.",
        "Один абзац по-русски, чтобы было разнообразие.",
    ]
    cjk, emoji = "桜は三月末に満開になりました", "👩‍💻👨‍💻 shipped it 🚀🚀"
    anchors = [anchor_in(planted, k, cjk), anchor_in(planted, k + 1, emoji)]
    new = ["前書き: a new first paragraph 🎉.", *planted]
    new[k + 1] = new[k + 1].replace("三月末", "三月下旬")  # an edit inside the CJK quote
    new_text = text_of(new)
    results = reanchor_all(new_text, anchors, old_text=text_of(planted))
    assert [r.status for r in results] == ["fuzzy", "moved"]
    new_cjk = "桜は三月下旬に満開になりました"
    expect(results[0], new_text, para_start(new, k + 1) + new[k + 1].index(new_cjk), new_cjk)
    expect(results[1], new_text, para_start(new, k + 2) + new[k + 2].index(emoji), emoji)


# -- selectors, lookup, robustness --------------------------------------------------------------


def test_make_anchor_context_and_validation() -> None:
    text = "a" * 10 + "QUOTE" + "b" * 50
    a = make_anchor(text, 10, 15)
    assert (a.exact, a.prefix, a.suffix) == ("QUOTE", "a" * 10, "b" * CONTEXT)
    assert make_anchor(text, 10, 15, context=3).prefix == "aaa"
    for start, end in [(5, 5), (6, 5), (-1, 3), (0, len(text) + 1)]:
        with pytest.raises(ValueError, match="range"):
            make_anchor(text, start, end)
    with pytest.raises(ValueError, match="context"):
        make_anchor(text, 0, 1, context=-1)


def test_find_occurrence() -> None:
    text = "aaaaaa. It’s “quoted” — here.\n\nNext paragraph starts."
    assert find_occurrence(text, "aaa") == (0, 3)
    assert find_occurrence(text, "aaa", 2) == (3, 6)  # counted without overlap
    assert find_occurrence(text, "aaa", 3) is None
    assert find_occurrence(text, "missing") is None
    assert find_occurrence(text, "aaa", 0) is None
    assert find_occurrence(text, "   ") is None
    assert find_occurrence(text, "") is None
    # Typed on one line, across the blank line between paragraphs: the true span comes back.
    span = find_occurrence(text, "here. Next paragraph")
    assert span is not None
    assert text[span[0] : span[1]] == "here.\n\nNext paragraph"
    # Straight quotes and hyphens typed for typographic ones; stray spaces at the edges.
    span = find_occurrence(text, ' It\'s "quoted" - here ')
    assert span is not None
    assert text[span[0] : span[1]] == "It’s “quoted” — here"


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("", Anchor(0, 3, "abc", "", "")),
        ("abc", Anchor(0, 0, "", "", "")),
        ("abc", Anchor(-5, -2, "abc", "x", "y")),
        ("abc", Anchor(10, 2, "bc", "", "")),
        ("short", Anchor(0, 40, "a much longer quote than the text is", "", "")),
        ("   \n\n  ", Anchor(0, 2, "  ", "", "")),
        ("text text text", Anchor(2**40, 2**41, "text", "", "")),
        ("aaaaaaaaaaaa", Anchor(1, 11, "aaaaaaaaab", "a", "a")),
    ],
)
def test_never_raises(text: str, anchor: Anchor) -> None:
    for old in (None, "", "something else\n\nentirely", text):
        result = reanchor(text, anchor, old_text=old)
        if result.anchor is not None:
            a = result.anchor
            assert text[a.start : a.end] == a.exact != ""
        else:
            assert result.status == "orphaned"
