"""``python -m reader`` does what the ``margin`` command does."""

from reader.cli import main

raise SystemExit(main())
