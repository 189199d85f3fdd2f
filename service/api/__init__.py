"""The JSON API (flask-smorest); resource blueprints register here."""

from flask import Flask
from flask_smorest import Api


def register_api(app: Flask) -> Api:
    """Set up flask-smorest on ``app`` and register the API blueprints."""
    return Api(app)
