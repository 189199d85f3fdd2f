"""PDF renders of the livret, the PV and the attestation (WeasyPrint, from HTML).

The templates under ``templates/pdf/`` lay out the very records the xlsx writers
get (``importers/report_records.py``): no figure is computed again here; the
PV's and the attestation's fixed wording is their xlsx writers'. WeasyPrint is imported
lazily, in this module only: without it (or without Pango) the app starts and
the PDF downloads answer 503 naming what to install.
"""

from __future__ import annotations

import importlib
from collections import Counter
from decimal import Decimal
from functools import cache
from http import HTTPStatus
from types import ModuleType
from typing import Any

from flask import current_app, render_template

from importers.bloc_attestation import (
    BLANK,
    BLOC_HEADERS,
    VALIDITY_NOTE,
    signatory_sentence,
)
from importers.jury_report import CODES_LEGEND
from importers.livret_profile import PROFILE_REFERENCE, profile_scale
from importers.report_records import (
    BlocAttestation,
    JuryReport,
    Livret,
    LivretStudent,
    LivretUnitRow,
)
from service.problems import Problem

UNAVAILABLE = (
    "Les PDF ne peuvent pas être produits sur ce serveur : la bibliothèque "
    "WeasyPrint ou ses bibliothèques système manquent. Installez le paquet Python "
    "« weasyprint » (pip install -c constraints.txt -e .) et les paquets Debian "
    "« libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 » "
    "(scripts/system-packages), puis redémarrez Carnet. "
    "Les exports Excel restent disponibles."
)


@cache
def _weasyprint() -> ModuleType | None:
    """Import WeasyPrint once; ``None`` when it or its system libraries miss."""
    try:
        return importlib.import_module("weasyprint")
    except (ImportError, OSError) as missing:
        current_app.logger.warning("PDF exports unavailable: %s", missing)
        return None


def render_pdf(template: str, **context: Any) -> bytes:
    """Render a template of ``pdf/`` to PDF bytes; 503 when WeasyPrint is missing.

    Every URL is refused: the document needs nothing outside its own HTML.
    """
    weasyprint = _weasyprint()
    if weasyprint is None:
        raise Problem(HTTPStatus.SERVICE_UNAVAILABLE, UNAVAILABLE)
    html = render_template(template, **context)
    fetcher = weasyprint.URLFetcher(allowed_protocols=())
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return bytes(document.write_pdf())


def livret_pdf(livret: Livret) -> bytes:
    """The livret scolaire: a summary page, then one A4 page per apprentice (R8)."""
    top = profile_scale(livret)
    return render_pdf(
        "pdf/livret.html",
        livret=livret,
        class_means=class_means(livret),
        student_means=student_means,
        unit_rows=unit_rows,
        profile_top=top,
        profile_reference=PROFILE_REFERENCE,
        bar_width=lambda value: min(Decimal(100), Decimal(value) * 100 / top),
    )


def jury_report_pdf(report: JuryReport) -> bytes:
    """The session's procès-verbal, codes (ABS, ABJ, DISP) as the xlsx shows them."""
    tally = sorted(Counter(row.decision for row in report.rows).items())
    return render_pdf("pdf/pv.html", report=report, legend=CODES_LEGEND, tally=tally)


def attestation_pdf(attestation: BlocAttestation) -> bytes:
    """The attestation of the blocs held, with who signs, where and when (R4)."""
    return render_pdf(
        "pdf/attestation.html",
        attestation=attestation,
        headers=BLOC_HEADERS,
        sentence=signatory_sentence(attestation.signatory),
        validity=VALIDITY_NOTE,
        blank=BLANK,
    )


def unit_rows(student: LivretStudent) -> dict[str, LivretUnitRow]:
    """A student's unit rows by unit code (the livret's units give the order)."""
    return {row.unit_code: row for row in student.units}


def student_means(student: LivretStudent) -> dict[str, Decimal | None]:
    """A student's mean over the training per unit code (the summary's cells)."""
    return {row.unit_code: row.student_mean for row in student.units}


def class_means(livret: Livret) -> dict[str, Decimal]:
    """The class mean per unit, as every student's rows carry it (the same)."""
    return {
        row.unit_code: row.class_mean
        for student in reversed(livret.students)
        for row in student.units
        if row.class_mean is not None
    }
