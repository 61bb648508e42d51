"""The reader's layout of a document (kept text, removed text shown or as markers, tables), checked
against a model of the Qt blocks it produces: every character of the plain text lands on itself,
whatever is shown between the kept blocks. No Qt is imported here."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.article_layout import Slot, layout, marker_text, match_slots
from reader.document import Block, Document, Removed, table_block
from reader.positions import PositionMap, as_unit, utf16_len

TEXT = st.text(alphabet=st.sampled_from("ab cé中😀|-."), min_size=1, max_size=12).filter(
    lambda t: t.strip()
)


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    kind = draw(st.sampled_from(["paragraph", "heading", "list_item", "pre", "table", "quote"]))
    if kind == "table":
        rows = draw(
            st.lists(st.lists(TEXT | st.just(""), min_size=2, max_size=3), min_size=1, max_size=3)
        )
        return table_block(rows, draw(st.booleans()))
    if kind == "pre":
        return Block("pre", "\n".join(draw(st.lists(TEXT, min_size=1, max_size=3))))
    return Block(kind, draw(TEXT), level=1 if kind != "heading" else 2)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    kept = draw(st.lists(blocks(), max_size=6))
    removed = [
        Removed(draw(st.integers(0, len(kept))), b, draw(st.sampled_from(["menu", ""])))
        for b in draw(st.lists(blocks(), max_size=5))
    ]
    return Document(title=draw(st.sampled_from(["", "Title 😀"])), blocks=kept, removed=removed)


def qt_blocks(slots: list[Slot]) -> tuple[list[str], list[int]]:
    """What the view holds: the chrome line, then one block per slot (Qt adds an empty block
    after a table that ends the document, which the matcher must skip)."""
    texts = ["chrome", *(s.text for s in slots), ""]
    positions, pos = [], 0
    for text in texts:
        positions.append(pos)
        pos += utf16_len(text) + 1
    return texts, positions


@settings(max_examples=150, deadline=None)
@given(documents(), st.booleans(), st.sets(st.integers(0, 5), max_size=2))
def test_every_character_lands_on_itself(doc: Document, shown: bool, expanded: set[int]) -> None:
    plan = layout(doc, show_removed=shown, expanded=frozenset(expanded))
    texts, positions = qt_blocks(plan.slots)
    found = match_slots(plan.slots, texts[1:])
    assert found == list(range(len(plan.slots)))
    starts = [
        positions[1 + q] for q, s in zip(found, plan.slots, strict=True) if s.unit is not None
    ]
    pmap = PositionMap(plan.units, starts)
    plain = doc.plain_text()
    assert pmap.length == len(plain)
    raw = "\u2029".join(texts).encode("utf-16-le")
    visible: set[int] = set()  # code points inside a Qt block (not a separator between them)
    base = 0
    for unit in map(as_unit, plan.units):
        for offset, segment in unit.segments:
            visible.update(range(base + offset, base + offset + len(segment)))
        base += len(unit.text) + 2
    for cp, ch in enumerate(plain):
        if cp not in visible:
            continue  # a line break or " | " between table cells: no place of its own in Qt
        pos = pmap.to_qt(cp)
        at = raw[2 * pos : 2 * pos + (4 if ord(ch) > 0xFFFF else 2)].decode("utf-16-le")
        assert at == ch, (cp, ch)
        assert pmap.from_qt(pos) == cp
    # Removed blocks are in the view exactly when shown (or their run expanded); else markers.
    runs = len(plan.runs)
    markers = [s for s in plan.slots if s.run is not None]
    shown_runs = set(range(runs)) if shown else {r for r in expanded if r < runs}
    assert {s.run for s in markers} == set(range(runs)) - shown_runs
    for s in markers:
        assert s.text == marker_text(len(plan.runs[s.run or 0]))


def test_a_view_that_is_not_the_plan_is_refused() -> None:
    slots = [Slot("a", unit=0), Slot("b", unit=1)]
    assert match_slots(slots, ["a", "", "b", ""]) == [0, 2]
    assert match_slots(slots, ["a", "x", "b"]) is None
    assert match_slots(slots, ["a"]) is None
