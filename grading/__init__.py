"""Carnet grade engine: the BTS regulations as data, applied exactly.

Standard library only. Import the public names from here, never from submodules.
"""

from grading.candidate import (
    Benefit,
    Candidate,
    Form,
    Grade,
    Parts,
    Policy,
    Rounding,
    Session,
    Situations,
    UnitEntry,
    UnitStatus,
    Validity,
)
from grading.contract import decimal_value, parse_candidate
from grading.errors import GradingError, RegulationError
from grading.evaluation import evaluate
from grading.explanation import Step, explain, explanation_lines
from grading.numbers import half_up
from grading.regulation import Category, Mode, Regulation, Subject, Unit, UnitKind
from grading.regulation_file import (
    load_regulation,
    load_regulation_file,
    regulation_from_mapping,
)
from grading.result import (
    Block,
    Decision,
    Notice,
    Result,
    Source,
    UnitResult,
    WarningCode,
)
from grading.result_json import result_to_json

__all__ = [
    "Benefit",
    "Block",
    "Candidate",
    "Category",
    "Decision",
    "Form",
    "Grade",
    "GradingError",
    "Mode",
    "Notice",
    "Parts",
    "Policy",
    "Regulation",
    "RegulationError",
    "Result",
    "Rounding",
    "Session",
    "Situations",
    "Source",
    "Step",
    "Subject",
    "Unit",
    "UnitEntry",
    "UnitKind",
    "UnitResult",
    "UnitStatus",
    "Validity",
    "WarningCode",
    "decimal_value",
    "evaluate",
    "explain",
    "explanation_lines",
    "half_up",
    "load_regulation",
    "load_regulation_file",
    "parse_candidate",
    "regulation_from_mapping",
    "result_to_json",
]
