"""Plain records that the service fills and the export writers lay out.

Numbers are exact ``Decimal`` values computed by the service; the writers only
format them (two decimals). ``None`` always means "no grade".
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from importers.livret_records import (
    AvisCount,
    CompanyPeriod,
    SectionResult,
    YearAttendance,
    cotation,
    percent,
)

#: A cell of a grade table: points, a code such as ``ABS`` or ``DISP``, or nothing.
Mark = Decimal | str | None

#: The avis categories of the national livret (R8); the list is configurable.
DEFAULT_AVIS = ("Très favorable", "Favorable", "Doit faire ses preuves")


@dataclass(frozen=True, slots=True)
class UnitHeading:
    """A unit of the règlement, e.g. ``U4`` « Relation client et négociation-vente »,
    and its coefficient (0: an optional unit; ``None``: not shown).
    """

    code: str
    title: str
    coefficient: Decimal | None = None

    @property
    def coefficient_label(self) -> str:
        """« coef. 4 », « coef. 1,5 » or « facultative » (R8: the model shows it)."""
        if self.coefficient is None:
            return ""
        if not self.coefficient:
            return "facultative"
        number = format(self.coefficient.normalize(), "f").replace(".", ",")
        return f"coef. {number}"


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a document is about."""

    last_name: str
    first_name: str
    birth_date: date | None = None
    ine: str | None = None

    @property
    def full_name(self) -> str:
        """Give « NOM Prénom », the order used on French school documents."""
        return f"{self.last_name.upper()} {self.first_name}"


# --- livret scolaire (R8) -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class YearAverages:
    """A student's averages in one unit for one training year (two semesters)."""

    first_semester: Decimal | None = None
    second_semester: Decimal | None = None
    year: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Distribution:
    """How many students of the class have a mean < 8, in [8, 12) and ≥ 12."""

    below_8: int = 0
    from_8_to_12: int = 0
    from_12: int = 0

    @property
    def shares(self) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        """The three counts in whole percent of the class (the model shows %)."""
        whole = self.below_8 + self.from_8_to_12 + self.from_12
        return (
            percent(self.below_8, whole),
            percent(self.from_8_to_12, whole),
            percent(self.from_12, whole),
        )


@dataclass(frozen=True, slots=True)
class Rank:
    """A rank in the class, shown « 3/24 »."""

    position: int
    size: int

    def __str__(self) -> str:
        return f"{self.position}/{self.size}"


@dataclass(frozen=True, slots=True)
class LivretUnitRow:
    """One unit of a student's livret.

    ``year_1`` / ``year_2`` are the student's, ``class_year_1`` / ``class_year_2``
    the class means of the same semesters and years, ``distribution_year_1`` /
    ``_2`` how the class's year means spread. ``student_mean`` is the student's
    mean over the training, the one compared with ``class_mean``, ranked and
    plotted in the profile. ``profile`` is
    student mean ÷ class mean × 10 (10 = the class mean), which the service has
    the engine compute on exact means (R8); ``None`` plots nothing.
    """

    unit_code: str
    year_1: YearAverages = YearAverages()
    year_2: YearAverages = YearAverages()
    student_mean: Decimal | None = None
    class_mean: Decimal | None = None
    distribution: Distribution | None = None
    rank: Rank | None = None
    appreciation_year_1: str = ""
    appreciation_year_2: str = ""
    profile: Decimal | None = None
    class_year_1: YearAverages = YearAverages()
    class_year_2: YearAverages = YearAverages()
    distribution_year_1: Distribution | None = None
    distribution_year_2: Distribution | None = None


@dataclass(frozen=True, slots=True)
class LivretStudent:
    """Everything the livret shows about one student.

    ``attendance`` is empty when Carnet holds no roll call of the student;
    ``engagement`` is the team's words on motivation and engagement.
    """

    identity: Identity
    units: tuple[LivretUnitRow, ...]
    attendance: tuple[YearAttendance, ...] = ()
    avis: str | None = None
    general_appreciation: str = ""
    engagement: str = ""
    company: tuple[CompanyPeriod, ...] = ()


@dataclass(frozen=True, slots=True)
class Livret:
    """The livret scolaire of a cohort: one sheet per student.

    ``units`` are in the règlement's order (U1 … U6, then UF1); it is the order
    of every table, whatever the order of a student's rows.
    """

    centre: str
    diploma: str
    cohort: str
    session: str
    year_labels: tuple[str, str]
    units: tuple[UnitHeading, ...]
    students: tuple[LivretStudent, ...]
    avis_options: tuple[str, ...] = DEFAULT_AVIS
    #: The session's jury president, printed in the examination box (« » blank).
    president: str = ""
    #: The head of the centre (name, role) who signs every livret (« » blank).
    head_of_centre: str = ""
    #: The section's results at its last sessions (at most three), oldest first.
    section_results: tuple[SectionResult, ...] = ()

    def __post_init__(self) -> None:
        known = {unit.code for unit in self.units}
        for student in self.students:
            unknown = {row.unit_code for row in student.units} - known
            if unknown:
                raise ValueError(f"unit(s) not in the livret: {sorted(unknown)}")
            if student.avis is not None and student.avis not in self.avis_options:
                raise ValueError(f"avis not in the configured list: {student.avis!r}")

    @property
    def class_size(self) -> int:
        """« Effectif total de la classe »: every student of the livret."""
        return len(self.students)

    def avis_counts(self) -> tuple[AvisCount, ...]:
        """« Cotation de la classe »: how many students have each avis option."""
        return cotation([student.avis for student in self.students], self.avis_options)


# --- cohort gradebook -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GradebookColumn:
    """One assessment of the cohort gradebook."""

    title: str
    taken_on: date | None
    max_points: Decimal
    coefficient: Decimal = Decimal(1)


@dataclass(frozen=True, slots=True)
class GradebookLine:
    """One student of a subject: a mark per assessment and the average."""

    identity: Identity
    marks: tuple[Mark, ...]
    average: Decimal | None


@dataclass(frozen=True, slots=True)
class GradebookSubject:
    """One sheet of the cohort gradebook: a subject over a period."""

    subject: str
    period: str
    columns: tuple[GradebookColumn, ...]
    lines: tuple[GradebookLine, ...]
    column_means: tuple[Decimal | None, ...]
    class_average: Decimal | None

    def __post_init__(self) -> None:
        width = len(self.columns)
        if len(self.column_means) != width:
            raise ValueError("one class mean per assessment is expected")
        if any(len(line.marks) != width for line in self.lines):
            raise ValueError("one mark per assessment is expected on every line")


@dataclass(frozen=True, slots=True)
class CohortGradebook:
    """The gradebook of a cohort: one sheet per subject."""

    centre: str
    cohort: str
    subjects: tuple[GradebookSubject, ...]
    exported_at: datetime


# --- jury procès-verbal -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JuryRow:
    """One candidate of the procès-verbal; ``decision`` is the French label."""

    candidate: Identity
    candidate_number: str
    marks: tuple[Mark, ...]
    total: Decimal | None
    divisor: Decimal | None
    average: Decimal | None
    decision: str
    remarks: str = ""


@dataclass(frozen=True, slots=True)
class JuryReport:
    """The jury's results table (procès-verbal) of a session."""

    centre: str
    diploma: str
    session: str
    jury_date: date
    president: str
    units: tuple[UnitHeading, ...]
    rows: tuple[JuryRow, ...]

    def __post_init__(self) -> None:
        if any(len(row.marks) != len(self.units) for row in self.rows):
            raise ValueError("one mark per unit is expected on every row")


# --- attestation of blocs (R4) ------------------------------------------------


@dataclass(frozen=True, slots=True)
class BlocLine:
    """A bloc held: its grade, when it was obtained and until when it counts.

    ``bloc`` is « Bloc 1 » and ``title`` the bloc's title in the RNCP file; a
    unit without a bloc leaves ``bloc`` blank and gives the unit's title.

    ``valid_through`` is a date (policy ``calendar``) or a session label such
    as « session 2031 » (policy ``session``).
    """

    bloc: str
    title: str
    unit_code: str
    grade: Decimal
    session: str
    obtained_on: date
    valid_through: date | str


@dataclass(frozen=True, slots=True)
class Signatory:
    """Who signs for the centre, and where: blank parts print as dots."""

    name: str = ""
    role: str = ""
    place: str = ""


@dataclass(frozen=True, slots=True)
class BlocAttestation:
    """The attestation of the blocs a candidate holds."""

    centre: str
    diploma: str
    student: Identity
    blocs: tuple[BlocLine, ...]
    issued_on: date
    signatory: Signatory
    notes: tuple[str, ...] = ()
    #: The RNCP file the blocs belong to, e.g. « 38368 » (« »: not named).
    rncp: str = ""
