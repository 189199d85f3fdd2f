"""Justifications of absences: their checks, and a document kept on disk exactly
as long as its row (a refusal or a rollback leaves nothing; a deletion removes
it once committed); the apprentice's data export and erasure cover them."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from service.demo.context import DemoContext
from service.demo.justifications import add_justifications
from service.extensions import db
from service.models import (
    AuditEvent,
    Contract,
    ContractType,
    Justification,
    JustificationStatus,
    Presence,
    Role,
    Student,
    User,
)
from service.operations.data_export import student_data
from service.operations.erasure import erase_student
from service.operations.justification_files import Upload, document_path
from service.operations.justifications import (
    DocumentChange,
    JustificationFacts,
    change_justification,
    create_justification,
    delete_justification,
)
from service.problems import Problem
from tests.service.factories import make_half_day, make_mark, make_student, make_user

#: A tiny valid PDF, a PNG signature and an HTML page named like a PDF.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML = b"<!doctype html><script>alert(1)</script>"
FACTS = JustificationFacts(
    date(2026, 10, 5),
    date(2026, 10, 6),
    "Certificat médical",
    JustificationStatus.JUSTIFIED,
)


@pytest.fixture
def folder(app: Flask, tmp_path: Path) -> Path:
    """The documents' folder of the test (the app's settings are restored after)."""
    app.config["JUSTIFICATION_DIR"] = str(tmp_path / "justificatifs")
    return tmp_path / "justificatifs"


@pytest.fixture
def people(app: Flask) -> Iterator[tuple[Student, User]]:
    """An apprentice and the director, in an app context."""
    with app.app_context():
        yield make_student(), make_user(Role.DIRECTOR)


def stored(folder: Path) -> list[Path]:
    """The files in the documents' folder."""
    return sorted(folder.iterdir()) if folder.exists() else []


def count(model: type[Justification] | type[AuditEvent]) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_pdf_is_stored_privately_under_a_random_key(
    folder: Path, people: tuple[Student, User]
) -> None:
    student, director = people
    upload = Upload("certificat.pdf", PDF)
    justification = create_justification(student, FACTS, upload, director)
    db.session.commit()
    assert justification.document_type == "application/pdf"
    assert justification.document_name == "certificat.pdf"
    assert justification.document_size == len(PDF)
    (path,) = stored(folder)
    assert path.name == justification.document_key != "certificat.pdf"
    assert path.read_bytes() == PDF
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    event = db.session.scalar(select(AuditEvent))
    assert event is not None
    assert (event.action, event.target_id) == ("justification.create", justification.id)


def test_an_html_page_named_pdf_is_refused_naming_the_accepted_types(
    folder: Path, people: tuple[Student, User]
) -> None:
    student, director = people
    with pytest.raises(Problem) as refused:
        create_justification(student, FACTS, Upload("certificat.pdf", HTML), director)
    assert refused.value.code == 422
    (message,) = refused.value.errors["document"]  # type: ignore[index]
    assert "Document : type refusé" in message
    assert "PDF, JPEG ou PNG" in message
    db.session.rollback()
    assert (count(Justification), stored(folder)) == (0, [])


def test_an_oversize_document_is_refused_with_the_limit(
    app: Flask, folder: Path, people: tuple[Student, User]
) -> None:
    app.config["JUSTIFICATION_MAX_BYTES"] = 1024
    student, director = people
    big = Upload("scan.pdf", PDF + b"0" * 1024)
    with pytest.raises(Problem) as refused:
        create_justification(student, FACTS, big, director)
    assert "1024 octets" in refused.value.errors["document"][0]  # type: ignore[index]
    db.session.rollback()
    assert (count(Justification), stored(folder)) == (0, [])


def test_days_out_of_order_and_a_blank_reason_are_refused_by_field(
    folder: Path, people: tuple[Student, User]
) -> None:
    student, director = people
    wrong = JustificationFacts(
        date(2026, 10, 6), date(2026, 10, 5), "  ", JustificationStatus.PENDING
    )
    with pytest.raises(Problem) as refused:
        create_justification(student, wrong, Upload("a.pdf", PDF), director)
    assert refused.value.errors == {
        "last_day": ["Dernier jour : au plus tôt le premier jour."],
        "reason": ["Motif : à remplir."],
    }
    assert stored(folder) == []


def test_a_rolled_back_transaction_leaves_no_file(
    folder: Path, people: tuple[Student, User]
) -> None:
    student, director = people
    create_justification(student, FACTS, Upload("a.pdf", PDF), director)
    assert len(stored(folder)) == 1
    db.session.rollback()
    assert (count(Justification), stored(folder)) == (0, [])


def test_a_new_document_replaces_the_old_one_once_committed(
    folder: Path, people: tuple[Student, User]
) -> None:
    student, director = people
    justification = create_justification(student, FACTS, Upload("a.pdf", PDF), director)
    db.session.commit()
    old = document_path(str(justification.document_key))
    change_justification(
        justification, FACTS, DocumentChange(Upload("photo.png", PNG)), director
    )
    assert old.exists()  # until the change commits
    db.session.commit()
    assert not old.exists()
    assert justification.document_type == "image/png"
    assert stored(folder) == [document_path(str(justification.document_key))]
    change_justification(justification, FACTS, DocumentChange(remove=True), director)
    db.session.rollback()  # the removal did not happen: the file stays
    assert len(stored(folder)) == 1


def test_a_deleted_justification_takes_its_document(
    folder: Path, people: tuple[Student, User]
) -> None:
    student, director = people
    justification = create_justification(student, FACTS, Upload("a.pdf", PDF), director)
    db.session.commit()
    delete_justification(justification, director)
    assert len(stored(folder)) == 1
    db.session.commit()
    assert (count(Justification), stored(folder)) == (0, [])
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id))
    assert list(actions) == ["justification.create", "justification.delete"]


def test_the_export_lists_them_and_erasure_deletes_them_with_their_files(
    folder: Path, people: tuple[Student, User]
) -> None:
    student, director = people
    create_justification(student, FACTS, Upload("certificat.pdf", PDF), director)
    db.session.add(
        Contract(
            student_id=student.id,
            kind=ContractType.APPRENTISSAGE,
            starts_on=date(2025, 9, 1),
            ends_on=date(2027, 8, 31),
            employer="Boulangerie Leroy",
        )
    )
    db.session.commit()
    tables = student_data(student, everything=False)["tables"]
    (exported,) = tables["justifications"]
    assert exported["document_name"] == "certificat.pdf"
    assert exported["status"] == "justified"
    assert [c["employer"] for c in tables["contracts"]] == ["Boulangerie Leroy"]
    erase_student(student, director.id)
    db.session.commit()
    assert (count(Justification), stored(folder)) == (0, [])
    assert db.session.scalar(select(func.count()).select_from(Contract)) == 0


def test_the_default_folder_is_in_the_instance_not_the_static_folder(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    app.config["JUSTIFICATION_DIR"] = None
    with app.app_context():
        path = document_path("cle")
    assert path.parent == tmp_path / "justifications"
    assert app.static_folder is not None
    assert not path.is_relative_to(Path(app.static_folder).parent)


def test_the_demo_justifies_some_absences_with_a_certificate(
    app: Flask, people: tuple[Student, User]
) -> None:
    student, director = people
    demo = DemoContext("!", 1, director=director, cohorts=[student.cohort])
    for day in range(5, 12):  # an absence a day; the cycle gives each its fate
        half_day = make_half_day(student.cohort, day=date(2026, 10, day))
        make_mark(half_day, student, Presence.ABSENT)
    add_justifications(demo)
    rows = db.session.scalars(select(Justification).order_by(Justification.first_day))
    made = [(j.first_day.day, j.status, j.document_type) for j in rows]
    assert made == [
        (5, JustificationStatus.JUSTIFIED, "application/pdf"),
        (6, JustificationStatus.JUSTIFIED, None),
        (7, JustificationStatus.PENDING, None),
        (9, JustificationStatus.UNJUSTIFIED, None),
        (10, JustificationStatus.JUSTIFIED, "application/pdf"),
        (11, JustificationStatus.JUSTIFIED, None),
    ]
    certificate = db.session.scalars(select(Justification)).first()
    assert certificate is not None
    path = document_path(str(certificate.document_key))
    assert path.read_bytes().startswith(b"%PDF-1.4")
    assert path.read_bytes().endswith(b"%%EOF\n")
