"""The audit trail: the director's list, and the handler that records refused writes."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app
from flask_smorest import Blueprint
from sqlalchemy.exc import SQLAlchemyError

from service.access.rules import DIRECTOR_ONLY
from service.api.pagination import SelectPage
from service.api.schemas.audit import AuditEventSchema, AuditQuerySchema
from service.errors import handle_http_exception
from service.operations.audit import RefusedWrite, audit_events, persist_refusal

blp = Blueprint("audit", __name__, url_prefix="/api/v1", description="Journal d'audit")

RULES = {"audit.list_events": DIRECTOR_ONLY}


@blp.get("/audit")
@blp.arguments(AuditQuerySchema, location="query")
@blp.response(200, AuditEventSchema(many=True))
@blp.paginate(SelectPage)
def list_events(query: dict[str, Any]) -> Any:
    """List audited operations (refusals included), newest first."""
    return audit_events(query.get("action"), query.get("actor_id"))


@blp.app_errorhandler(RefusedWrite)
def refused_write(error: RefusedWrite) -> Response | Any:
    """Answer 409 for a refused write, after recording the refusal (T07).

    The request's work is rolled back; the audit row is committed on its own.
    """
    try:
        persist_refusal(error.record)
    except SQLAlchemyError:
        current_app.logger.exception("Refusal could not be audited: %s", error.record)
    return handle_http_exception(error)
