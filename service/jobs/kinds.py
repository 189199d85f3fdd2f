"""What each kind of job makes: its steps (the progress) and its file.

A kind's function gets the job's parameters, the settings and ``step(done,
total)``, called after each step; it returns the file to offer. A ``Problem``
it raises becomes the job's French failure message (a server without WeasyPrint
fails a PDF job with the message naming what to install).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from io import BytesIO
from typing import Any

from sqlalchemy import select

from service.extensions import db
from service.jobs.pdf_progress import render_followed
from service.models import Cohort, ExamSession, SessionState, utc_now
from service.operations.exports.files import (
    ExportFile,
    gradebook_file,
    livret_file,
    livret_pdf_file,
    pv_file,
)
from service.problems import Problem

Step = Callable[[int, int], None]
Maker = Callable[[], ExportFile]
README = "LISEZMOI.txt"


@dataclass(frozen=True, slots=True)
class JobKind:
    """One kind of job: what it runs, how its file is recorded (``export.*``, the
    target's id read from the parameter ``target_param``) and what its steps are
    called on the job page (``unit``, singular)."""

    run: Callable[[Mapping[str, Any], Mapping[str, Any], Step], ExportFile]
    action: str
    target_kind: str
    target_param: str | None = None
    unit: str = "fichier"


def centre_export(
    params: Mapping[str, Any], config: Mapping[str, Any], step: Step
) -> ExportFile:
    """Zip every cohort's livret and gradebook and every computed session's PV."""
    now = utc_now()
    parts: list[tuple[str, Maker]] = []
    for cohort in db.session.scalars(select(Cohort).order_by(Cohort.name)):
        folder = safe_name(cohort.name)
        parts.append((folder, partial(livret_file, cohort, config)))
        parts.append((folder, partial(gradebook_file, cohort, config, now)))
    sessions = select(ExamSession).where(ExamSession.state != SessionState.OPEN)
    for session in db.session.scalars(sessions.order_by(ExamSession.year)):
        parts.append(("Sessions", partial(pv_file, session, config)))
    buffer = BytesIO()
    skipped: list[str] = []
    with zipfile.ZipFile(buffer, "w") as archive:
        step(0, len(parts))
        for done, (folder, make) in enumerate(parts, start=1):
            try:
                made = make()
            except Problem as problem:
                skipped.append(f"{folder} : {problem.description}")
            else:
                archive.writestr(f"{folder}/{safe_name(made.name)}", made.data)
            step(done, len(parts))
        archive.writestr(README, readme(len(parts) - len(skipped), skipped))
    return ExportFile(f"Export du centre - {now:%Y-%m-%d}.zip", buffer.getvalue())


def readme(count: int, skipped: list[str]) -> str:
    """The archive's note: how many files, and what is missing and why."""
    lines = [f"Export complet du centre : {count} fichier(s)."]
    if skipped:
        lines += ["", "Non exporté :", *(f"- {line}" for line in skipped)]
    return "\n".join(lines) + "\n"


def safe_name(name: str) -> str:
    """A file or folder name without path separators."""
    return name.replace("/", "-").replace("\\", "-").strip() or "sans nom"


def session_pv(
    params: Mapping[str, Any], config: Mapping[str, Any], step: Step
) -> ExportFile:
    """The procès-verbal of one session (R3), for sessions too large to wait for."""
    session = db.session.get(ExamSession, params["session_id"])
    if session is None:
        raise Problem(HTTPStatus.NOT_FOUND, "Cette session d'examen n'existe plus.")
    step(0, 1)
    made = pv_file(session, config)
    step(1, 1)
    return made


def livret_pdf(
    params: Mapping[str, Any], config: Mapping[str, Any], step: Step
) -> ExportFile:
    """The cohort's livret scolaire as PDF (R8), the download's very file: steps
    for the HTML parsed and its styles applied, one per page laid out (the
    summary, then one per apprentice), then the PDF written."""
    cohort = db.session.get(Cohort, params["cohort_id"])
    if cohort is None:
        raise Problem(HTTPStatus.NOT_FOUND, "Cette classe n'existe plus.")
    with render_followed(step, 1 + len(cohort.students)):
        return livret_pdf_file(cohort, config)


KINDS = {
    "centre_export": JobKind(centre_export, "export.centre", "centre"),
    "session_pv": JobKind(session_pv, "export.pv", "exam_session", "session_id"),
    "livret_pdf": JobKind(
        livret_pdf, "export.livret_pdf", "cohort", "cohort_id", unit="étape"
    ),
}
