"""The desktop window: the only package that imports PySide6.

Widgets never hold a database session: they call the services in `reader.store` for one action at a
time, and anything slow (imports, scans, reloading a large library list) runs as a job from
`reader.ui.jobs` on a thread pool, handing plain records back to the GUI thread.
"""
