"""Bench the PDF exports (WeasyPrint) on the demo centre: a 24-apprentice livret,
the locked session's PV and one attestation, beside the livret's xlsx.

The record is built once per round (the same one both writers get), then timed
on its own, as PDF (HTML render + layout + PDF) and as xlsx.

    .venv/bin/python bench/pdf_exports.py [--students 24] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from bench.timing import demo_app, load_line, report, timings
from importers.livret import write_livret
from service.extensions import db
from service.models import (
    Cohort,
    ExamSession,
    SessionState,
    Student,
    utc_now,
)
from service.operations.exports.files import attestation_pdf_file, pv_pdf_file
from service.operations.exports.livret import (
    cohort_livret,
    default_session,
    livret_settings,
)
from service.operations.exports.pdf import livret_pdf


def main() -> None:
    """Load the demo centre, then time each export ``--rounds`` times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app, _ = demo_app(Path(folder) / "bench.db", options.students)
        with app.app_context():
            run(app.config, options.rounds)


def run(config: Mapping[str, Any], rounds: int) -> None:
    """Time the livret (record, PDF, xlsx), the PV and an attestation."""
    settings = livret_settings(config)
    cohort = db.session.scalars(select(Cohort).order_by(Cohort.id)).first()
    session = db.session.scalars(
        select(ExamSession).where(ExamSession.state != SessionState.OPEN)
    ).first()
    student = db.session.scalars(select(Student).order_by(Student.id)).first()
    if cohort is None or session is None or student is None:
        raise SystemExit("the demo centre has no cohort, locked session or student")
    chosen = default_session(cohort)
    livret = cohort_livret(cohort, chosen, settings)
    pdf = livret_pdf(livret)
    print(f"PDF exports, demo centre ({load_line()})")
    print(
        f"  livret of {cohort.name}: {len(livret.students)} apprentices, "
        f"{len(pdf) // 1024} KiB of PDF"
    )
    report(
        "livret record (queries)",
        timings(lambda: cohort_livret(cohort, chosen, settings), rounds, 1),
    )
    report("livret PDF (WeasyPrint)", timings(lambda: livret_pdf(livret), rounds, 0))
    report("livret xlsx (openpyxl)", timings(lambda: write_livret(livret), rounds, 1))
    report(
        f"PV PDF, session {session.year}",
        timings(lambda: pv_pdf_file(session, config), rounds, 1),
    )
    report(
        "attestation PDF",
        timings(lambda: attestation_pdf_file(student, config, utc_now()), rounds, 1),
    )


if __name__ == "__main__":
    main()
