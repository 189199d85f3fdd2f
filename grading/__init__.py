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
from grading.class_stats import (
    ClassStatistics,
    Distribution,
    LivretEntry,
    Rank,
    assessment_statistics,
    class_statistics,
    livret_entries,
    livret_profile,
    ranks,
    subject_period_statistics,
    unit_year_statistics,
)
from grading.contract import decimal_value, parse_candidate
from grading.errors import GradingError, RegulationError
from grading.evaluation import evaluate
from grading.explanation import Step, explain, explanation_lines
from grading.formative import (
    Assessment,
    Mark,
    MarkStatus,
    StudentAverages,
    counted_value,
    formative_averages,
    normalize,
)
from grading.ledger import (
    HeldBloc,
    Ledger,
    SessionRecord,
    benefits_for,
    blocs_held,
    expiring_benefits,
)
from grading.numbers import display, half_up
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
    "Assessment",
    "Benefit",
    "Block",
    "Candidate",
    "Category",
    "ClassStatistics",
    "Decision",
    "Distribution",
    "Form",
    "Grade",
    "GradingError",
    "HeldBloc",
    "Ledger",
    "LivretEntry",
    "Mark",
    "MarkStatus",
    "Mode",
    "Notice",
    "Parts",
    "Policy",
    "Rank",
    "Regulation",
    "RegulationError",
    "Result",
    "Rounding",
    "Session",
    "SessionRecord",
    "Situations",
    "Source",
    "Step",
    "StudentAverages",
    "Subject",
    "Unit",
    "UnitEntry",
    "UnitKind",
    "UnitResult",
    "UnitStatus",
    "Validity",
    "WarningCode",
    "assessment_statistics",
    "benefits_for",
    "blocs_held",
    "class_statistics",
    "counted_value",
    "decimal_value",
    "display",
    "evaluate",
    "expiring_benefits",
    "explain",
    "explanation_lines",
    "formative_averages",
    "half_up",
    "livret_entries",
    "livret_profile",
    "load_regulation",
    "load_regulation_file",
    "normalize",
    "parse_candidate",
    "ranks",
    "regulation_from_mapping",
    "result_to_json",
    "subject_period_statistics",
    "unit_year_statistics",
]
