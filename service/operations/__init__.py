"""Use cases: load rows, call grading or importers, add and flush — never commit.

The request (or CLI command) that called an operation commits once.
"""
