"""A small library for the search tests: real files imported through the real services.

Four articles (English with accents, Japanese, Chinese, Thai), highlights in several colours
with notes and tags, an article note and article tags. `build` returns the ids by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.store.annotations import add_highlight_by_quote, set_article_note
from reader.store.db import Library
from reader.store.library import import_file, set_article_tags

RIVERS = """---
title: Rivers of the North
source: https://www.northern-example.org/rivers
---

Local crews fish for salmon in the short summer weeks, selling the catch in town.

## The café by the bridge

The naïve visitor expects a quiet town; the café by the bridge is loud with fishing talk.
Night trains bring hikers from Zürich every Friday.
"""

TRAINS = """---
title: The Quiet Return of the Night Train
source: https://rail.example.com/night
---

Sleeper trains are coming back to European timetables after two decades of decline.

Travellers look for alternatives to short flights, and operators find that overnight routes can
fill their carriages again.
"""

JAPANESE = """# 車の改造について

この車は去年改造されました。改造には時間がかかりますが、結果は素晴らしいです。
エンジンの改造とSonyのオーディオの取り付けが主な作業でした。
写真は Tokyo Auto Salon で撮りました。
"""

CHINESE = """# 北京的咖啡馆

北京有很多咖啡馆。人们在咖啡馆里读书、工作和聊天。这家咖啡馆的拿铁非常好喝。
"""

THAI = """# อาหารไทย

คนไทยชอบกินข้าวเหนียวกับส้มตำ อาหารไทยมีรสชาติเผ็ดและหวาน
"""


@dataclass(frozen=True)
class SearchLibrary:
    rivers: int
    trains: int
    japanese: int
    chinese: int
    thai: int
    salmon: int  # highlight ids
    zurich: int
    sleeper: int
    kaizo: int


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build(library: Library, folder: Path) -> SearchLibrary:
    ids = {}
    for name, text in (
        ("rivers", RIVERS),
        ("trains", TRAINS),
        ("japanese", JAPANESE),
        ("chinese", CHINESE),
        ("thai", THAI),
    ):
        result = import_file(library, write(folder / f"{name}.md", text))
        assert result.article_id is not None, result
        ids[name] = result.article_id
    salmon = add_highlight_by_quote(
        library,
        ids["rivers"],
        "fish for salmon",
        color="green",
        note="Ask about the smokehouse",
        tags=["food", "Travel plans"],
    )
    zurich = add_highlight_by_quote(
        library, ids["rivers"], "hikers from Zürich", color="blue", note="Une idée naïve"
    )
    sleeper = add_highlight_by_quote(
        library, ids["trains"], "Sleeper trains are coming back", color="yellow", tags=["rail"]
    )
    kaizo = add_highlight_by_quote(
        library, ids["japanese"], "エンジンの改造", color="pink", note="オーディオも見る"
    )
    set_article_note(library, ids["trains"], "Compare with the overnight ferry timetable")
    set_article_tags(library, ids["trains"], ["rail", "Europe"])
    set_article_tags(library, ids["japanese"], ["cars", "日本語"])
    return SearchLibrary(
        **ids,
        salmon=salmon.id,
        zurich=zurich.id,
        sleeper=sleeper.id,
        kaizo=kaizo.id,
    )
