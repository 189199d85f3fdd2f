"""Spreadsheets to plain records and back (openpyxl and the standard library only)."""
