import io
from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from importers.gradebook_sheet import read_gradebook_sheet, write_gradebook_sheet
from importers.records import (
    GradebookSheet,
    GradeCode,
    KnownStudent,
    SheetAssessment,
    SheetGrade,
    SheetStudent,
)
from importers.text import safe_text

_NAME_CHARS = st.sampled_from("abcdeéèêàçîôùÉÈÀÇŒœ' -=+@ÿñ\t")
names = st.text(_NAME_CHARS, min_size=1, max_size=20)
maxima = st.decimals(min_value=1, max_value=100, places=2)


@st.composite
def points(draw: st.DrawFn, top: Decimal) -> Decimal:
    cents = draw(st.integers(min_value=0, max_value=int(top * 100)))
    places = draw(st.sampled_from([0, 1, 2]))
    value = Decimal(cents) / 100
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding="ROUND_DOWN")
    return min(rounded, top)


@st.composite
def books(draw: st.DrawFn) -> GradebookSheet:
    count = draw(st.integers(min_value=1, max_value=3))
    assessments = tuple(
        SheetAssessment(100 + i, draw(names), draw(maxima)) for i in range(count)
    )
    ines = draw(st.lists(st.from_regex(r"[0-9]{10}[A-Z]", fullmatch=True), unique=True))
    students = tuple(
        SheetStudent(
            id=1 + index * 7,
            ine=ines[index] if index < len(ines) else None,
            last_name=draw(names),
            first_name=draw(names),
        )
        for index in range(draw(st.integers(min_value=1, max_value=12)))
    )
    grades = []
    for student in students:
        for assessment in assessments:
            kind = draw(st.sampled_from(["blank", "points", "code"]))
            if kind == "blank":
                continue
            value = (
                draw(points(assessment.max_points))
                if kind == "points"
                else draw(st.sampled_from(list(GradeCode)))
            )
            version = draw(st.integers(min_value=1, max_value=10_000))
            grades.append(SheetGrade(student.id, assessment.id, value, version))
    when = datetime(2026, 3, 2, 8, 15, 30, tzinfo=UTC)
    return GradebookSheet(draw(names), assessments, students, tuple(grades), when)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(books())
def test_export_then_import_gives_back_every_grade_exactly(
    book: GradebookSheet,
) -> None:
    data = write_gradebook_sheet(book)
    known = [KnownStudent(s.id, s.ine) for s in book.students]
    result = read_gradebook_sheet(data, "notes.xlsx", known)
    assert result.errors == ()
    read = {(g.student_id, g.assessment_id): g.value for g in result.grades}
    written = {(g.student_id, g.assessment_id): g.value for g in book.grades}
    assert read == written
    assert all(
        type(a) is type(b)
        for a, b in zip(read.values(), written.values(), strict=False)
    )
    assert result.stamp is not None
    assert result.stamp.version_map() == {
        (g.student_id, g.assessment_id): g.version for g in book.grades
    }
    assert [(a.id, a.max_points) for a in result.stamp.assessments] == [
        (a.id, a.max_points) for a in book.assessments
    ]
    assert result.stamp.exported_at == book.exported_at
    _assert_names_are_plain_text(data, book)


def _assert_names_are_plain_text(data: bytes, book: GradebookSheet) -> None:
    sheet = load_workbook(io.BytesIO(data))["Notes"]
    for offset, student in enumerate(book.students, start=5):
        for column, name in (("C", student.last_name), ("D", student.first_name)):
            cell = sheet[f"{column}{offset}"]
            assert cell.data_type == "s"
            assert cell.value == safe_text(name)
