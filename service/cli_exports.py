"""Command line exports: `carnet export-livret`, `export-pv`, `export-emargement`
and `export-assiduite`. The livret and the PV come as PDF when the output file's
name ends in ``.pdf`` (the same files as the exports page's), else as xlsx."""

from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from service.centre_time import centre_today
from service.extensions import db
from service.models import Cohort, Contract, ExamSession
from service.operations.exports.attendance import parse_month
from service.operations.exports.files import (
    ExportFile,
    attendance_sheet_file,
    funder_proof_file,
    livret_file,
    livret_pdf_file,
    pv_file,
    pv_pdf_file,
)
from service.problems import Problem

OUTPUT = click.Path(dir_okay=False, writable=True, path_type=Path)


@click.command("export-livret")
@click.argument("cohort_id", type=int)
@click.argument("output", type=OUTPUT)
@click.option("--session", "session_id", type=int, help="Session des avis du livret.")
@with_appcontext
def export_livret_command(cohort_id: int, output: Path, session_id: int | None) -> None:
    """Write the livret scolaire of a cohort (one sheet per student, R8); as PDF
    when OUTPUT ends in .pdf (a page per student)."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise click.ClickException(f"classe {cohort_id} introuvable")
    session = None
    if session_id is not None:
        session = db.session.get(ExamSession, session_id)
        if session is None:
            raise click.ClickException(f"session {session_id} introuvable")
    make = livret_pdf_file if _is_pdf(output) else livret_file
    size = f"{len(cohort.students)} fiches"
    _write(lambda: make(cohort, current_app.config, session), output, size)


@click.command("export-pv")
@click.argument("session_id", type=int)
@click.argument("output", type=OUTPUT)
@with_appcontext
def export_pv_command(session_id: int, output: Path) -> None:
    """Write the jury's procès-verbal of a session (R3); as PDF when OUTPUT ends
    in .pdf."""
    session = db.session.get(ExamSession, session_id)
    if session is None:
        raise click.ClickException(f"session {session_id} introuvable")
    make = pv_pdf_file if _is_pdf(output) else pv_file
    _write(lambda: make(session, current_app.config), output)


@click.command("export-emargement")
@click.argument("cohort_id", type=int)
@click.argument("month")
@click.argument("output", type=OUTPUT)
@with_appcontext
def export_sign_in_command(cohort_id: int, month: str, output: Path) -> None:
    """Write a cohort's sign-in sheet of MONTH, written AAAA-MM (R8)."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise click.ClickException(f"classe {cohort_id} introuvable")
    first = parse_month(month)
    if first is None:
        raise click.ClickException(f"mois : AAAA-MM attendu, pas « {month} »")
    _write(lambda: attendance_sheet_file(cohort, first, current_app.config), output)


@click.command("export-assiduite")
@click.argument("contract_id", type=int)
@click.argument("output", type=OUTPUT)
@with_appcontext
def export_funder_proof_command(contract_id: int, output: Path) -> None:
    """Write a contract's proof of attendance for its funder, up to today (R8)."""
    contract = db.session.get(Contract, contract_id)
    if contract is None:
        raise click.ClickException(f"contrat {contract_id} introuvable")
    today = centre_today()
    _write(lambda: funder_proof_file(contract, current_app.config, today), output)


def _is_pdf(output: Path) -> bool:
    """Whether the output file asks for PDF (its name ends in .pdf, any case)."""
    return output.suffix.lower() == ".pdf"


def _write(make: Callable[[], ExportFile], output: Path, note: str = "") -> None:
    """Build a file and write it; a refusal (such as a PDF without WeasyPrint) is
    the command's French error."""
    try:
        made = make()
    except Problem as problem:
        raise click.ClickException(str(problem.description)) from problem
    output.write_bytes(made.data)
    click.echo(f"« {made.name} » écrit : {output}" + (f" ({note})" if note else ""))
