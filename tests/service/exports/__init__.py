"""Tests of the livret, appreciations, avis and spreadsheet exports."""
