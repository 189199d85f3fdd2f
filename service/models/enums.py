"""Enumerations stored in status columns (values are what the database holds)."""

import enum


class Role(enum.StrEnum):
    """What a user may do."""

    DIRECTOR = "director"
    TRAINER = "trainer"
    STUDENT = "student"
    #: The apprentice's company tutor (maître d'apprentissage): reads, never writes.
    TUTOR = "tutor"


class CandidateCategory(enum.StrEnum):
    """Exam candidate category; only CFA habilité candidates take U4/U6 in CCF (R1)."""

    CFA_HABILITE = "cfa_habilite"
    CFA_NON_HABILITE = "cfa_non_habilite"
    DISTANCE = "distance"
    EXPERIENCE = "experience"
    CONTINUING_EDUCATION = "continuing_education"


class ExamForm(enum.StrEnum):
    """Forme globale or progressive (R5)."""

    GLOBALE = "globale"
    PROGRESSIVE = "progressive"


class ContractType(enum.StrEnum):
    """The student's work-study contract."""

    APPRENTISSAGE = "apprentissage"
    PROFESSIONNALISATION = "professionnalisation"


class PeriodCode(enum.StrEnum):
    """Half-year periods: S1, S2 in year 1; S3, S4 in year 2."""

    S1 = "S1"
    S2 = "S2"
    S3 = "S3"
    S4 = "S4"


class AssessmentKind(enum.StrEnum):
    """The form of a formative assessment."""

    WRITTEN = "written"
    ORAL = "oral"
    CASE_STUDY = "case_study"
    PRACTICAL = "practical"
    PROJECT = "project"


class GradeStatus(enum.StrEnum):
    """A formative grade given as a status instead of a score."""

    ABS = "ABS"  #: absent, unjustified
    ABJ = "ABJ"  #: absent, justified
    DISP = "DISP"  #: dispensed
    NN = "NN"  #: not graded


class CcfState(enum.StrEnum):
    """A CCF grade is a proposal until the jury's results are published (R7, D9)."""

    PROPOSED = "proposed"
    PUBLISHED = "published"


class EvaluatorRole(enum.StrEnum):
    """Who sits on a CCF situation."""

    TRAINER = "trainer"
    PROFESSIONAL = "professional"


class SessionState(enum.StrEnum):
    """Life cycle of an exam session."""

    OPEN = "open"
    DELIBERATED = "deliberated"
    PUBLISHED = "published"
    LOCKED = "locked"


class ExamUnitStatus(enum.StrEnum):
    """An exam unit given as a status instead of a grade (R3, R6)."""

    ABSENT = "absent"
    ABSENT_FORCE_MAJEURE = "absent_force_majeure"
    DISPENSED = "dispensed"


class Decision(enum.StrEnum):
    """The jury's decision for a registration (R3)."""

    ADMIS = "admis"
    AUTORISE_CONTROLE = "autorise_controle"
    ADMIS_APRES_CONTROLE = "admis_apres_controle"
    REFUSE = "refuse"
    REFUSE_ABSENT = "refuse_absent"
    INCOMPLET = "incomplet"


class BlocSource(enum.StrEnum):
    """How a bloc in the ledger was obtained (R4, R5)."""

    SESSION = "session"
    BENEFIT = "benefit"
    PREVIOUS_SCHOOL = "previous_school"
    VAE = "vae"


class ChangeSource(enum.StrEnum):
    """Where a grade change came from."""

    WEB = "web"
    API = "api"
    IMPORT = "import"
    CLI = "cli"


class HistoryEntity(enum.StrEnum):
    """Which kind of row a grade-history entry describes."""

    GRADE = "grade"
    CCF_SITUATION = "ccf_situation"
    EXAM_UNIT_GRADE = "exam_unit_grade"
    ATTENDANCE_MARK = "attendance_mark"


class ImportState(enum.StrEnum):
    """Life cycle of an import batch (D5: all or nothing)."""

    PREVIEWED = "previewed"
    COMMITTED = "committed"
    FAILED = "failed"
    UNDONE = "undone"


class ImportKind(enum.StrEnum):
    """What an uploaded spreadsheet is, hence how it is read."""

    GRADEBOOK = "gradebook"
    MOODLE = "moodle"
    GENERIC = "generic"
    ROSTER = "roster"


class HalfDaySlot(enum.StrEnum):
    """Morning or afternoon: sign-in (« émargement ») is per half-day (R8)."""

    MORNING = "morning"
    AFTERNOON = "afternoon"


class Presence(enum.StrEnum):
    """An apprentice's presence at a half-day; minutes late or left early apart."""

    PRESENT = "present"
    ABSENT = "absent"


class JustificationStatus(enum.StrEnum):
    """Whether an absence is excused (justifications are entered by staff)."""

    PENDING = "pending"
    JUSTIFIED = "justified"
    UNJUSTIFIED = "unjustified"
