"""File → `Document`: format and encoding detection, and one extractor per format. No Qt, no DB."""

from reader.ingest.pipeline import CleanedFile, SourceFile, clean_file, clean_source, iter_files
from reader.ingest.sniff import IngestError

__all__ = ["CleanedFile", "IngestError", "SourceFile", "clean_file", "clean_source", "iter_files"]
