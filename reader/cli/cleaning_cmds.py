"""Cleaning commands: see every block (kept or removed, and why), correct the cleaner, export.

``margin blocks ID`` lists an article's blocks in reading order, removed ones included, with
the index that ``margin keep`` and ``margin drop`` take. ``margin reclean`` cleans articles again
from their stored sources (a newer cleaner, files gone). ``margin corrections --export FILE``
writes the library's corrections as labelled pages for the cleaner's training script.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader.cli.common import (
    CliError,
    add_db_option,
    article_id,
    library_from,
    print_json,
    truncate,
)
from reader.display import one_line

TEXT_WIDTH = 70


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "blocks",
        help="list an article's blocks, kept and removed, with the reasons",
        description="Every block of the article in reading order: kept ones and the ones the "
        "cleaner removed, with why. The index is what `margin keep` and `margin drop` take.",
    )
    p.add_argument("id", type=article_id, metavar="ID")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    add_db_option(p)
    p.set_defaults(func=cmd_blocks)

    for name, action, text in (
        ("keep", "keep", "put back blocks the cleaner removed"),
        ("drop", "drop", "remove blocks the cleaner kept"),
    ):
        p = sub.add_parser(
            name,
            help=text,
            description=f"{text[0].upper()}{text[1:]} (BLOCK: an index from `margin blocks`). "
            "Remembered by the block's text, so it holds when the file is edited and imported "
            "again or cleaned by a newer cleaner; highlights move with the text.",
        )
        p.add_argument("id", type=article_id, metavar="ID")
        p.add_argument("blocks", type=int, nargs="+", metavar="BLOCK")
        add_db_option(p)
        p.set_defaults(func=cmd_correct, action=action)

    p = sub.add_parser(
        "reclean",
        help="clean articles again from their stored sources (no file needed)",
        description="Clean articles again with this version's cleaner, from the source kept in "
        "the library, your corrections applied and highlights moved with the text. Without ID: "
        "every article cleaned by an older version that has a stored source.",
    )
    p.add_argument("ids", type=article_id, nargs="*", metavar="ID")
    add_db_option(p)
    p.set_defaults(func=cmd_reclean)

    p = sub.add_parser(
        "corrections",
        help="export your corrections as training data",
        description="Write the corrections made in this library (text dumps with a stored "
        "source) as labelled pages for `python -m reader.ingest.text_dump.train`.",
    )
    p.add_argument("--export", type=Path, required=True, metavar="FILE", help="JSON file to write")
    add_db_option(p)
    p.set_defaults(func=cmd_corrections)


def cmd_blocks(args: argparse.Namespace) -> int:
    from reader.store.cleaning import CleaningError, list_blocks

    with library_from(args) as library:
        try:
            found = list_blocks(library, args.id)
        except CleaningError as exc:
            raise CliError(f"{exc} (see `margin list`)") from exc
    if args.json:
        print_json(
            [
                {
                    "index": b.index,
                    "text": b.block.text,
                    "kept": b.kept,
                    "kind": b.block.kind,
                    "reason": b.reason,
                    "corrected": b.corrected,
                }
                for b in found.blocks
            ]
        )
        return 0
    note = " (not cleaned: the cleaner found too little, all the text is kept)"
    print(f"#{found.article_id} {one_line(found.title)}{note if found.cleaning == 'none' else ''}")
    for b in found.blocks:
        mark = "kept" if b.kept else "removed"
        star = "*" if b.corrected else " "
        text = truncate(" ".join(b.block.text.split()), TEXT_WIDTH)
        reason = f"  ({b.reason})" if b.reason else ""
        print(f"{b.index:>4} {star}{mark:<7} {b.block.kind:<9} {text}{reason}")
    if any(b.corrected for b in found.blocks):
        print("* corrected by you")
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    from reader.store.cleaning import CleaningError, correct_blocks

    with library_from(args) as library:
        try:
            change = correct_blocks(library, args.id, args.blocks, args.action)
        except CleaningError as exc:
            raise CliError(str(exc)) from exc
    verb = "kept" if args.action == "keep" else "removed"
    for key, after in change.after.items():
        text = truncate(" ".join(change.texts[key].split()), TEXT_WIDTH)
        if after == change.before[key] and after is None:
            print(f"unchanged: “{text}” (the cleaner already {verb} it)")
        elif after == change.before[key]:
            print(f"unchanged: “{text}” (already {verb})")
        else:
            print(f"{verb}: “{text}”")
    if change.reanchor is not None and change.reanchor.describe():
        print(change.reanchor.describe())
    return 0


def cmd_reclean(args: argparse.Namespace) -> int:
    from reader.store.cleaning import CleaningError, outdated_with_source, reclean

    failed = 0
    with library_from(args) as library:
        ids = args.ids or outdated_with_source(library)
        for article_id in ids:
            try:
                done = reclean(library, article_id)
            except CleaningError as exc:
                print(f"failed: {exc}")
                failed += 1
                continue
            moved = done.reanchor.describe() if done.reanchor else ""
            title = one_line(done.title)
            print(f"recleaned: #{done.article_id} {title}{f' ({moved})' if moved else ''}")
    if not ids:
        print("nothing to clean again: every article is up to date", file=sys.stderr)
    return 1 if failed else 0


def cmd_corrections(args: argparse.Namespace) -> int:
    from reader.store.corrections_export import export_corrections

    with library_from(args) as library:
        data = export_corrections(library)
    try:
        args.export.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {args.export}: {exc.strerror or exc}") from exc
    n = len(data["pages"])
    fixes = sum(len(p["corrections"]) for p in data["pages"])
    print(f"{args.export}: {n} pages, {fixes} corrections", file=sys.stderr)
    return 0
