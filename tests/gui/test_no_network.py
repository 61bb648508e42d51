"""No network, ever: articles full of remote resources make no request when imported, read in the
real window, or drawn by the screenshot path.

A local HTTP server on 127.0.0.1 stands for the web: every resource of the test articles (images,
srcset, style sheets, @import, fonts, backgrounds, iframes, objects, scripts, prefetch and
preconnect hints, <base>, meta refresh, video posters) points at it. It counts every connection,
even one that never sends a request. At the end one request of our own is sent: the server is
single-threaded and answers connections in the order they arrived, so once ours is answered no
earlier one can still be pending, and the count before it must be zero.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.store import open_library
from reader.store.library import list_articles
from tests.conftest import ROOT
from tests.gui.conftest import PAGE_BODY, WindowFactory, drop_files

pytestmark = pytest.mark.gui


class _Server(HTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.paths: list[str] = []

    def verify_request(self, request: object, client_address: object) -> bool:
        self.connections += 1
        return True


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.paths.append(self.path)
        body = b"body{background:url(/css-bg.png)}" if self.path.endswith(".css") else b"x"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_HEAD = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def web() -> Iterator[_Server]:
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def requests_before_ours(server: _Server) -> list[str]:
    """Everything the server saw before a request of ours (which flushes the queue)."""
    seen = list(server.paths), server.connections
    host, port = server.server_address[:2]
    with urllib.request.urlopen(f"http://{host}:{port}/the-test-itself", timeout=30) as answer:
        assert answer.read() == b"x"
    assert server.paths[-1] == "/the-test-itself"
    assert server.connections == seen[1] + 1, "a connection that sent no request"
    return seen[0]


def _page(base: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PAGE_BODY)
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Remote everything</title>
<base href="{base}/base/">
<meta http-equiv="refresh" content="0;url={base}/refresh">
<link rel="stylesheet" href="{base}/style.css"><link rel="preload" href="{base}/preload.js" as="script">
<link rel="prefetch" href="{base}/prefetch"><link rel="dns-prefetch" href="{base}/dns">
<link rel="preconnect" href="{base}/preconnect"><link rel="icon" href="{base}/favicon.ico">
<style>@import url({base}/import.css); @font-face {{font-family: F; src: url({base}/font.woff2)}}
body {{background: url({base}/body-bg.png); font-family: F}}</style>
<script src="{base}/script.js"></script></head>
<body background="{base}/body-attr.png"><article><h1>Remote everything</h1>
<p><img src="{base}/img.png" alt="A picture of the night train at the platform"></p>
<picture><source srcset="{base}/source.webp"><img src="{base}/picture.png" srcset="{base}/a.png 1x, {base}/b.png 2x" alt="Another picture of the sleeping car"></picture>
{paragraphs}
<p style="background-image:url({base}/p-bg.png)">Styled <a href="{base}/link">link</a> <img src="relative.png"></p>
<iframe src="{base}/frame.html"></iframe><object data="{base}/object.swf"></object><embed src="{base}/embed.svg">
<video poster="{base}/poster.jpg" src="{base}/video.mp4"><track src="{base}/track.vtt"></video>
<audio src="{base}/audio.mp3"></audio><svg><image href="{base}/svg-image.png"/></svg>
<table background="{base}/table-bg.png"><tr><td>cell</td></tr></table>
</article></body></html>"""


def _markdown(base: str) -> str:
    return (
        f"# Remote markdown\n\n{PAGE_BODY[0]}\n\n![a remote picture of the harbour]({base}/md.png)\n\n"
        f'<img src="{base}/md-raw.png"> <iframe src="{base}/md-frame"></iframe>\n\n'
        f"[a link]({base}/md-link) and {PAGE_BODY[1]}\n\n<{base}/autolink>\n"
    )


def _files(folder: Path, base: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / "page.html", folder / "notes.md", folder / "dump.txt"]
    files[0].write_text(_page(base), "utf-8")
    files[1].write_text(_markdown(base), "utf-8")
    files[2].write_text(
        f"Remote text\n\n{PAGE_BODY[0]}\n\n{base}/in-a-text-dump.png\n\n{PAGE_BODY[1]}\n", "utf-8"
    )
    return files


def _margin(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


def test_import_reading_and_screenshots_make_no_request(
    qtbot: QtBot, make_window: WindowFactory, web: _Server, tmp_path: Path, db_path: Path
) -> None:
    base = "http://{}:{}".format(*web.server_address[:2])
    # Import with the CLI...
    _margin("--db", str(db_path), "import", *map(str, _files(tmp_path / "cli", base)))
    # ...and in the window, then read every article there, laid out in full and scrolled through.
    window = make_window()
    outcome = drop_files(qtbot, window, _files(tmp_path / "window", f"{base}/window"))
    assert outcome is not None
    library = open_library(db_path)
    try:
        ids = [a.id for a in list_articles(library)]
    finally:
        library.close()
    assert len(ids) == 6
    for article_id in ids:
        with qtbot.waitSignal(window.articleOpened):
            window.open_article(article_id)
        view = window.reader
        view.document().documentLayout().documentSize()
        bar = view.verticalScrollBar()
        bar.setValue(bar.maximum())
        window.grab()
    # The view itself refuses resources even in HTML that never went through the sanitiser.
    window.reader.setHtml(_page(base))
    window.reader.document().documentLayout().documentSize()
    window.grab()
    # The screenshot path, in its own process.
    for article_id in ids[:3]:
        shot = tmp_path / f"shot-{article_id}.png"
        _margin("--db", str(db_path), "--screenshot", str(shot), "--open", str(article_id))
        assert shot.stat().st_size > 5000
    assert requests_before_ours(web) == []
    assert any(base in url for url in window.reader.refused_urls)  # asked, and refused
