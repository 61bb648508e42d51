"""JSON backup: the W3C Web Annotation model's required fields, restore, and the round trip."""

from __future__ import annotations

import copy
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from reader.export import (
    BackupFormatError,
    export_articles,
    import_annotations,
    json_for_articles,
)
from reader.store.annotations import (
    add_highlight_by_quote,
    list_highlights,
    set_article_note,
    set_highlight_note,
)
from reader.store.db import Library, open_library
from reader.store.library import get_article, list_articles, set_article_tags
from tests.unit.test_export_markdown import PARAGRAPHS, import_article, write_article

ANNO = "http://www.w3.org/ns/anno.jsonld"
W3C_TERMS = {
    "@context", "id", "type", "label", "total", "first", "last", "partOf", "startIndex", "items",
    "motivation", "created", "modified", "body", "bodyValue", "target", "source", "selector",
    "exact", "prefix", "suffix", "start", "end", "value", "format", "purpose", "language",
}  # fmt: skip
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def keys_are_w3c_or_margin(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            keys_are_w3c_or_margin(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            assert key in W3C_TERMS or key.startswith("margin:"), key
            if key != "@context":
                keys_are_w3c_or_margin(value)


def check_w3c(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The Web Annotation model's MUSTs for what we write; returns the annotations."""
    context = doc["@context"]
    assert context == ANNO or (isinstance(context, list) and context[0] == ANNO)
    assert doc["type"] == "AnnotationCollection"
    assert doc["id"].startswith("urn:uuid:")
    page = doc["first"]
    assert page["type"] == "AnnotationPage"
    assert page["partOf"] == doc["id"]
    assert isinstance(page["id"], str)
    assert page["startIndex"] == 0
    items = page["items"]
    assert doc["total"] == len(items)
    keys_are_w3c_or_margin(doc)
    for ann in items:
        assert ann["type"] == "Annotation"
        assert ann["id"].startswith("urn:uuid:")
        assert uuid.UUID(ann["id"][9:])
        assert ann["motivation"] in ("highlighting", "commenting", "tagging")
        for key in ("created", "modified"):
            assert key not in ann or TIME.match(ann[key])
        target = ann["target"]
        assert re.fullmatch(r"urn:sha256:[0-9a-f]{64}", target["source"]["id"])
        for body in ann.get("body", []):
            assert body["type"] == "TextualBody"
            assert isinstance(body["value"], str)
            assert body["purpose"] in ("commenting", "tagging")
        if "selector" not in target:
            assert ann["body"], "an annotation on the whole article carries a note or tags"
            continue
        kinds = [s["type"] for s in target["selector"]]
        assert kinds == ["TextQuoteSelector", "TextPositionSelector"]
        quote, position = target["selector"]
        assert isinstance(quote["exact"], str)
        assert quote["exact"]
        assert isinstance(quote["prefix"], str)
        assert isinstance(quote["suffix"], str)
        assert 0 <= position["start"] < position["end"]
        assert ann["margin:color"] in ("yellow", "green", "blue", "pink", "purple")
        assert ann["margin:status"] in ("anchored", "orphaned")
    return items


@pytest.fixture
def sources(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "articles"
    folder.mkdir()
    return [
        write_article(folder, "harbour.md", "The harbour", PARAGRAPHS),
        write_article(folder, "hills.md", "The hills", ["Sheep on the hills.", "Rain again."]),
    ]


def annotate(library: Library, sources: list[Path]) -> tuple[int, int]:
    """Two articles with every kind of annotation, including an orphan."""
    harbour = import_article(library, sources[0])
    hills = import_article(library, sources[1])
    add_highlight_by_quote(library, harbour, "mend their nets", color="blue", note="*Nets*\n\nx")
    add_highlight_by_quote(library, harbour, "first boats", tags=["boats", "Dawn"])
    add_highlight_by_quote(library, harbour, "photographing the hulls", note="soon gone")
    set_article_note(library, harbour, "Read on the ferry.")
    set_article_tags(library, harbour, ["travel"])
    add_highlight_by_quote(library, hills, "Rain", color="purple")
    set_article_tags(library, hills, ["weather"])
    write_article(sources[0].parent, "harbour.md", "The harbour", [*PARAGRAPHS[:2], PARAGRAPHS[3]])
    import_article(library, sources[0])  # the hulls paragraph is gone: that highlight is orphaned
    assert sorted(h.status for h in list_highlights(library, harbour)) == [
        "anchored",
        "anchored",
        "orphaned",
    ]
    return harbour, hills


def all_ids(library: Library) -> list[int]:
    return [a.id for a in list_articles(library)]


def test_the_collection_is_web_annotation_json_ld(library: Library, sources: list[Path]) -> None:
    harbour, _hills = annotate(library, sources)
    doc = json.loads(json_for_articles(library, all_ids(library)))
    items = check_w3c(doc)
    article = get_article(library, harbour)
    assert article is not None
    highlights = {h.uid: h for h in list_highlights(library, harbour)}
    mine = [a for a in items if a["target"]["source"]["id"] == f"urn:sha256:{article.sha256}"]
    whole, *rest = mine
    assert "selector" not in whole["target"]
    assert whole["motivation"] == "commenting"
    assert [(b["value"], b["purpose"]) for b in whole["body"]] == [
        ("Read on the ferry.", "commenting"),
        ("travel", "tagging"),
    ]
    assert whole["target"]["source"]["margin:path"] == article.path
    by_quote = {a["target"]["selector"][0]["exact"]: a for a in rest}
    assert list(by_quote) == ["first boats", "mend their nets", "photographing the hulls"]
    for ann in rest:
        h = highlights[uuid.UUID(ann["id"][9:]).hex]
        quote, position = ann["target"]["selector"]
        assert (quote["exact"], quote["prefix"], quote["suffix"]) == (h.exact, h.prefix, h.suffix)
        assert (position["start"], position["end"]) == (h.start, h.end)
        assert (ann["margin:color"], ann["margin:status"]) == (h.color, h.status)
    nets = by_quote["mend their nets"]
    assert nets["motivation"] == "commenting"
    assert nets["body"] == [
        {"type": "TextualBody", "value": "*Nets*\n\nx", "format": "text/markdown",
         "purpose": "commenting"}
    ]  # fmt: skip
    boats = by_quote["first boats"]
    assert boats["motivation"] == "tagging"
    assert [b["value"] for b in boats["body"]] == ["boats", "Dawn"]
    assert by_quote["photographing the hulls"]["margin:status"] == "orphaned"
    assert len(items) == 1 + 3 + 2  # hills: its tags and one highlight


def test_round_trip_through_a_fresh_library_gives_identical_json(
    library: Library, sources: list[Path], tmp_path: Path
) -> None:
    annotate(library, sources)
    out = tmp_path / "backup"
    (first,) = export_articles(library, all_ids(library), out, "json")
    assert first.status == "written"
    assert first.path == out / "margin-annotations.json"
    backup = first.path.read_text(encoding="utf-8")

    with open_library(tmp_path / "fresh.db") as fresh:
        for path in reversed(sources):  # other ids, other order: the JSON must not care
            import_article(fresh, path)
        reports = import_annotations(fresh, first.path)
        assert [r.describe().split(":")[0] for r in reports] == ["restored", "restored"]
        assert json_for_articles(fresh, all_ids(fresh)) == backup
        again = import_annotations(fresh, first.path)
        assert [r.describe().split(":")[0] for r in again] == ["unchanged", "unchanged"]
        assert json_for_articles(fresh, all_ids(fresh)) == backup
        counts = [(r.counts.unchanged, r.counts.restored) for r in again if r.counts]
        assert counts == [(3, 0), (1, 0)]
    (second,) = export_articles(library, all_ids(library), out, "json")
    assert second.status == "unchanged"


def test_restore_onto_an_edited_article_reanchors_by_source_path(
    library: Library, sources: list[Path], tmp_path: Path
) -> None:
    harbour, _ = annotate(library, sources)
    backup = tmp_path / "b.json"
    backup.write_text(json_for_articles(library, [harbour]), encoding="utf-8")
    edited = ["A new opening paragraph, added later.", *PARAGRAPHS[:2]]  # nets paragraph gone
    write_article(sources[0].parent, "harbour.md", "The harbour", edited)
    with open_library(tmp_path / "fresh.db") as fresh:
        art = import_article(fresh, sources[0])
        (report,) = import_annotations(fresh, backup)
        assert report.article_id == art
        assert report.counts is not None
        assert (report.counts.restored, report.counts.orphaned) == (3, 2)
        restored = {h.exact: h for h in list_highlights(fresh, art)}
        text = get_article(fresh, art).plain_text  # type: ignore[union-attr]
        boats = restored["first boats"]
        assert boats.status == "anchored"
        assert text[boats.start : boats.end] == "first boats"
        assert boats.tags == ("boats", "Dawn")
        nets = restored["mend their nets"]
        assert (nets.status, nets.color, nets.note) == ("orphaned", "blue", "*Nets*\n\nx")
        assert restored["photographing the hulls"].status == "orphaned"


def _backup_dict(library: Library, ids: list[int]) -> dict[str, Any]:
    return json.loads(json_for_articles(library, ids))


def _write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_newer_copy_wins_and_restoring_never_duplicates(
    library: Library, sources: list[Path], tmp_path: Path
) -> None:
    harbour, _ = annotate(library, sources)
    original = _backup_dict(library, [harbour])
    with open_library(tmp_path / "fresh.db") as fresh:
        art = import_article(fresh, sources[0])
        import_annotations(fresh, _write(tmp_path, "a.json", original))
        nets_ann = next(
            a for a in original["first"]["items"] if "mend" in json.dumps(a.get("target"))
        )
        uid = uuid.UUID(nets_ann["id"][9:]).hex

        older = copy.deepcopy(original)
        for ann in older["first"]["items"]:
            if ann["id"] == nets_ann["id"]:
                ann["body"][0]["value"], ann["modified"] = "older text", "2000-01-01T00:00:00Z"
        (report,) = import_annotations(fresh, _write(tmp_path, "older.json", older))
        assert report.counts is not None
        assert (report.counts.kept, report.counts.unchanged) == (1, 2)
        assert "1 kept (the library's copy is newer)" in report.describe()

        newer = copy.deepcopy(original)
        for ann in newer["first"]["items"]:
            if ann["id"] == nets_ann["id"]:
                ann["body"][0]["value"], ann["modified"] = "newer text", "2100-01-01T00:00:00Z"
                ann["margin:color"] = "pink"
        (report,) = import_annotations(fresh, _write(tmp_path, "newer.json", newer))
        assert report.counts is not None
        assert report.counts.updated == 1
        nets = next(h for h in list_highlights(fresh, art) if h.uid == uid)
        assert (nets.note, nets.color, nets.updated_at.year) == ("newer text", "pink", 2100)

        set_highlight_note(fresh, nets.id, "edited in the library")
        import_annotations(fresh, _write(tmp_path, "a2.json", original))
        assert len(list_highlights(fresh, art)) == 3
        nets = next(h for h in list_highlights(fresh, art) if h.uid == uid)
        assert nets.note == "edited in the library"


def test_unmatched_articles_are_reported_not_guessed(
    library: Library, sources: list[Path], tmp_path: Path
) -> None:
    annotate(library, sources)
    backup = _write(tmp_path, "b.json", _backup_dict(library, all_ids(library)))
    with open_library(tmp_path / "fresh.db") as fresh:
        hills = import_article(fresh, sources[1])
        reports = import_annotations(fresh, backup)
        assert [r.matched for r in reports] == [False, True]  # ordered by source path
        assert reports[0].describe().startswith("unmatched: The harbour: 4 annotations;")
        assert reports[1].article_id == hills
        assert len(list_highlights(fresh, hills)) == 1


def _first_highlight(doc: dict[str, Any]) -> dict[str, Any]:
    return next(a for a in doc["first"]["items"] if "selector" in a["target"])


BROKEN = [
    (lambda d: [1, 2], "annotation 1: not an object of type Annotation"),
    (lambda d: {**d, "@context": "http://example.com/other"}, "@context lacks"),
    (lambda d: {**d, "type": "Thing"}, "not an AnnotationCollection"),
    (lambda d: {**d, "first": "http://example.com/page2"}, "first is a link"),
    (lambda d: _first_highlight(d).pop("target") and d, "no target"),
    (lambda d: _first_highlight(d)["target"]["selector"].pop(0) and d, "no TextQuoteSelector"),
    (lambda d: _first_highlight(d).update(id="urn:uuid:zzz") or d, "not a valid urn:uuid"),
    (lambda d: _first_highlight(d).update({"margin:color": "teal"}) or d, "unknown colour"),
    (lambda d: _first_highlight(d).update(modified="yesterday") or d, "not a date and time"),
    (
        lambda d: _first_highlight(d)["target"]["selector"][1].update(start=9, end=3) or d,
        "0 <= start <= end",
    ),
]


@pytest.mark.parametrize(("breaks", "message"), BROKEN)
def test_a_malformed_backup_fails_whole_with_one_line(
    library: Library, sources: list[Path], tmp_path: Path, breaks: Any, message: str
) -> None:
    annotate(library, sources)
    doc = breaks(_backup_dict(library, all_ids(library)))
    path = _write(tmp_path, "broken.json", doc)
    with open_library(tmp_path / "fresh.db") as fresh:
        for source in sources:
            import_article(fresh, source)
        with pytest.raises(BackupFormatError) as err:
            import_annotations(fresh, path)
        assert message in str(err.value)
        assert "\n" not in str(err.value)
        assert str(err.value).startswith(f"{path}: ")
        assert all(not list_highlights(fresh, i) for i in all_ids(fresh))


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "not JSON (line 1"), (b"\xff\xfe{", "not UTF-8"), (b'{"a": [1,', "not JSON")],
)
def test_unreadable_backup_files(
    library: Library, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(BackupFormatError, match=re.escape(message)):
        import_annotations(library, path)
    with pytest.raises(BackupFormatError, match="file not found"):
        import_annotations(library, tmp_path / "missing.json")


def test_a_plain_w3c_annotation_from_elsewhere_can_be_restored(
    library: Library, sources: list[Path], tmp_path: Path
) -> None:
    art = import_article(library, sources[1])
    path = get_article(library, art).path  # type: ignore[union-attr]
    foreign = {
        "@context": ANNO,
        "id": "http://example.org/anno/1",
        "type": "Annotation",
        "bodyValue": "from another tool",
        "target": {
            "source": Path(path).as_uri(),
            "selector": {"type": "TextQuoteSelector", "exact": "on the hills"},
        },
    }
    backup = _write(tmp_path, "foreign.json", foreign)
    (report,) = import_annotations(library, backup)
    assert report.article_id == art
    (h,) = list_highlights(library, art)
    assert (h.exact, h.note, h.color, h.status) == (
        "on the hills",
        "from another tool",
        "yellow",
        "anchored",
    )
    (again,) = import_annotations(library, backup)
    assert again.counts is not None
    assert again.counts.unchanged == 1
    assert len(list_highlights(library, art)) == 1
