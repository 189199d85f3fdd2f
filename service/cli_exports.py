"""Command line exports: `carnet export-livret` and `carnet export-pv`."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from service.extensions import db
from service.models import Cohort, ExamSession
from service.operations.exports.files import livret_file, pv_file
from service.problems import Problem

OUTPUT = click.Path(dir_okay=False, writable=True, path_type=Path)


@click.command("export-livret")
@click.argument("cohort_id", type=int)
@click.argument("output", type=OUTPUT)
@click.option("--session", "session_id", type=int, help="Session des avis du livret.")
@with_appcontext
def export_livret_command(cohort_id: int, output: Path, session_id: int | None) -> None:
    """Write the livret scolaire of a cohort (one sheet per student, R8)."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise click.ClickException(f"classe {cohort_id} introuvable")
    session = None
    if session_id is not None:
        session = db.session.get(ExamSession, session_id)
        if session is None:
            raise click.ClickException(f"session {session_id} introuvable")
    output.write_bytes(livret_file(cohort, current_app.config, session).data)
    click.echo(
        f"Livret de {cohort.name} écrit : {output} ({len(cohort.students)} fiches)"
    )


@click.command("export-pv")
@click.argument("session_id", type=int)
@click.argument("output", type=OUTPUT)
@with_appcontext
def export_pv_command(session_id: int, output: Path) -> None:
    """Write the jury's procès-verbal of a session (R3)."""
    session = db.session.get(ExamSession, session_id)
    if session is None:
        raise click.ClickException(f"session {session_id} introuvable")
    try:
        made = pv_file(session, current_app.config)
    except Problem as problem:
        raise click.ClickException(str(problem.description)) from problem
    output.write_bytes(made.data)
    click.echo(f"Procès-verbal de la session {session.year} écrit : {output}")
