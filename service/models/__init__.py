"""SQLAlchemy models, split by aggregate; import them from here."""

from service.models.assessments import Assessment, Grade
from service.models.attendance import (
    AttendanceMark,
    Contract,
    HalfDay,
    Justification,
    Lesson,
)
from service.models.audit import GradeHistory, ImportBatch
from service.models.audit_events import AuditEvent
from service.models.ccf import CcfEvaluator, CcfSituation
from service.models.cohorts import (
    Cohort,
    Period,
    Student,
    Subject,
    TeachingAssignment,
    validate_ine,
)
from service.models.enums import (
    AssessmentKind,
    BlocSource,
    CandidateCategory,
    CcfState,
    ChangeSource,
    ContractType,
    Decision,
    EvaluatorRole,
    ExamForm,
    ExamUnitStatus,
    GradeStatus,
    HalfDaySlot,
    HistoryEntity,
    ImportKind,
    ImportState,
    JustificationStatus,
    PeriodCode,
    Presence,
    Role,
    SessionState,
)
from service.models.exams import Dispense, ExamSession, KeptBenefit, Registration
from service.models.imports import ImportMapping, ImportPayload
from service.models.jobs import Job, JobState
from service.models.livret import Appreciation, BlocEntry, LivretAvis
from service.models.password_resets import PasswordReset
from service.models.results import (
    ControlGrade,
    ExamUnitGrade,
    JuryAdjustment,
    RegistrationResult,
)
from service.models.tutors import TutorLink
from service.models.types import Hundredths, UtcDateTime, to_hundredths, utc_now
from service.models.users import ApiToken, User

__all__ = [
    "ApiToken",
    "Appreciation",
    "Assessment",
    "AssessmentKind",
    "AttendanceMark",
    "AuditEvent",
    "BlocEntry",
    "BlocSource",
    "CandidateCategory",
    "CcfEvaluator",
    "CcfSituation",
    "CcfState",
    "ChangeSource",
    "Cohort",
    "Contract",
    "ContractType",
    "ControlGrade",
    "Decision",
    "Dispense",
    "EvaluatorRole",
    "ExamForm",
    "ExamSession",
    "ExamUnitGrade",
    "ExamUnitStatus",
    "Grade",
    "GradeHistory",
    "GradeStatus",
    "HalfDay",
    "HalfDaySlot",
    "HistoryEntity",
    "Hundredths",
    "ImportBatch",
    "ImportKind",
    "ImportMapping",
    "ImportPayload",
    "ImportState",
    "Job",
    "JobState",
    "JuryAdjustment",
    "Justification",
    "JustificationStatus",
    "KeptBenefit",
    "Lesson",
    "LivretAvis",
    "PasswordReset",
    "Period",
    "PeriodCode",
    "Presence",
    "Registration",
    "RegistrationResult",
    "Role",
    "SessionState",
    "Student",
    "Subject",
    "TeachingAssignment",
    "TutorLink",
    "User",
    "UtcDateTime",
    "to_hundredths",
    "utc_now",
    "validate_ine",
]
