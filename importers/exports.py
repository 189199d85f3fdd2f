"""The spreadsheet exports the service offers; each writer returns xlsx bytes.

Text cells never hold formulas and have no control characters (reliability
D10); numbers stay numeric cells shown with two decimals; dates are real dates.
"""

from importers.bloc_attestation import write_bloc_attestation
from importers.cohort_gradebook import write_cohort_gradebook
from importers.jury_report import write_jury_report
from importers.livret import write_livret

__all__ = [
    "write_bloc_attestation",
    "write_cohort_gradebook",
    "write_jury_report",
    "write_livret",
]
