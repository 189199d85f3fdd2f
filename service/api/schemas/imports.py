"""Spreadsheet imports: the upload form, batches and their preview, mappings."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload

from service.api.schemas.common import row_id
from service.models import ImportKind, ImportState

#: JSON given in a form field (an item → assessment map, a column mapping).
MAX_JSON_FORM = 20_000


class UploadFileSchema(ma.Schema):
    """The uploaded file (multipart/form-data field ``file``)."""

    file = Upload(required=True)


class UploadFormSchema(ma.Schema):
    """The other fields of an upload."""

    kind = ma.fields.Enum(ImportKind, by_value=True, required=True)
    force = ma.fields.Boolean(load_default=False)
    #: moodle: JSON object, Moodle item name → assessment id.
    items = ma.fields.String(validate=ma.validate.Length(2, MAX_JSON_FORM))
    #: generic: JSON column mapping (see the docs); absent: the remembered one.
    mapping = ma.fields.String(validate=ma.validate.Length(2, MAX_JSON_FORM))
    #: roster: the cohort receiving the students.
    cohort_id = row_id()
    #: moodle: the maximum of Moodle's grades (« 100 »); each grade is then
    #: rescaled exactly to its assessment's maximum. Absent: taken as they are.
    moodle_max = ma.fields.String(validate=ma.validate.Length(1, 20))


class CellErrorSchema(ma.Schema):
    """One error of a file: sheet, A1 cell and a French message."""

    sheet = ma.fields.String()
    cell = ma.fields.String()
    message = ma.fields.String()


class PreviewRowSchema(ma.Schema):
    """One of the first rows of a preview."""

    sheet = ma.fields.String()
    cell = ma.fields.String()
    student_id = ma.fields.Integer()
    assessment_id = ma.fields.Integer(allow_none=True)
    score = ma.fields.String(allow_none=True)
    status = ma.fields.String(allow_none=True)
    seen = ma.fields.Integer(allow_none=True)
    state = ma.fields.String()
    before = ma.fields.Dict(allow_none=True)
    last_name = ma.fields.String()
    first_name = ma.fields.String()
    #: moodle with a confirmed maximum: the grade as written in Moodle.
    source_score = ma.fields.String(allow_none=True)
    #: roster: what matched the row to a student (number, INE, e-mail or name).
    matched_by = ma.fields.String(allow_none=True)
    #: roster: « rapproché par le nom » when the name alone matched (T32).
    match = ma.fields.String(allow_none=True)


class PreviewSchema(ma.Schema):
    """Counts, first rows and every error of an upload."""

    new = ma.fields.Integer()
    changed = ma.fields.Integer()
    unchanged = ma.fields.Integer()
    errors = ma.fields.List(ma.fields.Nested(CellErrorSchema))
    first_rows = ma.fields.List(ma.fields.Nested(PreviewRowSchema))
    stale_cells = ma.fields.List(ma.fields.String())
    #: moodle: the maximum the grades were rescaled from (None: not rescaled).
    source_max = ma.fields.String(allow_none=True)


class BatchSchema(ma.Schema):
    """An import batch: who, which file, its counts and state."""

    id = ma.fields.Integer()
    kind = ma.fields.String()
    created_by_id = ma.fields.Integer(allow_none=True)
    file_name = ma.fields.String()
    sha256 = ma.fields.String()
    rows_read = ma.fields.Integer()
    rows_imported = ma.fields.Integer()
    rows_rejected = ma.fields.Integer()
    state = ma.fields.Enum(ImportState, by_value=True)
    created_at = ma.fields.AwareDateTime()
    finished_at = ma.fields.AwareDateTime(allow_none=True)


class BatchDetailSchema(BatchSchema):
    """A batch with its preview."""

    forced = ma.fields.Boolean()
    preview = ma.fields.Nested(PreviewSchema)


class CommittedSchema(BatchSchema):
    """A committed batch and what the commit wrote."""

    created = ma.fields.Integer()
    updated = ma.fields.Integer()
    unchanged = ma.fields.Integer()


class UndoneSchema(BatchSchema):
    """An undone batch and how many grades were restored."""

    restored = ma.fields.Integer()


class MappingSchema(ma.Schema):
    """A remembered column mapping of a generic sheet."""

    id = ma.fields.Integer()
    signature = ma.fields.String()
    headers = ma.fields.List(ma.fields.String())
    mapping = ma.fields.Dict()
    updated_at = ma.fields.AwareDateTime()


class SheetQuerySchema(ma.Schema):
    """A subject × period of a cohort, for its gradebook sheet."""

    cohort_id = row_id(required=True)
    subject_id = row_id(required=True)
    period_id = row_id(required=True)
