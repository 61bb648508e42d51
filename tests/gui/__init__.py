"""GUI tests: the real window driven with pytest-qt (marked ``gui``)."""
