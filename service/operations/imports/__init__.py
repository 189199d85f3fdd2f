"""Spreadsheet imports: read, check against the database, preview, commit, undo."""
