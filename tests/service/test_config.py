"""Configuration: defaults, then the environment, then the mapping a caller passes."""

import stat
from pathlib import Path

import pytest

from service.app import create_app, instance_secret_key, normalize_database_url

URL = "sqlite:///{}"


def test_defaults_apply_when_nothing_overrides_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CARNET_MAX_CONTENT_LENGTH", raising=False)
    app = create_app(
        {"SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": URL.format(tmp_path / "a.db")}
    )
    assert app.config["MAX_CONTENT_LENGTH"] == 6 * 1024 * 1024  # an upload + margin
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_environment_overrides_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CARNET_MAX_CONTENT_LENGTH", "2048")
    monkeypatch.setenv("DATABASE_URL", URL.format(tmp_path / "env.db"))
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    app = create_app()
    assert app.config["MAX_CONTENT_LENGTH"] == 2048
    assert app.config["SQLALCHEMY_DATABASE_URI"] == URL.format(tmp_path / "env.db")
    assert app.config["SECRET_KEY"] == "from-the-environment"


def test_the_mapping_overrides_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CARNET_MAX_CONTENT_LENGTH", "2048")
    monkeypatch.setenv("DATABASE_URL", URL.format(tmp_path / "env.db"))
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    app = create_app(
        {
            "MAX_CONTENT_LENGTH": 4096,
            "SQLALCHEMY_DATABASE_URI": URL.format(tmp_path / "mapping.db"),
            "SECRET_KEY": "from-the-mapping",
        }
    )
    assert app.config["MAX_CONTENT_LENGTH"] == 4096
    assert app.config["SQLALCHEMY_DATABASE_URI"] == URL.format(tmp_path / "mapping.db")
    assert app.config["SECRET_KEY"] == "from-the-mapping"


def test_without_a_database_url_carnet_uses_the_instance_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("CARNET_SQLALCHEMY_DATABASE_URI", raising=False)
    app = create_app({"SECRET_KEY": "k"})
    assert (
        app.config["SQLALCHEMY_DATABASE_URI"]
        == f"sqlite:///{app.instance_path}/carnet.db"
    )
    assert Path(app.instance_path).is_dir()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_postgresql_urls_use_psycopg_3(url: str, expected: str) -> None:
    assert normalize_database_url(url) == expected


def test_a_missing_secret_key_is_generated_once_and_kept_private(
    tmp_path: Path,
) -> None:
    first = instance_secret_key(tmp_path)
    second = instance_secret_key(tmp_path)
    assert first == second
    assert len(first) == 64
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
