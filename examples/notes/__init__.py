"""A notes API on SQLite: ``restcore serve examples.notes.app:app``."""
