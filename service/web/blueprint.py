"""The web pages' blueprint (endpoints ``web.*``); views attach in auth and pages.

CSRF is checked for every browser write by the access guard (``service.access.guard``).
"""

from flask import Blueprint

from service.web.session import load_user

blueprint = Blueprint("web", __name__)
blueprint.before_request(load_user)
