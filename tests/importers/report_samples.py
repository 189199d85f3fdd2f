"""Small, fixed records for the export tests (and the pictures of docs/excel.md)."""

from datetime import date, datetime
from decimal import Decimal

from importers.livret_records import CompanyPeriod, SectionResult, YearAttendance
from importers.report_records import (
    BlocAttestation,
    BlocLine,
    CohortGradebook,
    Distribution,
    GradebookColumn,
    GradebookLine,
    GradebookSubject,
    Identity,
    JuryReport,
    JuryRow,
    Livret,
    LivretStudent,
    LivretUnitRow,
    Rank,
    Signatory,
    UnitHeading,
    YearAverages,
)

D = Decimal
UNITS = (
    UnitHeading("U1", "Culture générale et expression", D(3)),
    UnitHeading("U2", "Communication en langue vivante étrangère 1", D("1.5")),
    UnitHeading("U3", "Culture économique, juridique et managériale"),
    UnitHeading("U4", "Relation client et négociation-vente", D(5)),
    UnitHeading("U5", "Relation client à distance et digitalisation"),
    UnitHeading("U6", "Relation client et animation de réseaux"),
    UnitHeading("UF1", "Communication en langue vivante étrangère 2", D(0)),
)
HOSTILE_LAST_NAME = '=HYPERLINK("http://evil.example","clic")'
HOSTILE_FIRST_NAME = "@cmd\x07|calc"
HOSTILE_COMMENT = "+33 6 12 34 56 78\x0b appelé"
LEA = Identity("Martin", "Léa", date(2006, 4, 12), "1234567890A")
HOSTILE = Identity(HOSTILE_LAST_NAME, HOSTILE_FIRST_NAME, date(2005, 11, 3), "-2")
NOAH = Identity("D'Almeida", "Noah", None, None)


def unit_row(code: str, base: str, class_mean: str) -> LivretUnitRow:
    """Build a unit row whose semester averages sit around ``base``.

    The profile is given as the service gives it: already computed and rounded.
    """
    b = D(base)
    profile = ((b + D("0.125")) / D(class_mean) * 10).quantize(D("0.01"))
    return LivretUnitRow(
        unit_code=code,
        year_1=YearAverages(b - 1, b + 1, b),
        year_2=YearAverages(b, b + D("0.5"), b + D("0.25")),
        student_mean=b + D("0.125"),
        class_mean=D(class_mean),
        distribution=Distribution(4, 12, 8),
        rank=Rank(3, 24),
        appreciation_year_1=f"Travail régulier en {code}.",
        appreciation_year_2="Des progrès nets.",
        profile=profile,
        class_year_1=YearAverages(D("9.5"), D("10.25"), D("9.875")),
        class_year_2=YearAverages(D(10), D("11.5"), D("10.75")),
        distribution_year_1=Distribution(6, 12, 6),
        distribution_year_2=Distribution(3, 13, 8),
    )


def livret() -> Livret:
    """Give a three-student livret; Léa's rows come in reverse order on purpose."""
    lea_rows = tuple(
        unit_row(unit.code, f"{11 + i}.5", "10.40") for i, unit in enumerate(UNITS[:6])
    )
    hostile_rows = (
        LivretUnitRow("U1", appreciation_year_1=HOSTILE_COMMENT, class_mean=D(10)),
        unit_row("U4", "7.25", "10.40"),
    )
    return Livret(
        centre="CFA du Commerce — Lyon",
        diploma="BTS NDRC",
        cohort="NDRC 2025-2027",
        session="2027",
        year_labels=("2025–2026", "2026–2027"),
        units=UNITS,
        students=(
            LivretStudent(
                LEA,
                tuple(reversed(lea_rows)),
                (
                    YearAttendance("2025–2026", 2, 1, 0, D(7), D("3.5")),
                    YearAttendance("2026–2027", 1, 0, 1, D("3.5"), D(0), D(4)),
                ),
                "Très favorable",
                "Étudiante sérieuse et motivée.",
                "Force de proposition en entreprise, toujours ponctuelle.",
                (
                    CompanyPeriod(
                        "Boulangeries Martin SARL",
                        date(2025, 9, 1),
                        date(2027, 8, 31),
                        "M. Paul Roux",
                        "Très bonne intégration dans l'équipe commerciale.",
                    ),
                ),
            ),
            LivretStudent(HOSTILE, hostile_rows, (), "Doit faire ses preuves", "=1+1"),
            LivretStudent(NOAH, ()),
        ),
        president="Mme Claire Bernard",
        head_of_centre="Mme Sophie Laurent, directrice",
        section_results=(
            SectionResult("2024", 22, 18),
            SectionResult("2025", 24, 21),
            SectionResult("2026", 23, 19),
        ),
    )


def cohort_gradebook() -> CohortGradebook:
    """Give a gradebook of two subjects, with a code, a blank and a hostile name."""
    columns = (
        GradebookColumn("Exposé oral", date(2026, 1, 15), D(20)),
        GradebookColumn("Étude de cas", date(2026, 2, 2), D(40), D(2)),
    )
    lines = (
        GradebookLine(LEA, (D("14.5"), D("31.25")), D("15.0625")),
        GradebookLine(HOSTILE, ("ABS", None), None),
    )
    subject = GradebookSubject(
        "Relation client et négociation-vente",
        "S1",
        columns,
        lines,
        (D("14.5"), D("31.25")),
        D("15.0625"),
    )
    other = GradebookSubject(
        "CEJM", "S1", (), (GradebookLine(NOAH, (), None),), (), None
    )
    return CohortGradebook(
        "CFA du Commerce — Lyon",
        "NDRC 2025-2027",
        (subject, other),
        datetime(2026, 3, 1, 9, 30),
    )


def jury_report() -> JuryReport:
    """Give a procès-verbal with an admitted, a refused and an incomplete candidate."""
    units = UNITS[:6]
    admitted = JuryRow(
        LEA,
        "0271234",
        (D(12), D("13.5"), D(11), D(14), D("12.5"), D(15)),
        D("273.5"),
        D(21),
        D("273.5") / 21,
        "Admis",
    )
    refused = JuryRow(
        HOSTILE,
        "0271235",
        ("DISP", D(8), D(7), D("9.5"), D(6), D(10)),
        D("149.5"),
        D(18),
        D("149.5") / 18,
        "Refusé",
        "U1 dispensée (BTS détenu)",
    )
    missing = JuryRow(
        NOAH,
        "0271236",
        (D(10), "ABJ", "ABS", D(11), "ABS", D(12)),
        None,
        None,
        None,
        "Refusé(e) pour absence",
    )
    return JuryReport(
        "CFA du Commerce — Lyon",
        "BTS NDRC",
        "2027",
        date(2027, 7, 2),
        "Mme Claire Bernard",
        units,
        (admitted, refused, missing),
    )


def bloc_attestation() -> BlocAttestation:
    """Give an attestation of two blocs, one valid to a date, one to a session."""
    blocs = (
        BlocLine(
            "Bloc 1",
            "Relation client et négociation-vente",
            "U4",
            D("14.5"),
            "2026",
            date(2026, 7, 3),
            date(2031, 7, 3),
        ),
        BlocLine(
            "Bloc 3",
            "Relation client et animation de réseaux",
            "U6",
            D(12),
            "2026",
            date(2026, 7, 3),
            "session 2031",
        ),
        BlocLine(
            "",
            "Culture économique, juridique et managériale",
            "U3",
            D(11),
            "2026",
            date(2026, 7, 3),
            "session 2031",
        ),
    )
    return BlocAttestation(
        "CFA du Commerce — Lyon",
        "BTS NDRC",
        HOSTILE,
        blocs,
        date(2026, 7, 10),
        Signatory("M. Paul Durand", "directeur du CFA", "Lyon"),
        rncp="38368",
    )
