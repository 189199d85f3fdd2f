"""Carnet grade engine: the BTS regulations as data, applied exactly."""
