"""The director's exports page: each file a download link, the long ones as jobs.

Downloads build their file in ``service.operations.exports.files`` (the API's and
the CLI's exports too) and record who exported what (``export.*`` audit rows).
The whole-centre export, a session's PV and a cohort's livret PDF run as
background jobs (``service.web.export_jobs``): the page starts those.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import PurePath

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from service.access.attendance import reachable_contracts, reachable_half_days
from service.access.guard import Caller, current_caller
from service.access.rules import DIRECTOR_ONLY, STAFF, Ownership
from service.access.scope import (
    cohort_in_reach,
    not_found,
    reachable_cohorts,
    student_in_reach,
)
from service.centre_time import PARIS, centre_today
from service.extensions import db
from service.jobs.records import recent_jobs
from service.models import (
    AuditEvent,
    Contract,
    ExamSession,
    SessionState,
    Student,
    utc_now,
)
from service.operations.audit import audit_events
from service.operations.classes import cohorts_with_sizes
from service.operations.exports.attendance import parse_month
from service.operations.exports.files import (
    EXPORT_LABELS,
    ExportFile,
    attendance_sheet_file,
    attestation_file,
    attestation_pdf_file,
    funder_proof_file,
    gradebook_file,
    livret_file,
    pv_file,
    pv_pdf_file,
    record_export,
)
from service.problems import Problem
from service.web.blueprint import blueprint

RULES = {
    "web.exports": DIRECTOR_ONLY,
    "web.export_livret": DIRECTOR_ONLY,
    "web.export_gradebook": DIRECTOR_ONLY,
    "web.export_pv": DIRECTOR_ONLY,
    "web.export_attestation": DIRECTOR_ONLY,
    "web.choose_attestation": DIRECTOR_ONLY,
    "web.export_pv_pdf": DIRECTOR_ONLY,
    "web.export_attestation_pdf": DIRECTOR_ONLY,
    "web.export_attendance_sheet": STAFF,
    "web.export_funder_proof": DIRECTOR_ONLY,
}

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The download's type, by the file name's extension.
MIMETYPES = {".xlsx": XLSX, ".pdf": "application/pdf"}
#: Exports listed on the page (the journal has them all).
HISTORY_LENGTH = 15


@blueprint.get("/exports")
def exports() -> ResponseReturnValue:
    """The exports: per cohort, per session, attestations, jobs, history."""
    caller = current_caller()
    sessions = db.session.scalars(
        select(ExamSession).order_by(ExamSession.year.desc())
    ).all()
    students = db.session.scalars(
        select(Student)
        .where(Student.erased_at.is_(None))
        .order_by(Student.last_name, Student.first_name, Student.id)
    ).all()
    history = db.session.scalars(
        audit_events(None, None)
        .where(AuditEvent.action.in_(EXPORT_LABELS))
        .limit(HISTORY_LENGTH)
    ).all()
    contracts = db.session.scalars(
        reachable_contracts(caller)
        .join(Contract.student)
        .where(Student.erased_at.is_(None))
        .order_by(Student.last_name, Student.first_name, Contract.starts_on)
    ).all()
    page = render_template(
        "web/exports/exports.html",
        contracts=contracts,
        this_month=f"{centre_today():%Y-%m}",
        cohorts=cohorts_with_sizes(reachable_cohorts(caller)),
        sessions=sessions,
        open_state=SessionState.OPEN,
        students=students,
        jobs=recent_jobs(current_app.config),
        history=history,
        labels=EXPORT_LABELS,
        paris=PARIS,
    )
    db.session.commit()  # stale jobs just marked failed
    return page


@blueprint.get("/exports/classes/<int:cohort_id>/livret.xlsx")
def export_livret(cohort_id: int) -> ResponseReturnValue:
    """Download a cohort's livret scolaire (R8)."""
    cohort = cohort_in_reach(current_caller(), cohort_id)
    return _download(
        lambda: livret_file(cohort, current_app.config),
        "export.livret",
        ("cohort", cohort.id),
    )


@blueprint.get("/exports/classes/<int:cohort_id>/carnet.xlsx")
def export_gradebook(cohort_id: int) -> ResponseReturnValue:
    """Download a cohort's gradebook, every subject."""
    cohort = cohort_in_reach(current_caller(), cohort_id)
    return _download(
        lambda: gradebook_file(cohort, current_app.config, utc_now()),
        "export.gradebook",
        ("cohort", cohort.id),
    )


@blueprint.get("/exports/sessions/<int:session_id>/pv.xlsx")
def export_pv(session_id: int) -> ResponseReturnValue:
    """Download a session's procès-verbal (once its results are computed, R3)."""
    session = load_session(session_id)
    return _download(
        lambda: pv_file(session, current_app.config),
        "export.pv",
        ("exam_session", session.id),
    )


@blueprint.get("/exports/apprentis/<int:student_id>/attestation.xlsx")
def export_attestation(student_id: int) -> ResponseReturnValue:
    """Download an apprentice's attestation of the blocs held today (R4)."""
    student = student_in_reach(current_caller(), student_id)
    return _download(
        lambda: attestation_file(student, current_app.config, utc_now()),
        "export.attestation",
        ("student", student.id),
    )


@blueprint.get("/exports/sessions/<int:session_id>/pv.pdf")
def export_pv_pdf(session_id: int) -> ResponseReturnValue:
    """Download a session's procès-verbal as PDF, to print and sign (R3)."""
    session = load_session(session_id)
    return _download(
        lambda: pv_pdf_file(session, current_app.config),
        "export.pv_pdf",
        ("exam_session", session.id),
    )


@blueprint.get("/exports/apprentis/<int:student_id>/attestation.pdf")
def export_attestation_pdf(student_id: int) -> ResponseReturnValue:
    """Download an apprentice's attestation of blocs as PDF, to sign (R4)."""
    student = student_in_reach(current_caller(), student_id)
    return _download(
        lambda: attestation_pdf_file(student, current_app.config, utc_now()),
        "export.attestation_pdf",
        ("student", student.id),
    )


@blueprint.get("/exports/attestation")
def choose_attestation() -> ResponseReturnValue:
    """The attestation form's target (no JS): send to the chosen apprentice's file,
    xlsx or PDF (``format=pdf``)."""
    chosen = request.args.get("apprenti", "")
    if not chosen.isdigit():
        flash("Choisissez un·e apprenti·e pour son attestation.", "error")
        return redirect(url_for("web.exports"))
    pdf = request.args.get("format") == "pdf"
    endpoint = "web.export_attestation_pdf" if pdf else "web.export_attestation"
    return redirect(url_for(endpoint, student_id=int(chosen)))


@blueprint.get("/exports/emargement.xlsx")
def export_attendance_sheet() -> ResponseReturnValue:
    """Download a cohort's sign-in sheet of a month (« classe », « mois », R8);
    a trainer's holds the half-days they teach."""
    chosen, month = request.args.get("classe", ""), request.args.get("mois", "")
    first = parse_month(month)
    if not chosen.isdigit() or first is None:
        wrong = "Classe : choisissez une classe." if not chosen.isdigit() else ""
        flash(wrong or "Mois : choisissez un mois (AAAA-MM).", "error")
        return redirect(url_for(_back(current_caller())))
    caller = current_caller()
    cohort = cohort_in_reach(caller, int(chosen))
    half_days = reachable_half_days(caller)  # a trainer's own half-days
    return _download(
        lambda: attendance_sheet_file(cohort, first, current_app.config, half_days),
        "export.attendance_sheet",
        ("cohort", cohort.id),
        back=_back(caller),
    )


@blueprint.get("/exports/assiduite.xlsx")
def export_funder_proof() -> ResponseReturnValue:
    """Download a contract's proof of attendance for its funder (« contrat », R8)."""
    chosen = request.args.get("contrat", "")
    if not chosen.isdigit():
        flash("Contrat : choisissez le contrat d'un·e apprenti·e.", "error")
        return redirect(url_for("web.exports"))
    statement = reachable_contracts(current_caller()).where(Contract.id == int(chosen))
    contract = db.session.scalar(statement)
    if contract is None:
        raise not_found("Contrat")
    return _download(
        lambda: funder_proof_file(contract, current_app.config, centre_today()),
        "export.funder_proof",
        ("contract", contract.id),
    )


def _back(caller: Caller) -> str:
    """Where a refused sheet sends its caller back: the exports, or a trainer's
    roll calls."""
    return "web.exports" if caller.ownership is Ownership.ALL else "web.roll_calls"


def load_session(session_id: int) -> ExamSession:
    """Return an exam session, or 404."""
    session = db.session.get(ExamSession, session_id)
    if session is None:
        raise not_found("Session d'examen")
    return session


def _download(
    make: Callable[[], ExportFile],
    action: str,
    target: tuple[str, int],
    back: str = "web.exports",
) -> ResponseReturnValue:
    """Build the file and record its export; a refusal comes back to the page
    ``back`` (a server unable to make it, such as PDFs without WeasyPrint,
    answers 503)."""
    try:
        made = make()
    except Problem as refused:
        if refused.code is not None and refused.code >= 500:
            raise
        flash(str(refused.description), "error")
        return redirect(url_for(back))
    record_export(current_caller().user.id, action, target, made.name)
    db.session.commit()
    return send_file(
        BytesIO(made.data),
        mimetype=MIMETYPES[PurePath(made.name).suffix],
        as_attachment=True,
        download_name=made.name,
        max_age=0,
    )
