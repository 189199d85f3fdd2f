"""HTTP shapes of student records (the exam-candidate file of an apprentice)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from service.api.schemas.fields import RowId, Text
from service.models import CandidateCategory, ContractType, ExamForm, validate_ine


class Ine(ma.fields.String):
    """An INE: 9 digits + 2 letters or 10 digits + 1 letter, upper-cased."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> str:
        text = str(super()._deserialize(value, attr, data, **kwargs))
        try:
            return validate_ine(text)
        except ValueError as error:
            raise ma.ValidationError(str(error)) from error


class StudentSchema(ma.Schema):
    """A student record as it is read."""

    id = ma.fields.Integer()
    student_number = ma.fields.String()
    cohort_id = ma.fields.Integer()
    last_name = ma.fields.String()
    first_name = ma.fields.String()
    full_name = ma.fields.String()
    birth_date = ma.fields.Date(allow_none=True)
    ine = ma.fields.String(allow_none=True)
    email = ma.fields.String(allow_none=True)
    candidate_category = ma.fields.Enum(CandidateCategory, by_value=True)
    exam_form = ma.fields.Enum(ExamForm, by_value=True)
    contract = ma.fields.Enum(ContractType, by_value=True, allow_none=True)
    employer = ma.fields.String(allow_none=True)
    tutor_name = ma.fields.String(allow_none=True)
    tutor_email = ma.fields.String(allow_none=True)
    user_id = ma.fields.Integer(allow_none=True)
    erased_at = ma.fields.AwareDateTime(allow_none=True)
    retention_basis = ma.fields.String(allow_none=True)


class StudentPatchSchema(ma.Schema):
    """The fields of a student record the director may change."""

    last_name = Text(100)
    first_name = Text(100)
    birth_date = ma.fields.Date(allow_none=True)
    ine = Ine(allow_none=True, metadata={"example": "123456789AB"})
    email = ma.fields.Email(allow_none=True, validate=ma.validate.Length(3, 254))
    candidate_category = ma.fields.Enum(CandidateCategory, by_value=True)
    exam_form = ma.fields.Enum(ExamForm, by_value=True)
    contract = ma.fields.Enum(ContractType, by_value=True, allow_none=True)
    employer = Text(200, allow_none=True)
    tutor_name = Text(200, allow_none=True)
    tutor_email = ma.fields.Email(allow_none=True, validate=ma.validate.Length(3, 254))
    user_id = RowId(
        allow_none=True,
        metadata={"description": "The student's own account (role student)"},
    )


class StudentCreateSchema(StudentPatchSchema):
    """A new student record."""

    student_number = Text(20, required=True)
    cohort_id = RowId(required=True)
    last_name = Text(100, required=True)
    first_name = Text(100, required=True)
    candidate_category = ma.fields.Enum(
        CandidateCategory, by_value=True, load_default=CandidateCategory.CFA_HABILITE
    )
    exam_form = ma.fields.Enum(ExamForm, by_value=True, load_default=ExamForm.GLOBALE)


class StudentQueryArgsSchema(ma.Schema):
    """Filters of the student list."""

    cohort_id = RowId(strict=False)
    q = Text(100, metadata={"description": "Part of the last or first name"})
    ine = Ine()
