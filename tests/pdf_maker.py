"""Small real PDFs for the tests, laid out with fpdf2 (a test-only dependency).

`printed_article` imitates a browser's "Print → Save as PDF" of an article page: a header with
the print date and the page title, a footer with the address and "n/N", a large bold headline,
wrapped paragraphs, a bold section heading, a site menu and footer. The texts are made up.
"""

from __future__ import annotations

import functools

from fpdf import FPDF

TITLE = "Night Trains Return to Europe"
HEADING = "Why travellers are choosing sleepers"
URL = "https://rail.example.org/2026/night-trains-return"
PARAGRAPHS = [
    "Sleeper trains are coming back to European timetables after two decades of decline. "
    "Operators that cut their overnight services in the early years of cheap flights now find "
    "that a bed on a train can fill a carriage again, and new routes open every season.",
    "The revival began on a handful of long routes, where an evening departure and a morning "
    "arrival in a city centre beat a day lost to airports. Ticket sales on those routes grew "
    "steadily, and the rolling stock that had been parked in sidings was refurbished.",
    "Travellers say they want to avoid short flights, and they like arriving rested. Families "
    "book whole compartments, and business travellers use the evening to work in quiet.",
    "Not every route pays its way yet. Track access charges differ from one country to the "
    "next, and a night train crosses several of them before breakfast is served.",
]
MENU = ["Home", "Timetables", "Tickets", "Newsletter"]
FOOTER_LINES = ["Privacy policy", "Contact us", "© 2026 Rail Weekly"]


def _pdf() -> FPDF:
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_auto_page_break(False)
    pdf.set_margins(56, 40, 56)
    return pdf


def _furniture(pdf: FPDF, page: int, pages: int) -> None:
    """The browser's header and footer, in the page margins."""
    pdf.set_font("Helvetica", "", 8)
    pdf.set_xy(20, 12)
    pdf.cell(text="11/28/26, 8:31 AM")
    pdf.set_xy(230, 12)
    pdf.cell(text=f"{TITLE} - Rail Weekly")
    pdf.set_xy(20, 820)
    pdf.cell(text=URL)
    pdf.set_xy(545, 820)
    pdf.cell(text=f"{page}/{pages}")


@functools.cache
def printed_article() -> bytes:
    """Two pages: menu, headline, paragraphs, a heading, more paragraphs, the site's footer."""
    pdf = _pdf()
    pdf.add_page()
    _furniture(pdf, 1, 2)
    pdf.set_font("Helvetica", "", 10)
    pdf.set_xy(56, 50)
    for item in MENU:
        pdf.set_x(56)
        pdf.cell(text=item, new_x="LMARGIN", new_y="NEXT", h=13)
    pdf.set_xy(56, 130)
    pdf.set_font("Helvetica", "B", 24)
    pdf.multi_cell(w=480, h=28, text=TITLE)
    pdf.ln(14)
    pdf.set_font("Helvetica", "", 11)
    for text in PARAGRAPHS[:2]:
        pdf.multi_cell(w=480, h=14, text=text)
        pdf.ln(11)
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(w=480, h=18, text=HEADING)
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(w=480, h=14, text=PARAGRAPHS[2])
    pdf.add_page()
    _furniture(pdf, 2, 2)
    pdf.set_xy(56, 50)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(w=480, h=14, text=PARAGRAPHS[3])
    pdf.ln(30)
    pdf.set_font("Helvetica", "", 9)
    for item in FOOTER_LINES:
        pdf.set_x(56)
        pdf.cell(text=item, new_x="LMARGIN", new_y="NEXT", h=12)
    pdf.set_title(f"{TITLE} - Rail Weekly")
    return bytes(pdf.output())


def lines_pdf(lines: list[str], *, size: float = 11, width: float = 0) -> bytes:
    """One page with the given lines set one under the other (exactly as given)."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "", size)
    pdf.set_xy(56, 60)
    for line in lines:
        pdf.set_x(56)
        pdf.cell(w=width, text=line, new_x="LMARGIN", new_y="NEXT", h=size * 1.3)
    return bytes(pdf.output())


def two_column_rows(left: list[str], right: list[str]) -> bytes:
    """Two columns written row by row (left line, right line, ...), as some producers do."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    y = 60.0
    for a, b in zip(left, right, strict=True):
        pdf.set_xy(40, y)
        pdf.cell(text=a)
        pdf.set_xy(310, y)
        pdf.cell(text=b)
        y += 13
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    """A "scan": one page holding a picture and no text."""
    from PIL import Image

    pdf = _pdf()
    pdf.add_page()
    pdf.image(Image.new("RGB", (60, 80), (200, 200, 190)), x=50, y=50, w=300)
    return bytes(pdf.output())


def encrypted_pdf(user_password: str = "secret") -> bytes:
    pdf = _pdf()
    pdf.set_encryption(owner_password="owner", user_password=user_password)
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    pdf.set_xy(56, 60)
    pdf.cell(text="A private article that needs a password to read.")
    return bytes(pdf.output())


def article_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A plain one-column article: a bold headline, then wrapped paragraphs."""
    pdf = _pdf()
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 22)
    pdf.multi_cell(w=480, h=26, text=title)
    pdf.ln(12)
    pdf.set_font("Helvetica", "", 11)
    for text in paragraphs:
        pdf.multi_cell(w=480, h=14, text=text)
        pdf.ln(10)
    return bytes(pdf.output())
