"""The web pages' blueprint (endpoints ``web.*``); views attach in auth and pages."""

from flask import Blueprint

from service.web.session import check_csrf, load_user

blueprint = Blueprint("web", __name__)
blueprint.before_request(load_user)
blueprint.before_request(check_csrf)
