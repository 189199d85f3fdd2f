"""A student's attestation of the blocs held, with their validity (R4).

A student's own attestation shows only the blocs of published sessions (R7);
without any bloc it says so (an answer like any other, not a refusal).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from grading import Regulation, Validity, load_regulation
from importers.exports import write_bloc_attestation
from importers.report_records import BlocAttestation, BlocLine, Identity, Signatory
from service.access.visibility import Visibility
from service.models import Student
from service.operations.blocs import BlocView, blocs_on, validity_policy
from service.operations.progress import load_blocs

NOTE = "Attestation établie d'après le registre des blocs de Carnet."
NONE_HELD = "Aucun bloc de compétences acquis à ce jour."


def export_attestation(
    student: Student,
    issued_on: date,
    signatories: tuple[str, Signatory],
    visibility: Visibility,
) -> bytes:
    """Return the attestation of the blocs the student holds as xlsx bytes (R4)."""
    return write_bloc_attestation(
        bloc_attestation(student, issued_on, signatories, visibility)
    )


def bloc_attestation(
    student: Student,
    issued_on: date,
    signatories: tuple[str, Signatory],
    visibility: Visibility,
) -> BlocAttestation:
    """Build the attestation of the blocs held on ``issued_on`` (R4), for xlsx and PDF.

    ``signatories`` are the centre and who signs (name, role, place);
    ``visibility`` filters per R7.
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
    blocs = rncp_blocs(regulation)
    return BlocAttestation(
        centre=centre,
        diploma=regulation.title,
        student=Identity(
            student.last_name, student.first_name, student.birth_date, student.ine
        ),
        blocs=tuple(bloc_line(view, (regulation, blocs), policy) for view in held),
        issued_on=issued_on,
        signatory=signatory,
        notes=(NOTE,) if held else (NOTE, NONE_HELD),
        rncp=blocs.rncp,
    )


@dataclass(frozen=True, slots=True)
class RncpBlocs:
    """The RNCP file of a regulation and its blocs' titles by number (R4)."""

    rncp: str
    titles: Mapping[int, str]


@cache
def _rncp_data(regulation_id: str, effective_from: int) -> RncpBlocs:
    name = f"regulations/{regulation_id}.{effective_from}.json"
    data = json.loads(resources.files("grading").joinpath(name).read_text("utf-8"))
    blocs = data.get("blocs", {})  # its "source" names the text the titles quote
    titles = {
        int(number): str(title) for number, title in blocs.get("titles", {}).items()
    }
    return RncpBlocs(str(blocs.get("rncp", "")), titles)


def rncp_blocs(regulation: Regulation) -> RncpBlocs:
    """Read the blocs' RNCP data from the regulation's file (none: empty)."""
    return _rncp_data(regulation.id, regulation.effective_from)


def bloc_line(
    view: BlocView, sources: tuple[Regulation, RncpBlocs], policy: Validity
) -> BlocLine:
    """Describe one bloc held; its end of validity follows the policy (R4).

    The bloc's number and title are the RNCP file's; a unit without a bloc
    (a general unit) leaves the bloc blank and gives its own title.
    """
    regulation, blocs = sources
    unit = regulation.units.get(view.unit)
    number = None if unit is None else unit.bloc
    unit_title = view.unit if unit is None else unit.title
    return BlocLine(
        bloc="" if number is None else f"Bloc {number}",
        title=unit_title if number is None else blocs.titles.get(number, unit_title),
        unit_code=view.unit,
        grade=view.grade,
        session=f"session {view.obtained_session_year}",
        obtained_on=view.obtained_on,
        valid_through=view.valid_until
        if policy is Validity.CALENDAR
        else f"session {view.valid_through_session}",
    )
