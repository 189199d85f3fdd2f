"""Carnet web service: the only package that knows HTTP, the database and config."""
