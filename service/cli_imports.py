"""`carnet import-grades FILE --assessment ID --as EMAIL [--commit]`."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from service.access.guard import Caller
from service.access.rules import STAFF
from service.extensions import db
from service.models import ImportBatch, ImportState, User
from service.operations.audit import RefusedWrite, persist_refusal
from service.operations.imports.batches import Upload, payload_of
from service.operations.imports.commit import commit_grades
from service.operations.imports.gradebook import preview_gradebook
from service.operations.imports.upload import import_limits
from service.problems import Problem


@click.command("import-grades")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--assessment", "assessment_id", type=int, required=True)
@click.option("--as", "email", required=True, help="Compte qui importe.")
@click.option("--commit", "do_commit", is_flag=True, help="Enregistrer les notes.")
@click.option("--force", is_flag=True, help="Importer une feuille périmée.")
def import_grades_command(
    path: Path, assessment_id: int, email: str, do_commit: bool, force: bool
) -> None:
    """Import a gradebook sheet: print its preview, then commit it with --commit."""
    caller = _caller(email)
    upload = Upload(path.read_bytes(), path.name, caller.user.id, force)
    try:
        batch = preview_gradebook(caller, upload, import_limits())
        _check_assessment(batch, assessment_id)
        _print_preview(batch)
        if do_commit and batch.state is ImportState.PREVIEWED:
            counts = commit_grades(batch, caller.user.id)
            click.echo(
                f"Enregistré : {counts['created']} nouvelles, "
                f"{counts['updated']} modifiées, {counts['unchanged']} inchangées."
            )
    except RefusedWrite as refused:
        persist_refusal(refused.record)  # T07: refused, audited, nothing written
        raise click.ClickException(_describe(refused)) from None
    except Problem as problem:
        db.session.rollback()
        raise click.ClickException(_describe(problem)) from None
    db.session.commit()
    if batch.state is ImportState.FAILED:
        raise click.ClickException("le fichier contient des erreurs : rien importé")


def _caller(email: str) -> Caller:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    ownership = None if user is None else STAFF.ownership_for(user.role)
    if user is None or ownership is None:
        raise click.ClickException(f"aucun compte de formateur ou direction : {email}")
    return Caller(user=user, ownership=ownership, via_token=False)


def _check_assessment(batch: ImportBatch, assessment_id: int) -> None:
    ids = {row["assessment_id"] for row in payload_of(batch).rows}
    if ids - {assessment_id}:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"La feuille ne concerne pas l'évaluation {assessment_id}.",
        )


def _print_preview(batch: ImportBatch) -> None:
    preview = payload_of(batch).preview
    click.echo(
        f"Import n° {batch.id} « {batch.file_name} » : {preview['new']} nouvelles, "
        f"{preview['changed']} modifiées, {preview['unchanged']} inchangées, "
        f"{len(preview['errors'])} erreurs."
    )
    for error in preview["errors"]:
        where = f"{error['sheet']}!{error['cell']} : " if error["cell"] else ""
        click.echo(f"  {where}{error['message']}")


def _describe(problem: Problem) -> str:
    cells = ", ".join(problem.errors or {})
    return f"{problem.description}" + (f" ({cells})" if cells else "")
