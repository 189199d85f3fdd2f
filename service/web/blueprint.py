"""The web pages' blueprint (endpoints ``web.*``); views attach in auth and pages."""

from flask import Blueprint

from service.web.session import check_csrf

blueprint = Blueprint("web", __name__)
blueprint.before_request(check_csrf)
