"""Command line: `flask --app wsgi carnet …` and the `carnet` console script."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_migrate import upgrade
from sqlalchemy import select

from service.backup import BackupError, backup_sqlite
from service.cli_exports import (
    export_funder_proof_command,
    export_livret_command,
    export_pv_command,
    export_sign_in_command,
)
from service.cli_imports import import_grades_command
from service.demo import DEMO_PASSWORD, database_is_empty, load_demo
from service.extensions import db
from service.models import Role, User
from service.operations.audit_check import verify_history
from service.operations.history import current_sealer
from service.passwords import MIN_LENGTH, hash_password
from service.restore import RestoreError, restore_sqlite

carnet = AppGroup("carnet", help="Administration de Carnet.")
carnet.add_command(export_livret_command)
carnet.add_command(export_pv_command)
carnet.add_command(export_sign_in_command)
carnet.add_command(export_funder_proof_command)
carnet.add_command(import_grades_command)


@carnet.command("init")
def init_command() -> None:
    """Create or upgrade the database schema (alembic upgrade head)."""
    upgrade()
    click.echo("Base de données à jour.")


@carnet.command("demo")
@click.option(
    "--if-empty", is_flag=True, help="Ne rien faire si la base a des comptes."
)
@click.option("--students", default=24, show_default=True, help="Apprentis par classe.")
def demo_command(if_empty: bool, students: int) -> None:
    """Load the deterministic demo centre into an empty database."""
    if not database_is_empty():
        if if_empty:
            click.echo("La base contient déjà des données : démo non chargée.")
            return
        raise click.ClickException("la base n'est pas vide ; démo non chargée")
    logins = load_demo(students_per_cohort=students)
    db.session.commit()
    click.echo(f"Centre de démonstration chargé. Mot de passe : {DEMO_PASSWORD}")
    for login in logins:
        click.echo(f"  {login.role:<28} {login.email}")


@carnet.command("create-user")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True, help="Nom affiché.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.password_option("--password", help="Au moins 12 caractères.")
def create_user_command(
    email: str, display_name: str, role: str, password: str
) -> None:
    """Create an account."""
    email = email.strip().lower()
    if "@" not in email:
        raise click.BadParameter("adresse e-mail invalide", param_hint="--email")
    if len(password) < MIN_LENGTH:
        raise click.BadParameter(
            f"au moins {MIN_LENGTH} caractères", param_hint="--password"
        )
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise click.ClickException(f"un compte existe déjà pour {email}")
    user = User(
        email=email,
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        role=Role(role),
    )
    db.session.add(user)
    db.session.commit()
    click.echo(f"Compte créé : {email} ({role})")


@carnet.command("verify-audit")
@click.option("--show", default=20, show_default=True, help="Anomalies listées.")
def verify_audit_command(show: int) -> None:
    """Check every seal of the grade history and replay every grade (T40)."""
    report = verify_history(current_sealer())
    replayed = ", ".join(f"{n} {entity}" for entity, n in report.replayed.items())
    click.echo(f"Historique : {report.rows} lignes ; lignes rejouées : {replayed}.")
    for label, found in (
        ("Lignes d'historique dont le sceau ne correspond pas", report.broken_seals),
        ("Lignes que l'historique ne retrouve pas", report.unreplayed),
    ):
        if found:
            listed = ", ".join(_label(item) for item in found[:show])
            more = f" (+{len(found) - show})" if len(found) > show else ""
            click.echo(f"{label} : {len(found)} — {listed}{more}")
    if not report.ok:
        raise click.ClickException("l'historique des notes a été altéré")
    click.echo("Aucune altération détectée.")


@carnet.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(target: Path) -> None:
    """Back up the SQLite database while Carnet runs, then check the copy (T41)."""
    try:
        report = backup_sqlite(db.engine, target, current_app.config["LOCK_TIMEOUT_MS"])
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Sauvegarde : {report.path} (intégrité : {report.integrity}).")
    click.echo(f"  notes : {report.rows['grades']}, empreinte {report.grades_sha256}")
    click.echo(f"  historique : {report.rows['grade_history']} lignes")


@carnet.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(source: Path) -> None:
    """Replace the SQLite database by a checked backup; refuse a bad one (T41)."""
    try:
        report = restore_sqlite(source, current_app.config["LOCK_TIMEOUT_MS"])
    except RestoreError as error:
        raise click.ClickException(str(error)) from None
    restored = report.restored
    click.echo(f"Restauration de {source} : intégrité {restored.integrity}, ")
    click.echo("  historique vérifié : aucune altération détectée.")
    click.echo(
        f"  notes : {restored.rows['grades']}, empreinte {restored.grades_sha256}"
    )
    click.echo(f"Ancienne base conservée : {report.safety_copy}")


def _label(item: int | tuple[str, int]) -> str:
    """A history row id, or an (entity, id) pair as « grade 12 »."""
    return str(item) if isinstance(item, int) else f"{item[0]} {item[1]}"
