"""PDF text layers on real PDFs made in the test: reflow, furniture, structure, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ingest import IngestError, clean_file
from reader.ingest.pdf import extract_pdf, pdf_text
from reader.ingest.pdf.furniture import furniture_shape
from tests import pdf_maker
from tests.pdf_maker import HEADING, MENU, PARAGRAPHS, TITLE, URL


def test_printed_article_becomes_a_structured_document() -> None:
    doc = extract_pdf(pdf_maker.printed_article())
    assert doc.title == TITLE
    texts = [b.text for b in doc.blocks]
    for paragraph in PARAGRAPHS:
        assert paragraph in texts  # wrapped lines joined, across the page break too
    heading = next(b for b in doc.blocks if b.text == HEADING)
    assert heading.kind == "heading"
    assert heading.level == 2
    assert all(b.kind == "paragraph" for b in doc.blocks if b.text in PARAGRAPHS)


def test_running_headers_and_footers_are_gone() -> None:
    text = pdf_text(pdf_maker.printed_article()).text
    assert "8:31 AM" not in text
    assert URL not in text
    assert "1/2" not in text
    assert "2/2" not in text
    assert f"{TITLE} - Rail Weekly" not in text


def test_reflowed_text_separates_prose_by_blank_lines_and_menus_by_line_breaks() -> None:
    text = pdf_text(pdf_maker.printed_article()).text
    assert "\n".join(MENU) in text
    assert f"\n\n{PARAGRAPHS[0]}\n\n" in text


def test_title_hint_prefers_the_headline_that_agrees_with_the_metadata() -> None:
    assert pdf_text(pdf_maker.printed_article()).title == TITLE


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        # "information" is a word of this document: the break was hyphenation.
        (
            ["Readers want information about routes and the infor-", "mation arrives late."],
            "Readers want information about routes and the information arrives late.",
        ),
        # "wellknown" is not: the hyphen belongs to the word.
        (
            ["The route is a well known one, and it became well-", "known again this winter."],
            "The route is a well known one, and it became well-known again this winter.",
        ),
    ],
)
def test_line_end_hyphens_are_undone_only_for_words_of_the_document(
    lines: list[str], joined: str
) -> None:
    paras = pdf_text(pdf_maker.lines_pdf(lines, width=300)).paragraphs
    assert [p.text for p in paras] == [joined]


def test_short_lines_stay_apart() -> None:
    lines = ["Home", "Timetables", "Tickets", "", PARAGRAPHS[3]]
    paras = pdf_text(pdf_maker.lines_pdf(lines)).paragraphs
    assert [p.text for p in paras] == ["Home", "Timetables", "Tickets", PARAGRAPHS[3]]


def test_columns_written_row_by_row_are_read_column_by_column() -> None:
    left = [f"left column line {i} of the first story here" for i in range(6)]
    right = [f"right column line {i} of the second story" for i in range(6)]
    lines = pdf_text(pdf_maker.two_column_rows(left, right)).text
    assert lines.index("left column line 5") < lines.index("right column line 0")


def test_a_scan_fails_with_a_clear_reason() -> None:
    with pytest.raises(
        IngestError, match=r"^no text layer \(scanned PDF\?\); OCR is not supported$"
    ):
        extract_pdf(pdf_maker.image_only_pdf())


def test_an_encrypted_pdf_says_so() -> None:
    with pytest.raises(IngestError, match="encrypted PDF"):
        extract_pdf(pdf_maker.encrypted_pdf())


def test_a_damaged_pdf_says_so() -> None:
    with pytest.raises(IngestError, match="damaged or unreadable PDF"):
        extract_pdf(b"%PDF-1.7\nthis is not a real PDF body\n")


def test_a_pdf_named_html_is_read_as_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.html"
    path.write_bytes(pdf_maker.printed_article())
    cleaned = clean_file(path)
    assert cleaned.format == "pdf"
    assert cleaned.document.title == TITLE


def test_a_pdf_named_pdf_that_holds_html_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "page.pdf"
    path.write_text(
        "<!DOCTYPE html><html><head><title>A page</title></head><body><article>"
        + "<p>A paragraph of the article with enough words to be kept.</p>" * 5
        + "</article></body></html>",
        encoding="utf-8",
    )
    assert clean_file(path).format == "html"


@pytest.mark.parametrize(
    ("text", "furniture"),
    [
        ("1/12", True),
        ("Page 3 of 9", True),
        ("- 4 -", True),
        ("11/28/26, 8:31 AM", True),
        ("2026-11-28 08:31", True),
        ("https://example.org/a/b?c=1", True),
        ("Night trains are back", False),
        ("In 2019, 12 routes reopened.", False),
    ],
)
def test_margin_furniture_shapes(text: str, furniture: bool) -> None:
    assert furniture_shape(text) is furniture
