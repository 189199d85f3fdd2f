"""The cohort gradebook, the jury's procès-verbal and the bloc attestation.

Every export kind is also opened by LibreOffice (headless): converted to PDF,
and converted back to xlsx that openpyxl reads.
"""

import csv
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.bloc_attestation import BLANK
from importers.exports import (
    write_bloc_attestation,
    write_cohort_gradebook,
    write_jury_report,
    write_livret,
)
from importers.jury_report import CODES_LEGEND
from importers.page_fit import MIN_PRINTED_POINTS
from importers.report_records import GradebookSubject, JuryReport, Signatory
from tests.importers import report_samples as samples
from tests.importers.export_checks import (
    convert,
    exact,
    find,
    formula_parts,
    load,
    pdf_words,
    printed_sizes,
    round_trip,
    texts,
)

D = Decimal
#: LibreOffice's CSV filter: comma, double quote, UTF-8 (76), cells as shown.
CSV_UTF8 = "csv:Text - txt - csv (StarCalc):44,34,76,1"
EXPORTS = {
    "livret": lambda: write_livret(samples.livret()),
    "carnet": lambda: write_cohort_gradebook(samples.cohort_gradebook()),
    "proces-verbal": lambda: write_jury_report(samples.jury_report()),
    "attestation": lambda: write_bloc_attestation(samples.bloc_attestation()),
}


def test_the_gradebook_has_one_sheet_per_subject_with_marks_and_averages() -> None:
    workbook = load(write_cohort_gradebook(samples.cohort_gradebook()))
    assert workbook.sheetnames == [
        "01 Relation client et négociati",
        "02 CEJM S1",
    ]
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[4]] == [
        "Nom",
        "Prénom",
        "INE",
        "Exposé oral",
        "Étude de cas",
        "Moyenne",
    ]
    assert sheet["D5"].value == datetime(2026, 1, 15)
    assert sheet["D5"].number_format == "DD/MM/YYYY"
    assert [exact(sheet.cell(row=6, column=c).value) for c in (4, 5)] == [20, 40]
    assert exact(sheet["E7"].value) == 2
    assert exact(sheet["D8"].value) == D("14.5")
    assert exact(sheet["F8"].value) == D("15.0625")
    assert sheet["F8"].number_format == "0.00"
    assert [sheet.cell(row=9, column=c).value for c in (4, 5, 6)] == ["ABS", None, None]
    assert sheet["A10"].value == "Moyenne de la classe"
    assert exact(sheet["F10"].value) == D("15.0625")
    assert sheet.freeze_panes == "D8"
    assert sheet.print_title_rows == "$4:$7"


def test_a_gradebook_subject_needs_one_mark_per_assessment() -> None:
    subject = samples.cohort_gradebook().subjects[0]
    with pytest.raises(ValueError, match="one mark per assessment"):
        replace(subject, lines=(replace(subject.lines[0], marks=(D(1),)),))
    with pytest.raises(ValueError, match="one class mean"):
        GradebookSubject("X", "S1", subject.columns, (), (), None)


def test_the_proces_verbal_lists_candidates_grades_averages_and_decisions() -> None:
    sheet = load(write_jury_report(samples.jury_report())).worksheets[0]
    assert sheet.title == "Procès-verbal"
    header = [c.value for c in sheet[5]]
    assert header[:10] == [
        "N° candidat",
        "Nom",
        "Prénom",
        "Né(e) le",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "U6",
    ]
    assert header[10:] == [
        "Total des points",
        "Diviseur",
        "Moyenne",
        "Décision",
        "Observations",
    ]
    assert sheet["A6"].value == "0271234"
    assert exact(sheet["K6"].value) == D("273.5")
    assert exact(sheet["L6"].value) == 21
    assert float(sheet["M6"].value) == pytest.approx(273.5 / 21, abs=1e-12)
    assert sheet["M6"].number_format == "0.00"
    assert sheet["N6"].value == "Admis"
    assert sheet["E7"].value == "DISP"
    assert sheet["O7"].value == "U1 dispensée (BTS détenu)"
    assert [sheet.cell(row=8, column=c).value for c in (6, 7, 9, 11, 14)] == [
        "ABJ",
        "ABS",
        "ABS",
        None,
        "Refusé(e) pour absence",
    ]
    assert sheet["N8"].alignment.wrap_text
    assert sheet["B3"].value == datetime(2027, 7, 2)
    assert sheet["D3"].value == "Mme Claire Bernard"
    find(sheet, CODES_LEGEND)
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$5:$5"


def test_the_proces_verbal_counts_candidates_per_decision() -> None:
    sheet = load(write_jury_report(samples.jury_report())).worksheets[0]
    row, _ = find(sheet, "Récapitulatif")
    tally = [
        (sheet.cell(row=r, column=1).value, sheet.cell(row=r, column=3).value)
        for r in range(row + 1, row + 5)
    ]
    assert tally == [
        ("Admis", 1),
        ("Refusé", 1),
        ("Refusé(e) pour absence", 1),
        ("Candidats", 3),
    ]


def test_a_jury_row_needs_one_mark_per_unit() -> None:
    report = samples.jury_report()
    with pytest.raises(ValueError, match="one mark per unit"):
        JuryReport(
            report.centre,
            report.diploma,
            report.session,
            report.jury_date,
            report.president,
            report.units[:2],
            report.rows,
        )


def test_the_attestation_lists_blocs_with_dates_and_validity() -> None:
    sheet = load(write_bloc_attestation(samples.bloc_attestation())).worksheets[0]
    find(sheet, "Je soussigné(e), M. Paul Durand, directeur du CFA, atteste que :")
    find(sheet, "a obtenu les blocs de compétences suivants (RNCP 38368) :")
    row, column = find(sheet, "Fait à")
    assert sheet.cell(row=row, column=column + 1).value == "Lyon"
    row, _ = find(sheet, "U3")
    assert sheet.cell(row=row, column=1).value is None  # a unit without a bloc
    row, _ = find(sheet, "Bloc 1")
    bloc_1 = [sheet.cell(row=row, column=c).value for c in range(1, 8)]
    assert bloc_1[:3] == ["Bloc 1", "Relation client et négociation-vente", "U4"]
    assert exact(bloc_1[3]) == D("14.5")
    assert bloc_1[4:] == ["2026", datetime(2026, 7, 3), datetime(2031, 7, 3)]
    assert sheet.cell(row=row, column=7).number_format == "DD/MM/YYYY"
    assert sheet.cell(row=row + 1, column=7).value == "session 2031"
    find(
        sheet,
        "Les notes et unités correspondantes sont valables cinq ans à "
        "compter de leur date d'obtention (article D643-15 du Code de l'éducation).",
    )
    row, _ = find(sheet, "Né(e) le")
    assert sheet.cell(row=row, column=2).value == datetime(2005, 11, 3)
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.page_setup.paperSize == 9


def test_an_attestation_without_settings_leaves_dots_to_fill_by_hand() -> None:
    attestation = replace(samples.bloc_attestation(), signatory=Signatory(), rncp="")
    sheet = load(write_bloc_attestation(attestation)).worksheets[0]
    find(sheet, f"Je soussigné(e), {BLANK}, {BLANK}, atteste que :")
    find(sheet, "a obtenu les blocs de compétences suivants :")
    row, column = find(sheet, "Fait à")
    assert sheet.cell(row=row, column=column + 1).value == BLANK


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_no_export_turns_hostile_text_into_a_formula(kind: str) -> None:
    data = EXPORTS[kind]()
    values = texts(load(data))
    assert formula_parts(data) == []
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in values)
    assert not any(ch in v for v in values for ch in "\x00\x07\x0b")
    assert "'" + samples.HOSTILE_LAST_NAME in values


@pytest.fixture(scope="module")
def export_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("exports")
    paths = []
    for kind, write in EXPORTS.items():
        path = folder / f"{kind}.xlsx"
        path.write_bytes(write())
        paths.append(path)
    return paths


def test_libreoffice_prints_every_export_at_8_points_or_more(
    export_files: list[Path], tmp_path: Path
) -> None:
    for name, (size, word) in printed_sizes(export_files, tmp_path).items():
        assert size >= MIN_PRINTED_POINTS, (name, word, size)
    livret = [word for word, _ in pdf_words(tmp_path / "livret.pdf")]
    assert "(2025–2026)" in livret
    assert "2025–2026)" not in livret[livret.index("(2025–2026)") + 1 :]
    pv = " ".join(word for word, _ in pdf_words(tmp_path / "proces-verbal.pdf"))
    assert "Refusé(e) pour absence" in pv
    assert "Mme Claire Bernard" in pv
    attestation = " ".join(word for word, _ in pdf_words(tmp_path / "attestation.pdf"))
    assert "Je soussigné(e), M. Paul Durand, directeur du CFA" in attestation
    assert "Fait à Lyon" in attestation


def test_libreoffice_round_trips_every_export_as_xlsx(
    export_files: list[Path], tmp_path: Path
) -> None:
    saved = round_trip(export_files, tmp_path)
    for name, again in saved.items():
        assert "'" + samples.HOSTILE_LAST_NAME in texts(again), name
    livret = saved["livret.xlsx"]
    assert exact(livret["01 MARTIN Léa"]["P14"].value) == D("14.625")
    assert livret["01 MARTIN Léa"]._charts, "the profile chart survived"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
        ("-SUM(A1:A9)", "'-SUM(A1:A9)"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tSUM(A1:A9)", "'\tSUM(A1:A9)"),
        ("\rSUM(A1:A9)", "'\rSUM(A1:A9)"),
        ("\x00=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("＝SUM(A1:A9)", "＝SUM(A1:A9)"),
    ],
)
def test_every_formula_prefix_stays_text_in_every_kind_of_cell(
    text: str, shown: str
) -> None:
    report = samples.jury_report()
    candidate = replace(samples.LEA, last_name=text)
    row = replace(report.rows[0], decision=text, remarks=text, candidate=candidate)
    data = write_jury_report(replace(report, rows=(row,)))
    sheet = load(data).worksheets[0]
    assert formula_parts(data) == []
    assert [sheet["B6"].value, sheet["N6"].value, sheet["O6"].value] == [shown] * 3
    assert sheet["N6"].data_type == "s"


def test_libreoffice_shows_exact_averages_rounded_half_up(tmp_path: Path) -> None:
    # R2: decisions use the exact value; display rounds half up to two decimals.
    report = samples.jury_report()
    averages = [D("9.975"), D("0.125"), D("2.675"), D("10.005"), D("209.5") / 21]
    rows = tuple(
        replace(report.rows[0], candidate_number=f"C{i}", average=average)
        for i, average in enumerate(averages)
    )
    path = tmp_path / "arrondis.xlsx"
    path.write_bytes(write_jury_report(replace(report, rows=rows)))
    run = convert([path], CSV_UTF8, tmp_path / "csv")
    assert run.returncode == 0, run.stderr
    with (tmp_path / "csv" / "arrondis.csv").open(encoding="utf-8") as lines:
        shown = {row[0]: row[12] for row in csv.reader(lines) if row[:1] != [""]}
    assert [shown[f"C{i}"].replace(",", ".") for i in range(5)] == [
        "9.98",
        "0.13",
        "2.68",
        "10.01",
        "9.98",
    ]


@settings(max_examples=20, deadline=None)
@given(names=st.lists(st.text(max_size=30), min_size=1, max_size=50))
def test_generated_names_and_remarks_always_export_as_text(names: list[str]) -> None:
    # T25/T35: any Unicode, 0 export failures, 0 formulas.
    report = samples.jury_report()
    rows = tuple(
        replace(
            report.rows[0],
            candidate=replace(samples.LEA, last_name=name),
            remarks=name,
            decision=name,
        )
        for name in names
    )
    data = write_jury_report(replace(report, rows=rows))
    assert formula_parts(data) == []
    sheet = load(data).worksheets[0]
    shown = [sheet.cell(row=6 + i, column=2).value or "" for i in range(len(names))]
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in shown)
