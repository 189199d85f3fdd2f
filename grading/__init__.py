"""Carnet grade engine: the BTS regulations as data, applied exactly.

Standard library only. Import the public names from here, never from submodules.
The formative statistics (R8) are imported on first use: `import grading` for one
`python -m grading evaluate` call does not pay for them.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from grading.candidate import (
    Benefit,
    Candidate,
    Form,
    Grade,
    JuryChange,
    PartAbsence,
    Parts,
    Policy,
    Rounding,
    Session,
    Situations,
    UnitEntry,
    UnitStatus,
    Validity,
)
from grading.contract import decimal_value, decode_document, parse_candidate
from grading.errors import GradingError, RegulationError
from grading.evaluation import evaluate
from grading.explanation import Step, explain, explanation_lines
from grading.ledger import (
    HeldBloc,
    Ledger,
    RecordedBloc,
    SessionRecord,
    benefits_for,
    blocs_held,
    expiring_benefits,
    units_held,
)
from grading.numbers import display, half_up
from grading.projection import (
    Basis,
    Need,
    NeedStatus,
    Projection,
    UnitPrediction,
    predict_units,
    project,
    still_needed,
)
from grading.regulation import Category, Mode, Regulation, Subject, Unit, UnitKind
from grading.regulation_file import (
    load_regulation,
    load_regulation_file,
    regulation_from_mapping,
    regulation_versions,
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

if TYPE_CHECKING:
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
        statistics_by_assessment,
        subject_period_statistics,
        unit_year_statistics,
    )
    from grading.formative import (
        Assessment,
        Mark,
        MarkStatus,
        StudentAverages,
        counted_value,
        formative_averages,
        normalize,
    )

#: Public names of the formative statistics, imported on first use (R8).
_LAZY = {
    "grading.class_stats": (
        "ClassStatistics",
        "Distribution",
        "LivretEntry",
        "Rank",
        "assessment_statistics",
        "class_statistics",
        "livret_entries",
        "livret_profile",
        "ranks",
        "statistics_by_assessment",
        "subject_period_statistics",
        "unit_year_statistics",
    ),
    "grading.formative": (
        "Assessment",
        "Mark",
        "MarkStatus",
        "StudentAverages",
        "counted_value",
        "formative_averages",
        "normalize",
    ),
}
_LAZY_NAMES = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    """Import a formative-statistics name on first use and keep it."""
    module = _LAZY_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'grading' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Assessment",
    "Basis",
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
    "JuryChange",
    "Ledger",
    "LivretEntry",
    "Mark",
    "MarkStatus",
    "Mode",
    "Need",
    "NeedStatus",
    "Notice",
    "PartAbsence",
    "Parts",
    "Policy",
    "Projection",
    "Rank",
    "RecordedBloc",
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
    "UnitPrediction",
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
    "decode_document",
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
    "predict_units",
    "project",
    "ranks",
    "regulation_from_mapping",
    "regulation_versions",
    "result_to_json",
    "statistics_by_assessment",
    "still_needed",
    "subject_period_statistics",
    "unit_year_statistics",
    "units_held",
]
