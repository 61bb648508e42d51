"""Table blocks in all three forms (HTML table, Markdown pipe table, one plain-text line per row),
from both extractors that find tables, and the position map over their cells."""

from __future__ import annotations

from reader.document import Block, Document, table_block
from reader.ingest.html_page import extract_html
from reader.ingest.markdown import parse_markdown
from reader.positions import PositionMap, qt_block_count

ROWS = (("Team", "Played", "Points"), ("Harbour FC", "12", "28"), ("North | End", "12", ""))


def doc_with_table() -> Document:
    return Document(
        title="League",
        blocks=[Block("paragraph", "Before the table."), table_block(ROWS, header=True)],
    )


def test_plain_text_has_one_line_per_row_with_cells_separated() -> None:
    doc = doc_with_table()
    assert doc.plain_text() == (
        "League\n\nBefore the table.\n\n"
        "Team | Played | Points\nHarbour FC | 12 | 28\nNorth | End | 12 | "
    )
    assert doc.to_text().endswith("Harbour FC | 12 | 28\nNorth | End | 12 | \n")


def test_html_is_a_table_with_a_header_row() -> None:
    html = doc_with_table().to_html()
    assert "<table><tr><th>Team</th><th>Played</th><th>Points</th></tr>" in html
    assert "<tr><td>North | End</td><td>12</td><td></td></tr></table>" in html


def test_markdown_is_a_pipe_table_that_parses_back_to_the_same_cells() -> None:
    md = doc_with_table().to_markdown()
    assert "| Team | Played | Points |\n| --- | --- | --- |\n| Harbour FC | 12 | 28 |" in md
    assert "| North \\| End | 12 |   |" in md
    back = parse_markdown(md)
    table = next(b for b in back.blocks if b.kind == "table")
    assert table.rows == ROWS


def test_rows_are_normalised_padded_and_survive_json() -> None:
    block = table_block([["  a\n b ", "c"], [], ["", ""], ["d"]])
    assert block.rows == (("a b", "c"), ("d", ""))
    assert block.text == "a b | c\nd | "
    doc = Document(title="T", blocks=[block])
    again = Document.from_json(doc.to_json())
    assert again.blocks == doc.blocks
    assert again.plain_text() == doc.plain_text()


def test_position_map_puts_every_cell_character_on_its_qt_cell() -> None:
    doc = doc_with_table()
    units = doc.qt_units()
    # The view: a chrome block, the title, the paragraph, then one Qt block per cell.
    qt_texts = ["meta", doc.title, "Before the table.", *(c for row in ROWS for c in row)]
    assert qt_block_count(units) == len(qt_texts) - 1
    positions, pos = [], 0
    for text in qt_texts:
        positions.append(pos)
        pos += len(text) + 1
    raw = "\u2029".join(qt_texts)
    pmap = PositionMap(units, positions[1:])
    plain = doc.plain_text()
    table_start = plain.index("Team")
    for row_i, row in enumerate(ROWS):
        line_start = table_start + sum(len(" | ".join(r)) + 1 for r in ROWS[:row_i])
        offset = 0
        for cell in row:
            for k, ch in enumerate(cell):
                cp = line_start + offset + k
                assert plain[cp] == ch
                assert raw[pmap.to_qt(cp)] == ch
                assert pmap.from_qt(pmap.to_qt(cp)) == cp
            offset += len(cell) + 3
    # A highlight across two cells keeps to the cells' text at both ends.
    start = plain.index("FC")
    end = plain.index("28") + 2
    a, b = pmap.span_to_qt(start, end)
    assert raw[a:b].split("\u2029") == ["FC", "12", "28"]


PAGE = """<!doctype html><html><head><title>Tide tables | Coast</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>Tide tables</h1>
<p>The tides this week were higher than usual along the whole coast, as the table shows.</p>
<table><thead><tr><th>Place</th><th>High</th></tr></thead>
<tbody><tr><td>Bay <b>north</b></td><td>12 m</td></tr><tr><td>Point</td><td>9 m</td></tr></tbody>
</table>
<p>Harbour masters expect the same next week, and advise boats to stay in port at night.</p>
<p>More readings will follow as soon as the new gauges at the river mouth are working.</p>
<table><tr><td>Only one column</td></tr><tr><td>Second row of it</td></tr></table>
</article></body></html>"""


def test_html_data_tables_become_table_blocks_and_one_column_tables_paragraphs() -> None:
    doc = extract_html(PAGE)
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert [t.rows for t in tables] == [
        (("Place", "High"), ("Bay north", "12 m"), ("Point", "9 m"))
    ]
    assert tables[0].header
    texts = [b.text for b in doc.blocks]
    assert "Only one column" in texts
    assert "Second row of it" in texts


def test_html_layout_table_with_prose_in_a_cell_is_read_as_paragraphs() -> None:
    prose = " ".join(["The long story of the lighthouse keepers goes on."] * 12)
    page = PAGE.replace(
        "<table><tr><td>Only one column</td></tr>",
        f"<table><tr><td><p>{prose}</p></td><td>Side</td></tr>",
    )
    doc = extract_html(page)
    assert sum(b.kind == "table" for b in doc.blocks) == 1
    assert any(b.kind == "paragraph" and b.text.startswith("The long story") for b in doc.blocks)
