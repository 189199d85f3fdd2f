"""The French web pages (Jinja): login, home pages per role, cohorts."""

from decimal import ROUND_HALF_UP, Decimal

from flask import Flask

from service.access.guard import access_rules
from service.access.identity import csrf_token
from service.access.rules import ANY_ACCOUNT, EVERYONE_SCOPED, PUBLIC, STAFF
from service.models import GradeStatus
from service.web import auth, pages  # noqa: F401  (their views attach to the blueprint)
from service.web.blueprint import blueprint

STATUS_LABELS = {
    GradeStatus.ABS: "Absent·e",
    GradeStatus.ABJ: "Absence justifiée",
    GradeStatus.DISP: "Dispensé·e",
    GradeStatus.NN: "Non noté",
}


#: Access rules of the pages (D11); ownership is checked in the views as in the API.
RULES = {
    "web.login": PUBLIC,
    "web.logout": ANY_ACCOUNT,
    "web.change_password": ANY_ACCOUNT,
    "web.home": EVERYONE_SCOPED,
    "web.cohort": STAFF,
}


def register_web(app: Flask) -> None:
    """Attach the web blueprint, its access rules and its template helpers."""
    app.register_blueprint(blueprint)
    with app.app_context():
        access_rules().add(RULES)
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
