"""Spreadsheet exports: load a few rows, build the writers' frozen records (R8, R4)."""
