"""A student's attestation of the blocs held, with their validity (R4).

A student's own attestation shows only the blocs of published sessions (R7);
without any bloc it says so (an answer like any other, not a refusal).
"""

from __future__ import annotations

from datetime import date

from grading import Regulation, Validity, load_regulation
from importers.exports import write_bloc_attestation
from importers.report_records import BlocAttestation, BlocLine, Identity
from service.access.visibility import Visibility
from service.models import Student
from service.operations.blocs import BlocView, blocs_on, validity_policy
from service.operations.progress import load_blocs

NOTE = "Attestation établie d'après le registre des blocs de Carnet."
NONE_HELD = "Aucun bloc de compétences acquis à ce jour."


def export_attestation(
    student: Student,
    issued_on: date,
    signatories: tuple[str, str],
    visibility: Visibility,
) -> bytes:
    """Return the attestation of the blocs the student holds on ``issued_on`` (R4).

    ``signatories`` are the centre and who signs; ``visibility`` filters per R7.
    """
    centre, signatory = signatories
    regulation = load_regulation(student.cohort.regulation_id)
    rows = load_blocs([student.id], visibility)
    shown = {(b.unit, b.obtained_on) for b in rows}
    # The engine's view of the ledger once every recorded jury has sat (R4).
    on = max([issued_on, *(b.obtained_on for b in rows)])
    held = [
        view
        for view in blocs_on(student, on)
        if view.valid_until >= issued_on and (view.unit, view.obtained_on) in shown
    ]
    policy = validity_policy()
    return write_bloc_attestation(
        BlocAttestation(
            centre=centre,
            diploma=regulation.title,
            student=Identity(
                student.last_name, student.first_name, student.birth_date, student.ine
            ),
            blocs=tuple(bloc_line(view, regulation, policy) for view in held),
            issued_on=issued_on,
            signatory=signatory,
            notes=(NOTE,) if held else (NOTE, NONE_HELD),
        )
    )


def bloc_line(view: BlocView, regulation: Regulation, policy: Validity) -> BlocLine:
    """Describe one bloc held; its end of validity follows the policy (R4)."""
    unit = regulation.units.get(view.unit)
    number = None if unit is None else unit.bloc
    return BlocLine(
        bloc=view.unit if number is None else f"Bloc {number}",
        title=view.unit if unit is None else unit.title,
        unit_code=view.unit,
        grade=view.grade,
        session=f"session {view.obtained_session_year}",
        obtained_on=view.obtained_on,
        valid_through=view.valid_until
        if policy is Validity.CALENDAR
        else f"session {view.valid_through_session}",
    )
