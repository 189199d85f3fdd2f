"""The application factory."""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from service.api.registry import register_api
from service.cli import carnet
from service.config import Config
from service.database import configure_engine
from service.events import install_event_log
from service.extensions import db, migrate
from service.health import blueprint as health
from service.jobs.queue import init_jobs
from service.production import check_production
from service.security import install_security_headers
from service.throttle import install_login_throttle
from service.web import register_web

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then the environment, then ``config`` (tests)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    load_environment(app)
    if config:
        app.config.update(config)
    check_production(app.config)  # T19: before any development fallback
    apply_fallbacks(app)
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            configure_engine(engine, app.config["LOCK_TIMEOUT_MS"])
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    register_blueprints(app)
    install_security_headers(app)
    install_login_throttle(app)
    install_event_log(app)
    init_jobs(app)
    if proxies := int(app.config["TRUSTED_PROXIES"]):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    return app


def load_environment(app: Flask) -> None:
    """Read DATABASE_URL, SECRET_KEY and every CARNET_* variable."""
    if url := os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = url
    if key := os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = key
    app.config.from_prefixed_env("CARNET")


def apply_fallbacks(app: Flask) -> None:
    """Fill in the database URL and secret key a development machine lacks."""
    uri = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not uri:
        os.makedirs(app.instance_path, exist_ok=True)
        uri = f"sqlite:///{Path(app.instance_path) / 'carnet.db'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(uri)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))


def normalize_database_url(url: str) -> str:
    """Point bare PostgreSQL URLs at psycopg 3, the driver Carnet installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def instance_secret_key(instance_path: Path) -> str:
    """Read ``instance/secret_key``, creating it (mode 0600) on first use.

    The key is written to a private temporary file, then linked into place, so
    concurrent workers never read a half-written key.
    """
    os.makedirs(instance_path, exist_ok=True)
    path = instance_path / "secret_key"
    if not path.exists():
        draft = instance_path / f".secret_key.{os.getpid()}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text(encoding="ascii").strip()


def register_blueprints(app: Flask) -> None:
    """Attach every blueprint and command group."""
    # The API first: it installs the URL converters and the access guard.
    register_api(app)
    app.register_blueprint(health)
    app.cli.add_command(carnet)
    register_web(app)
