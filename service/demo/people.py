"""The demo centre's staff, cohorts, periods and students."""

from datetime import date

from service.demo.context import DemoContext, ascii_slug, at
from service.demo.names import EMPLOYERS, FIRST_NAMES, LAST_NAMES
from service.extensions import db
from service.models import (
    CandidateCategory,
    Cohort,
    ContractType,
    ExamForm,
    Period,
    PeriodCode,
    Role,
    Student,
    TeachingAssignment,
    TutorLink,
    User,
)

DIRECTOR = ("directrice@carnet.test", "Sophie Lefèvre")
#: Trainers and the subject codes each teaches (every subject is covered).
TRAINERS = (
    ("julien.moreau@carnet.test", "Julien Moreau", ("RCNV", "ATP")),
    ("nadia.benali@carnet.test", "Nadia Benali", ("RCDD", "CEJM")),
    ("thomas.garnier@carnet.test", "Thomas Garnier", ("CEF", "LV1")),
    ("elodie.fournier@carnet.test", "Élodie Fournier", ("RCAR", "EVP")),
)
#: (name, start year): the second-year cohort, the first-year one, then last
#: year's graduates, who sat the 2025 session.
COHORTS = (("NDRC 2025–2027", 2025), ("NDRC 2026–2028", 2026))
PAST_COHORT = ("NDRC 2023–2025", 2023)
#: The company tutor (maître d'apprentissage): follows the first apprentice of
#: each current cohort, both employed by the company of the first.
TUTOR = ("tuteur@carnet.test", "Claire Vidal")
ACCOUNTS_CREATED = date(2025, 8, 25)


def add_staff(demo: DemoContext) -> None:
    """Add the director and the four trainers."""
    email, name = DIRECTOR
    demo.director = _user(demo, email, name, Role.DIRECTOR)
    for email, name, codes in TRAINERS:
        trainer = _user(demo, email, name, Role.TRAINER)
        demo.trainers.append(trainer)
        for code in codes:
            demo.teacher_of[code] = trainer
    db.session.flush()


def add_cohorts(demo: DemoContext) -> None:
    """Add the cohorts, their periods, students and teaching assignments."""
    for name, start in COHORTS:
        cohort = _cohort(demo, name, start)
        demo.cohorts.append(cohort)
        _add_students(demo, cohort, demo.students_per_cohort, with_accounts=True)
        for code, trainer in demo.teacher_of.items():
            db.session.add(
                TeachingAssignment(
                    trainer=trainer, cohort=cohort, subject=demo.subjects[code]
                )
            )
    name, start = PAST_COHORT
    demo.past_cohort = _cohort(demo, name, start)
    size = max(6, demo.students_per_cohort // 2)
    _add_students(demo, demo.past_cohort, size, with_accounts=False)
    _add_tutor(demo)
    db.session.flush()


def _add_tutor(demo: DemoContext) -> None:
    email, name = TUTOR
    tutor = _user(demo, email, name, Role.TUTOR)
    followed = [demo.students[cohort.name][0] for cohort in demo.cohorts]
    for student in followed:
        student.employer = followed[0].employer
        student.tutor_name, student.tutor_email = name, email
        link = TutorLink(tutor=tutor, student=student, created_at=tutor.created_at)
        db.session.add(link)


def _user(demo: DemoContext, email: str, name: str, role: Role) -> User:
    user = User(
        email=email,
        display_name=name,
        password_hash=demo.password_hash,
        role=role,
        created_at=at(ACCOUNTS_CREATED, 9),
    )
    db.session.add(user)
    return user


def _cohort(demo: DemoContext, name: str, start: int) -> Cohort:
    cohort = Cohort(name=name, start_year=start, exam_session_year=start + 2)
    db.session.add(cohort)
    periods = [
        Period(cohort=cohort, code=code, starts_on=begin, ends_on=end)
        for code, begin, end in _period_dates(start)
    ]
    db.session.add_all(periods)
    demo.periods[cohort.name] = periods
    return cohort


def _period_dates(start: int) -> list[tuple[PeriodCode, date, date]]:
    return [
        (PeriodCode.S1, date(start, 9, 1), date(start + 1, 1, 31)),
        (PeriodCode.S2, date(start + 1, 2, 1), date(start + 1, 6, 30)),
        (PeriodCode.S3, date(start + 1, 9, 1), date(start + 2, 1, 31)),
        (PeriodCode.S4, date(start + 2, 2, 1), date(start + 2, 6, 30)),
    ]


def _add_students(
    demo: DemoContext, cohort: Cohort, count: int, *, with_accounts: bool
) -> None:
    people: list[tuple[str, str]] = []
    while len(people) < count:
        person = (demo.rng.choice(LAST_NAMES), demo.rng.choice(FIRST_NAMES))
        if person not in demo.used_names:
            demo.used_names.add(person)
            people.append(person)
    students = []
    for number, (last, first) in enumerate(sorted(people), start=1):
        student = _student(demo, cohort, number, last, first)
        if with_accounts:
            student.user = _user(
                demo, student.email or "", f"{first} {last}", Role.STUDENT
            )
        students.append(student)
    db.session.add_all(students)
    demo.students[cohort.name] = students


def _student(
    demo: DemoContext, cohort: Cohort, number: int, last: str, first: str
) -> Student:
    rng = demo.rng
    employer = rng.choice(EMPLOYERS)
    tutor_first, tutor_last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    tutor_domain = ascii_slug(employer.split()[0]) + ".example"
    return Student(
        student_number=f"{cohort.start_year}-{number:03d}",
        cohort=cohort,
        last_name=last,
        first_name=first,
        birth_date=date(
            cohort.start_year - rng.randint(18, 21), rng.randint(1, 12), 14
        ),
        ine=_new_ine(demo),
        email=f"{ascii_slug(first)}.{ascii_slug(last)}@apprenti.carnet.test",
        candidate_category=CandidateCategory.CFA_HABILITE,
        exam_form=ExamForm.GLOBALE,
        contract=rng.choice(
            (ContractType.APPRENTISSAGE,) * 4 + (ContractType.PROFESSIONNALISATION,)
        ),
        employer=employer,
        tutor_name=f"{tutor_first} {tutor_last}",
        tutor_email=f"{ascii_slug(tutor_first)}.{ascii_slug(tutor_last)}@{tutor_domain}",
    )


def _new_ine(demo: DemoContext) -> str:
    while True:
        digits = "".join(str(demo.rng.randint(0, 9)) for _ in range(9))
        letters = "".join(demo.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
        if (ine := digits + letters) not in demo.used_ines:
            demo.used_ines.add(ine)
            return ine
