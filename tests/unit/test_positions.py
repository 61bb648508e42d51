"""Code points <-> Qt positions, checked against a model of the view built independently.

The model is what the view's QTextDocument holds: some chrome blocks, then the article's blocks,
joined by one separator each, indexed in UTF-16 code units. A position is right when the model
shows, at ``to_qt(cp)``, the character the plain text has at ``cp``. No Qt is imported here.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.document import Block, Document
from reader.positions import (
    PositionMap,
    cp_to_utf16,
    qt_block_count,
    utf16_len,
    utf16_to_cp,
)

QT_SEP = "\u2029"  # what QTextDocument.toRawText() shows between blocks
CHROME = ["Example site · 5 min read", "by Someone 😀"]  # the meta line(s) before the article


class QtModel:
    """The QTextDocument text as UTF-16 units, and each article block's position."""

    def __init__(self, units: list[str], chrome: list[str] = CHROME) -> None:
        blocks = list(chrome)
        for unit in units:
            blocks.extend(unit.split("\n"))
        self.raw = QT_SEP.join(blocks).encode("utf-16-le")
        self.positions: list[int] = []
        pos = 0
        for i, block in enumerate(blocks):
            if i >= len(chrome):
                self.positions.append(pos)
            pos += sum(2 if ord(c) > 0xFFFF else 1 for c in block) + 1
        self.length = pos - 1

    def char_at(self, pos: int) -> str:
        """The character starting at UTF-16 position ``pos``."""
        unit = int.from_bytes(self.raw[2 * pos : 2 * pos + 2], "little")
        width = 4 if 0xD800 <= unit < 0xDC00 else 2
        return self.raw[2 * pos : 2 * pos + width].decode("utf-16-le")


def rich_document() -> Document:
    return Document(
        title="Émoji 😀 and 中文 in the title",
        blocks=[
            Block("paragraph", "Family 👨‍👩‍👧 and flag 🇺🇦 then text."),
            Block("heading", "漢字とかな 𠀀𠀁 (astral CJK)", level=2),
            Block("list_item", "café with e\u0301 combining, ñ and n\u0303", level=1),
            Block("list_item", "nested item 🎉🎉", level=2, ordered=True),
            Block("quote", "עברית מימין לשמאל, and العربية من اليمين"),
            Block("pre", "def f():\n\n    return '🐍'\n\n\nend"),
            Block("caption", "x"),
            Block("paragraph", "Last paragraph."),
        ],
    )


def check_every_character(units: list[str], chrome: list[str] = CHROME) -> None:
    model = QtModel(units, chrome)
    pmap = PositionMap(units, model.positions)
    plain = "\n\n".join(units)
    assert pmap.length == len(plain)
    for cp, ch in enumerate(plain):
        if ch == "\n":
            continue
        pos = pmap.to_qt(cp)
        assert model.char_at(pos) == ch, (cp, ch)
        assert pmap.from_qt(pos) == cp


def test_every_character_of_a_rich_document_lands_on_itself() -> None:
    check_every_character(rich_document().texts())


def test_pre_lines_and_blank_lines_are_blocks_of_their_own() -> None:
    units = rich_document().texts()
    pre = next(u for u in units if u.startswith("def f"))
    assert pre.count("\n") == 5
    assert qt_block_count(units) == len(units) + 5
    model = QtModel(units)
    pmap = PositionMap(units, model.positions)
    plain = "\n\n".join(units)
    start = plain.index(pre)
    # The newline inside pre is the Qt block separator: one code point, one position.
    for i, ch in enumerate(pre):
        if ch == "\n":
            assert pmap.to_qt(start + i + 1) == pmap.to_qt(start + i) + 1
    # An empty line is an (empty) block: its start and end are the same position.
    blank = start + pre.index("\n\n") + 1
    assert pmap.from_qt(pmap.to_qt(blank)) == blank


def test_emoji_surrogates_and_zwj_sequences() -> None:
    units = ["a😀b", "👨‍👩‍👧!"]
    pmap = PositionMap(units, [10, 15])
    assert [pmap.to_qt(cp) for cp in range(4)] == [10, 11, 13, 14]
    # Inside the surrogate pair snaps to the emoji's start.
    assert pmap.from_qt(12) == 1
    # ZWJ family: man (2 units), ZWJ (1), woman (2), ZWJ (1), girl (2), "!"
    assert [pmap.to_qt(5 + i) for i in range(7)] == [15, 17, 18, 20, 21, 23, 24]
    assert pmap.span_to_qt(5, 10) == (15, 23)
    assert pmap.span_from_qt(15, 23) == (5, 10)


def test_combining_accents_and_rtl_count_code_points() -> None:
    units = ["e\u0301te\u0301", "שלום עולם", "مرحبا"]
    check_every_character(units)
    pmap = PositionMap.for_units(units, 0)
    # No astral characters: code points and UTF-16 units coincide inside each block.
    assert pmap.to_qt(5) == 5
    assert pmap.to_qt(len(units[0]) + 2) == len(units[0]) + 1  # next block, one separator
    hebrew = len(units[0]) + 2
    assert pmap.span_to_qt(hebrew, hebrew + 4) == (6, 10)


def test_separator_snapping() -> None:
    units = ["ab", "cd"]  # plain "ab\n\ncd": cp 2 = end of "ab", 3 = between, 4 = "c"
    pmap = PositionMap(units, [100, 103])
    assert pmap.to_qt(2) == 102
    assert pmap.to_qt(3) == 102  # the middle of the separator: end of the previous block
    assert pmap.to_qt(4) == 103
    assert pmap.span_to_qt(3, 6) == (103, 105)  # a start there moves to the next block
    assert pmap.span_to_qt(0, 3) == (100, 102)  # an end there stays on the previous one
    assert pmap.span_to_qt(3, 3) == (103, 103)  # never inverted
    assert pmap.span_to_qt(0, 6) == (100, 105)  # across blocks
    assert pmap.span_from_qt(105, 101) == (1, 6)  # a backwards selection


def test_positions_outside_the_article_snap_and_clamp() -> None:
    units = ["ab", "cd"]
    pmap = PositionMap(units, [100, 105])  # extra positions between blocks are tolerated
    assert pmap.from_qt(0) == 0  # the chrome
    assert pmap.from_qt(99) == 0
    assert pmap.from_qt(103) == 2  # between blocks: end of the previous block
    assert pmap.from_qt(104) == 2
    assert pmap.from_qt(105) == 4
    assert pmap.from_qt(10_000) == 6  # after the article
    assert pmap.to_qt(-5) == 100
    assert pmap.to_qt(99) == 107


def test_inconsistent_block_positions_are_refused() -> None:
    units = ["abc", "x\ny"]
    with pytest.raises(ValueError, match="3 Qt blocks"):
        PositionMap(units, [0, 4])
    with pytest.raises(ValueError, match="inside block 0"):
        PositionMap(units, [0, 3, 5])
    PositionMap(units, [0, 4, 6])


def test_empty_article() -> None:
    pmap = PositionMap([], [])
    assert (pmap.to_qt(0), pmap.from_qt(7), pmap.length) == (0, 0, 0)
    assert pmap.span_to_qt(0, 3) == (0, 0)


def test_utf16_helpers() -> None:
    s = "a😀b𠀀"
    assert utf16_len(s) == 6
    assert [cp_to_utf16(s, i) for i in range(5)] == [0, 1, 3, 4, 6]
    assert [utf16_to_cp(s, u) for u in range(7)] == [0, 1, 1, 2, 3, 3, 4]
    assert cp_to_utf16(s, 99) == 6
    assert utf16_to_cp(s, -1) == 0


# -- properties ---------------------------------------------------------------------------------

_chars = st.characters(exclude_categories=("Cs",))
_inline = st.text(_chars, min_size=1, max_size=30)
_pre = st.lists(st.text(_chars, max_size=12), min_size=1, max_size=5).map("\n".join)
_blocks = st.lists(
    st.one_of(_inline.map(lambda t: Block("paragraph", t)), _pre.map(lambda t: Block("pre", t))),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(title=st.text(_chars, max_size=20), blocks=_blocks, chrome=st.integers(0, 3))
def test_round_trips(title: str, blocks: list[Block], chrome: int) -> None:
    units = Document(title=title, blocks=blocks).texts()  # the model's own normalisation
    model = QtModel(units, CHROME[:chrome] + ["🙂"] * max(chrome - 2, 0))
    pmap = PositionMap(units, model.positions)
    plain = "\n\n".join(units)
    for cp in range(len(plain) + 1):
        in_separator = 0 < cp < len(plain) and plain[cp - 1 : cp + 1] == "\n\n"
        if not in_separator:
            assert pmap.from_qt(pmap.to_qt(cp)) == cp
        if cp < len(plain) and plain[cp] != "\n":
            assert model.char_at(pmap.to_qt(cp)) == plain[cp]
    first = model.positions[0] if model.positions else model.length + 1
    for pos in range(first, model.length + 1):
        unit = int.from_bytes(model.raw[2 * pos - 2 : 2 * pos], "little") if pos else 0
        if not 0xD800 <= unit < 0xDC00:  # not inside a surrogate pair
            assert pmap.to_qt(pmap.from_qt(pos)) == pos


@settings(max_examples=150, deadline=None)
@given(s=st.text(_chars, max_size=40), data=st.data())
def test_utf16_offsets_round_trip(s: str, data: st.DataObject) -> None:
    cp = data.draw(st.integers(0, len(s)))
    u = cp_to_utf16(s, cp)
    assert u == sum(2 if ord(c) > 0xFFFF else 1 for c in s[:cp])
    assert utf16_to_cp(s, u) == cp
