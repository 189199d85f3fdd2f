"""Spreadsheet imports through the service."""
