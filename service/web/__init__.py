"""The French web pages (Jinja): login, home pages per role, cohorts."""

from decimal import ROUND_HALF_UP, Decimal

from flask import Flask

from service.access.guard import access_rules
from service.access.identity import csrf_token
from service.models import GradeStatus
from service.web import (
    admin_assignments,
    admin_cohorts,
    admin_contracts,
    admin_periods,
    admin_roster,
    admin_students,
    admin_tutors,
    admin_users,
    appreciations,
    apprentice,
    assessments,
    attendance,
    audit_log,
    auth,
    ccf,
    classes,
    dashboard,
    exam_session_grid,
    exam_session_registrations,
    exam_session_steps,
    exam_sessions,
    export_jobs,
    exports,
    grade_grid,
    history,
    jury,
    justifications,
    livret_avis,
    navigation,
    pages,
    password_reset,
    planning,
    roll_call,
    sheet_batches,
    sheets,
)
from service.web.blueprint import blueprint

STATUS_LABELS = {
    GradeStatus.ABS: "Absent·e",
    GradeStatus.ABJ: "Absence justifiée",
    GradeStatus.DISP: "Dispensé·e",
    GradeStatus.NN: "Non noté",
}


#: Each module attaches its views to the blueprint and declares their access
#: ``RULES`` (D11); ownership is checked in the views through ``service.access``.
PAGE_MODULES = (
    auth,
    pages,
    navigation,
    classes,
    assessments,
    ccf,
    history,
    appreciations,
    grade_grid,
    sheets,
    sheet_batches,
    apprentice,
    exam_sessions,
    exam_session_registrations,
    exam_session_grid,
    exam_session_steps,
    jury,
    livret_avis,
    exports,
    export_jobs,
    audit_log,
    admin_users,
    password_reset,
    admin_assignments,
    admin_cohorts,
    admin_roster,
    admin_students,
    admin_tutors,
    dashboard,
    admin_periods,
    admin_contracts,
    planning,
    roll_call,
    attendance,
    justifications,
)


def register_web(app: Flask) -> None:
    """Attach the web blueprint, its access rules and its template helpers."""
    app.register_blueprint(blueprint)
    with app.app_context():
        for module in PAGE_MODULES:
            access_rules().add(module.RULES)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.filters["note"] = french_number
    app.jinja_env.filters["statut"] = STATUS_LABELS.get


def french_number(value: Decimal | None) -> str:
    """12.50 → « 12,5 », 14.00 → « 14 »: at most two decimals, decimal comma."""
    if value is None:
        return ""
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
