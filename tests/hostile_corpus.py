"""The bad and hostile input corpus of issue 14, generated on disk (nothing binary is checked in).

Each `Case` writes one entry (a file, a symlink, a folder) and says what importing it must give:
``ok`` (an article, whose text contains ``words``), ``fail`` (a one-line reason matching
``reason``) or ``either``. Cases marked ``big`` take their size from ``full``: the normal suite
runs them reduced, ``MARGIN_HOSTILE_FULL=1`` (and `tests/benchmarks/bench_hostile.py`) at the
sizes the issue names. The XSS vectors are in `tests.xss_vectors`.
"""

from __future__ import annotations

import codecs
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reader.ingest.sniff import EXTENSIONS

FULL = os.environ.get("MARGIN_HOSTILE_FULL") == "1"
Expect = Literal["ok", "fail", "either"]

PROSE = (
    "The harbour town woke slowly under a low grey sky, and the fishing boats came in one by one "
    "with their nets folded and their decks washed clean. Nobody on the quay seemed in a hurry, "
    "and the gulls had the morning to themselves until the market opened at nine."
)
WORDS = ("harbour", "gulls", "market")


@dataclass(frozen=True)
class Case:
    name: str  # the entry's name in the corpus folder
    build: Callable[[Path, bool], None]  # (path to create, full size?) -> writes it
    expect: Expect
    reason: str = ""  # regex for the failure reason
    words: tuple[str, ...] = ()  # words an imported article's text must contain
    big: bool = False  # slow at full size: reduced in the normal suite
    listed: bool = True  # the import prints a line for it (a symlink loop is skipped silently)


def _bytes(data: bytes) -> Callable[[Path, bool], None]:
    return lambda path, _full: path.write_bytes(data)


def _text(text: str, encoding: str = "utf-8") -> Callable[[Path, bool], None]:
    return _bytes(text.encode(encoding))


def _sized(make: Callable[[bool], bytes]) -> Callable[[Path, bool], None]:
    return lambda path, full: path.write_bytes(make(full))


def page(body: str, head: str = "<title>Harbour morning</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


ARTICLE_HTML = f"<article><h1>Harbour morning</h1><p>{PROSE}</p><p>{PROSE}</p></article>"
MARKDOWN = f"# Harbour morning\n\n{PROSE}\n\n## Later\n\n{PROSE}\n"


def _random(seed: int, n: int, alphabet: bytes | None = None) -> bytes:
    rng = random.Random(seed)
    if alphabet is None:
        return rng.randbytes(n)
    return bytes(rng.choice(alphabet) for _ in range(n))


def _fifo(path: Path, _full: bool) -> None:
    target = path.parent.parent / f"{path.name}.target"
    os.mkfifo(target)
    path.symlink_to(target)


def _symlink(target: str) -> Callable[[Path, bool], None]:
    return lambda path, _full: path.symlink_to(target)


def _loop(path: Path, _full: bool) -> None:
    path.mkdir()
    (path / "inner.md").write_text(MARKDOWN + "\nInside a folder with a loop.\n")
    (path / "back").symlink_to("..", target_is_directory=True)
    (path / "self").symlink_to(".", target_is_directory=True)


def _nested_md_quotes(full: bool) -> bytes:
    n = 10_000 if full else 1_500
    lines = [f"{'>' * i} {PROSE[: 40 + i % 40]}" for i in range(1, n + 1, 1 if full else 7)]
    return ("# Quotes\n\n" + "\n".join(lines) + "\n\nThe harbour gulls market end.\n").encode()


def _unclosed_formatting(full: bool) -> bytes:
    items = "".join(
        f"<p><b><i><font>{PROSE} <a href='http://e.example/{i}'>link {i}</a>"
        for i in range(3000 if full else 800)  # libxml2 nests 3-4 levels per item
    )
    return page(f"<article><h1>Harbour morning</h1>{items}").encode()


def _nested_md_lists(full: bool) -> bytes:
    items = "".join("  " * i + f"- {PROSE[:30]} {i}\n" for i in range(3000 if full else 400))
    return f"{items}\n{PROSE}\n".encode()


def _md_brackets(full: bool) -> bytes:
    n = 200_000 if full else 4_000
    return ("[" * n + PROSE + "]" * n + "\n").encode()


def _reference_bomb(full: bool) -> bytes:
    uses = "[the harbour][r] " * (50_000 if full else 5_000)
    return f"{PROSE}\n\n{uses}\n\n[r]: http://e.example/{'a' * 2000}\n".encode()


def _cases() -> list[Case]:
    cases: list[Case] = []
    add = cases.append
    # -- empty and degenerate -------------------------------------------------------------
    for ext in EXTENSIONS:
        add(Case(f"empty{ext}", _bytes(b""), "fail", "empty"))
    add(Case("whitespace.txt", _text(" \t\n\r\n   \n\f\n"), "fail", "empty"))
    add(Case("whitespace.md", _text("\u00a0\u2003 \n\u3000\n"), "fail", "empty|no words"))
    add(Case("bom-only.txt", _bytes(codecs.BOM_UTF8 + b"  \n"), "fail", "empty"))
    add(Case("tags-only.html", _text("<html><body><div></div></body></html>"), "fail", "no words"))
    add(Case("comment-only.html", _text("<!-- nothing --><html></html>"), "fail", "no words"))
    # -- random bytes with every supported extension -----------------------------------------
    for i, ext in enumerate(EXTENSIONS):
        add(Case(f"random{ext}", _bytes(_random(i, 4096)), "fail"))  # any one-line reason
    high = bytes(range(0x80, 0x100))
    add(Case("random-high.txt", _bytes(_random(99, 4096, high)), "either", "undecodable"))
    controls = bytes(range(1, 32))
    add(Case("random-controls.md", _bytes(_random(98, 4096, controls)), "fail", "binary"))
    # -- encodings -----------------------------------------------------------------------------
    text = PROSE + "\n\nCafé crème, naïve résumé — “quoted” in Zürich.\n"
    data = text.encode()
    accents = (*WORDS, "Café crème, naïve résumé")  # no mojibake
    add(Case("truncated-utf8.md", _bytes(data + "€".encode()[:2]), "ok", words=accents))
    add(Case("stray-ff.md", _bytes(data[:150] + b"\xff" + data[150:]), "ok", words=accents))
    add(Case("cut-in-half.txt", _bytes(data[: len(data) // 2 + 1]), "either", "no words"))
    for codec, bom in (
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
    ):
        add(Case(f"{codec}-bom.txt", _bytes(bom + text.encode(codec)), "ok", words=WORDS))
        add(Case(f"{codec}-nobom.md", _bytes(text.encode(codec)), "ok", words=WORDS))
    add(Case("utf16-odd-length.txt", _bytes(codecs.BOM_UTF16_LE + b"a\x00b"), "either"))
    wrong = '<meta charset="windows-1251">'
    add(
        Case(
            "declares-1251-is-utf8.html",
            _text(page(ARTICLE_HTML.replace("quay", "café quay"), wrong)),
            "ok",
            words=(*WORDS, "café"),
        )
    )
    add(
        Case(
            "declares-utf8-is-1252.html",
            _bytes(
                page(ARTICLE_HTML.replace("quay", "café"), '<meta charset="utf-8">').encode(
                    "cp1252"
                )
            ),
            "ok",
            words=(*WORDS, "café"),
        )
    )
    add(
        Case(
            "declares-nonsense.html",
            _text(page(ARTICLE_HTML, '<meta charset="x-foo-9">')),
            "ok",
            words=WORDS,
        )
    )
    add(Case("nul-inside.txt", _bytes(data[:100] + b"\x00" + data[100:]), "either", "binary"))
    add(Case("mz-start.txt", _text("MZ " + PROSE), "ok", words=WORDS))
    add(Case("id3-start.md", _text("ID3 tags, and " + PROSE), "ok", words=WORDS))
    add(Case("riff-start.txt", _text("RIFF " + PROSE), "ok", words=WORDS))
    # -- size and shape ----------------------------------------------------------------------
    add(
        Case(
            "single-line-50mb.txt",
            _sized(
                lambda full: (PROSE + " ").encode() * ((50_000_000 if full else 2_000_000) // 255)
            ),
            "ok",
            words=WORDS,
            big=True,
        )
    )
    add(
        Case(
            "one-char-lines.txt",
            _sized(lambda full: b"a\n" * (100_000 if full else 10_000)),
            "either",
            "no words|took too long",
            big=True,
        )
    )
    add(
        Case(
            "nested-50000.html",
            _sized(lambda full: page("<div>" * 50_000 + ARTICLE_HTML + "</div>" * 50_000).encode()),
            "ok",
            words=WORDS,
        )
    )
    add(
        Case(
            "nested-quotes-50000.html",
            _sized(
                lambda full: page(
                    "<blockquote>" * 50_000 + f"<p>{PROSE}</p>" + "</blockquote>" * 50_000
                ).encode()
            ),
            "ok",
            words=WORDS,
        )
    )
    add(
        Case(
            "nested-lists-20000.html",
            _sized(lambda full: page("<ul><li>" * 20_000 + PROSE + "</li></ul>" * 20_000).encode()),
            "ok",
            words=WORDS,
        )
    )
    add(
        Case(
            "unclosed-formatting.html",
            _sized(_unclosed_formatting),
            "ok",
            words=WORDS,
            big=True,
        )
    )
    add(
        Case(
            "unclosed-everything.html",
            # An unclosed <title> swallows the page in browsers too.
            _text(
                "<html><head><title>Harbour<body><article><p>"
                + PROSE
                + "<p>"
                + PROSE
                + "<table><tr><td>cell<ul><li>item<!-- never closed"
            ),
            "either",
            "no words",
        )
    )
    add(
        Case(
            "unclosed-script.html",
            _text(page(f"<p>{PROSE}</p><script>alert(1)")),
            "either",
            "no words",
            words=WORDS,
        )
    )
    for name, entity in (("named", "&lt;"), ("numeric", "&#60;"), ("hex", "&#x3C;"), ("bare", "&")):
        add(
            Case(
                f"entity-flood-{name}.html",
                _sized(
                    lambda full, e=entity: page(
                        f"<article><h1>Harbour morning</h1><p>{PROSE}</p><p>"
                        + e * (800_000 if full else 100_000)
                        + "</p></article>"
                    ).encode()
                ),
                "either",
                "no words",
                big=True,
            )
        )
    add(
        Case(
            "entity-flood.md",
            _sized(
                lambda full: (
                    MARKDOWN + "\n" + "&amp;" * (800_000 if full else 100_000) + "\n"
                ).encode()
            ),
            "ok",
            words=WORDS,
            big=True,
        )
    )
    add(
        Case(
            "ampersand-flood.txt",
            _sized(
                lambda full: (
                    PROSE + "\n\n" + "& " * (800_000 if full else 100_000) + "\n\n" + PROSE + "\n"
                ).encode()
            ),
            "either",
            "no words",
            big=True,
        )
    )
    add(Case("md-nested-quotes.md", _sized(_nested_md_quotes), "ok", words=WORDS, big=True))
    add(
        Case(
            "md-one-line-quotes.md",
            _text(">" * 10_000 + " " + PROSE + "\n\nAfter the quotes, the gulls and the market.\n"),
            "ok",
            words=WORDS,
        )
    )
    add(
        Case(
            "md-nested-lists.md",
            _sized(_nested_md_lists),
            "ok",
            words=WORDS,
            big=True,
        )
    )
    add(
        Case(
            "md-brackets.md", _sized(_md_brackets), "either", "took too long", words=WORDS, big=True
        )
    )
    add(
        Case(
            "md-emphasis-flood.md",
            _sized(
                lambda full: (PROSE + "\n\n" + "*a" * (400_000 if full else 10_000) + "\n").encode()
            ),
            "either",
            "took too long",
            big=True,
        )
    )
    add(
        Case(
            "md-links-one-paragraph.md",
            _sized(
                lambda full: (
                    PROSE
                    + "\n\n"
                    + "".join(
                        f"[w{i}](http://e.example/{i}) " for i in range(100_000 if full else 3_000)
                    )
                    + "\n"
                ).encode()
            ),
            "ok",
            words=WORDS,
            big=True,
        )
    )
    add(
        Case(
            "md-reference-bomb.md",
            _sized(_reference_bomb),
            "either",
            "times the file's size",
            words=WORDS,
            big=True,
        )
    )
    add(
        Case(
            "html-links-one-paragraph.html",
            _sized(
                lambda full: page(
                    f"<article><h1>Harbour morning</h1><p>{PROSE}</p><p>"
                    + "".join(
                        f"<a href='http://e.example/{i}'>w{i}</a> "
                        for i in range(100_000 if full else 3_000)
                    )
                    + "</p></article>"
                ).encode()
            ),
            "ok",
            words=WORDS,
            big=True,
        )
    )
    add(
        Case(
            "many-paragraphs.html",
            _sized(
                lambda full: page(
                    "<article><h1>Harbour morning</h1>"
                    + "".join(f"<p>{i}: {PROSE}</p>" for i in range(40_000 if full else 3_100))
                    + "</article>"
                ).encode()
            ),
            "ok",
            words=WORDS,
            big=True,
        )
    )
    add(
        Case(
            "billion-laughs.xhtml",
            _text(
                '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "harbour gulls market "><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><html xmlns="http://www.w3.org/1999/xhtml"><body><p>'
                + PROSE
                + "</p><p>&e;&e;&e;&e;&e;&e;&e;&e;</p></body></html>"
            ),
            "ok",
            words=WORDS,
        )
    )
    add(
        Case(
            "long-word.txt",
            _sized(
                lambda full: (
                    PROSE + "\n\n" + "x" * (5_000_000 if full else 500_000) + "\n"
                ).encode()
            ),
            "either",
            big=True,
        )
    )
    add(
        Case(
            "control-characters.md",
            _text(MARKDOWN.replace(" ", "\u2028 ", 3).replace("gulls", "gu\u200bl\ufeffls\u202e")),
            "ok",
            words=("harbour", "market"),
        )
    )
    add(Case("html-in-txt.txt", _text(page(ARTICLE_HTML)), "ok", words=WORDS))
    add(Case("no-extension", _text(MARKDOWN + "\nNo extension.\n"), "ok", words=WORDS))
    add(Case("upper-ext.MD", _text(MARKDOWN + "\nUpper case extension.\n"), "ok", words=WORDS))
    add(Case("unsupported.exe", _text(PROSE), "fail", "unsupported"))
    # -- the file system -------------------------------------------------------------------
    add(Case("loop-dir", _loop, "ok", listed=False))
    add(Case("fifo-link.txt", _fifo, "fail", "not a regular file"))
    add(Case("dev-zero-link.txt", _symlink("/dev/zero"), "fail", "not a regular file"))
    add(Case("dangling-link.md", _symlink("/nonexistent/margin/article.md"), "fail", "not found"))
    add(Case("dir-named.txt", lambda p, _f: p.mkdir(), "ok", listed=False))
    return cases


CASES: list[Case] = _cases()


def build(root: Path, cases: list[Case] | None = None, full: bool = FULL) -> Path:
    """Write the corpus into ``root/corpus`` (symlink targets go next to it); returns the folder."""
    folder = root / "corpus"
    folder.mkdir(parents=True)
    for case in cases if cases is not None else CASES:
        case.build(folder / case.name, full)
    return folder
