"""Mount the JSON API: blueprints under /api/v1, OpenAPI 3.1 and the access rules."""

from __future__ import annotations

from types import ModuleType

from flask import Flask
from flask_smorest import Api
from flask_smorest.pagination import PaginationMetadataSchema
from werkzeug.routing import IntegerConverter, Map

from importers.safety import check_defusedxml
from service.access.guard import EXTENSION_KEY, enforce_access
from service.access.rules import PUBLIC, AccessRules
from service.api import (
    assessments,
    assignments,
    attendance,
    audit,
    auth,
    blocs,
    ccf,
    cohorts,
    dashboard,
    exam_grades,
    exam_sessions,
    exports,
    gradebook_sheets,
    grades,
    imports,
    livret,
    personal_data,
    progress,
    results,
    simulations,
    students,
    subjects,
    tutors,
    users,
)
from service.api.schemas.fields import MAX_ROW_ID
from service.api.schemas.problem import ProblemSchema
from service.errors import PROBLEM_MIMETYPE, register_problem_handlers

#: Each module holds one flask-smorest ``blp`` and its access ``RULES``.
RESOURCE_MODULES: tuple[ModuleType, ...] = (
    auth,
    users,
    cohorts,
    students,
    subjects,
    assignments,
    tutors,
    progress,
    dashboard,
    attendance,
    assessments,
    grades,
    ccf,
    audit,
    exam_sessions,
    exam_grades,
    results,
    blocs,
    simulations,
    livret,
    exports,
    gradebook_sheets,
    imports,
    personal_data,
)

#: Routes of the app outside the resource modules that need no login.
INFRASTRUCTURE_RULES = {
    "static": PUBLIC,
    "health.healthz": PUBLIC,
    "api-docs.openapi_json": PUBLIC,
    "api-docs.openapi_swagger_ui": PUBLIC,
}

API_DEFAULTS = {
    "API_TITLE": "Carnet",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "/static/vendor/swagger-ui/",
}


class RowIdConverter(IntegerConverter):
    """``<int:…>`` in URLs, bounded to the 32-bit ids both databases store.

    A larger number cannot name a row: it answers 404 instead of overflowing
    the database driver.
    """

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=MAX_ROW_ID)


class CarnetApi(Api):  # type: ignore[misc]  # flask-smorest is untyped
    """flask-smorest's Api with the problem+json error shape for every route."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        """Leave error handling to ``register_problem_handlers`` (API and web)."""

    def _register_responses(self) -> None:
        """Document the error responses with the media type they are sent with."""
        # flask-smorest reads this attribute while registering its error responses
        # only: shadow it for the call, then fall back to the class's JSON default.
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM_MIMETYPE
        try:
            super()._register_responses()
        finally:
            del self.DEFAULT_RESPONSE_CONTENT_TYPE

    def _register_pagination_header(self) -> None:
        """Document ``X-Pagination`` as what it is: a JSON object in one header.

        flask-smorest gives it a bare object schema, which OpenAPI reads as the
        ``simple`` style (``total,48,page,1``), not the JSON that is sent.
        """
        self.spec.components.header(
            "PAGINATION",
            {
                "description": "Pagination metadata (JSON)",
                "content": {"application/json": {"schema": PaginationMetadataSchema}},
            },
            lazy=True,
        )


def register_api(app: Flask) -> CarnetApi:
    """Serve the API and its documentation under the access rules."""
    check_defusedxml()  # D3: no spreadsheet is parsed without defusedxml
    app.url_map.converters["int"] = RowIdConverter
    rules = install_access_control(app)
    for key, value in API_DEFAULTS.items():
        app.config.setdefault(key, value)
    api = CarnetApi(app)
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer"}
    )
    api.spec.options["security"] = [{"bearerAuth": []}]
    for module in RESOURCE_MODULES:
        api.register_blueprint(module.blp)
        rules.add(module.RULES)
    rules.add(INFRASTRUCTURE_RULES)
    return api


def install_access_control(app: Flask) -> AccessRules:
    """Install the problem handlers and the deny-by-default guard on every route."""
    rules = AccessRules()
    app.extensions[EXTENSION_KEY] = rules
    register_problem_handlers(app)
    app.before_request(enforce_access)
    return rules
