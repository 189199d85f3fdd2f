"""Apply the access rules before every request (deny by default)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from http import HTTPStatus
from logging import WARNING

from flask import current_app, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from service.access.identity import (
    SESSION_CSRF,
    bearer_token,
    user_from_session,
    user_from_token,
)
from service.access.rules import AccessRules, Ownership
from service.events import log_event
from service.extensions import db
from service.models import Role, User, utc_now
from service.problems import Problem

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"
LOGIN_PAGE = "web.login"
EXTENSION_KEY = "carnet_access"
#: File uploads (spreadsheet imports) come as forms.
MULTIPART = "multipart/form-data"


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated user of this request and what the route lets them reach."""

    user: User
    ownership: Ownership
    via_token: bool

    @property
    def role(self) -> Role:
        """Return the caller's role."""
        return self.user.role


def access_rules() -> AccessRules:
    """Return the application's access rules."""
    rules = current_app.extensions[EXTENSION_KEY]
    assert isinstance(rules, AccessRules)
    return rules


def current_caller() -> Caller:
    """Return the caller that the guard authenticated for this request."""
    caller = g.get("caller")
    if not isinstance(caller, Caller):
        raise Problem(HTTPStatus.UNAUTHORIZED, "Authentification requise.")
    return caller


def enforce_access() -> Response | None:
    """Refuse the request unless the endpoint's rule admits the caller."""
    endpoint = request.endpoint
    if endpoint is None:
        return None  # Flask answers 404 or 405 by itself
    _require_json_body()
    rule = access_rules().get(endpoint)
    if rule is None:
        raise Problem(HTTPStatus.FORBIDDEN, "Cette route n'a pas de règle d'accès.")
    if rule.public:
        if request.method not in SAFE_METHODS and not request.path.startswith("/api/"):
            _check_csrf()  # login CSRF: the login form too carries the token
        return None
    token = bearer_token()
    now = utc_now()
    user = user_from_token(token, now) if token else user_from_session(now)
    if token and db.session.dirty:
        # The token's last use is recorded even when the view only reads.
        db.session.commit()
    if user is None:
        return _unauthenticated()
    ownership = rule.ownership_for(user.role)
    if ownership is None:
        log_event("access.denied", level=WARNING, user=user.id, path=request.path)
        raise Problem(HTTPStatus.FORBIDDEN, "Votre rôle ne permet pas cette opération.")
    if token is None and request.method not in SAFE_METHODS:
        _check_csrf()
    _require_patch_body()
    g.caller = Caller(user=user, ownership=ownership, via_token=token is not None)
    return None


def _require_json_body() -> None:
    """API bodies are JSON or file uploads: any other type answers 415 (T17)."""
    if (
        request.path.startswith("/api/")
        and request.method not in SAFE_METHODS
        and request.content_length
        and not request.is_json
        and request.mimetype != MULTIPART
    ):
        raise Problem(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "Le corps de la requête doit être du JSON (application/json) ou, "
            "pour un fichier, multipart/form-data.",
        )


def _require_patch_body() -> None:
    """An API PATCH without a body changes nothing: 422, never a silent 200."""
    if (
        request.method == "PATCH"
        and request.path.startswith("/api/")
        and not request.get_data()
    ):
        message = "Corps JSON manquant : indiquez les champs à modifier."
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, message, errors={"_schema": [message]}
        )


def _unauthenticated() -> Response:
    log_event("access.unauthenticated", path=request.path)
    if request.path.startswith("/api/") or LOGIN_PAGE not in current_app.view_functions:
        raise Problem(
            HTTPStatus.UNAUTHORIZED,
            "Authentification requise : session ou jeton d'API.",
        )
    return redirect(url_for(LOGIN_PAGE, next=request.full_path))


def _check_csrf() -> None:
    """Browser writes must echo the session's CSRF token (header or form field)."""
    expected = session.get(SESSION_CSRF)
    sent = request.headers.get(CSRF_HEADER) or request.form.get("csrf_token", "")
    if not isinstance(expected, str) or not hmac.compare_digest(expected, sent):
        log_event("access.csrf_refused", level=WARNING, path=request.path)
        raise Problem(
            HTTPStatus.FORBIDDEN, "Jeton CSRF absent ou invalide : rechargez la page."
        )
