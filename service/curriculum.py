"""The BTS NDRC curriculum of the centre's brochure: 8 subjects, 560 h a year (R8)."""

from dataclasses import dataclass

from sqlalchemy import select

from service.extensions import db
from service.models import Subject


@dataclass(frozen=True, slots=True)
class SubjectSpec:
    """A subject as the brochure lists it."""

    code: str
    name: str
    hours_per_year: int
    unit: str | None


#: From the seed brochure; the Atelier supports U4 and U6, so it has no unit of its own.
CURRICULUM = (
    SubjectSpec("CEF", "Culture et expression française", 36, "U1"),
    SubjectSpec("LV1", "Langue vivante 1", 54, "U2"),
    SubjectSpec("CEJM", "Culture économique, juridique et managériale", 89, "U3"),
    SubjectSpec("RCNV", "Relation client et négociation vente", 107, "U4"),
    SubjectSpec("RCDD", "Relation client à distance et digitalisation", 89, "U5"),
    SubjectSpec("RCAR", "Relation client et animation de réseaux", 72, "U6"),
    SubjectSpec("ATP", "Atelier de professionnalisation", 71, None),
    SubjectSpec("EVP", "Évaluations pédagogiques", 42, None),
)


def ensure_subjects() -> dict[str, Subject]:
    """Add the curriculum's subjects that are missing; return all subjects by code."""
    existing = {s.code: s for s in db.session.scalars(select(Subject))}
    for position, spec in enumerate(CURRICULUM, start=1):
        if spec.code not in existing:
            subject = Subject(
                code=spec.code,
                name=spec.name,
                hours_per_year=spec.hours_per_year,
                unit=spec.unit,
                position=position,
            )
            db.session.add(subject)
            existing[spec.code] = subject
    db.session.flush()
    return existing
