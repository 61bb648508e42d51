"""Margin: a reader and annotator for articles kept as local files.

The package is layered: `reader.ingest` turns files into `reader.document.Document`s,
`reader.store` keeps them with their annotations in SQLite, `reader.export` writes annotations
out, `reader.cli` is a thin command line over those services, and `reader.ui` (the only Qt
code) is the desktop window.
"""

__version__ = "0.1.0"
