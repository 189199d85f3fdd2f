"""The demo's roll calls: every past half-day marked by its trainer and closed,
today's left open, one apprentice per cohort under the attendance alert, and
every mark sealed in the history (R8, D8)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from service.demo import load_demo
from service.demo.formative import DEMO_TODAY
from service.extensions import db
from service.models import AttendanceMark, Cohort, HalfDay, Lesson, Student
from service.operations.attendance_figures import below_alert_rate
from service.operations.audit_check import verify_history
from service.operations.history import current_sealer


def test_the_demo_takes_and_closes_the_past_roll_calls(app: Flask) -> None:
    with app.app_context():
        load_demo()
        db.session.flush()
        past = HalfDay.day < DEMO_TODAY
        half_days = db.session.execute(
            select(HalfDay.closed_at.is_not(None), func.count())
            .where(past)
            .group_by(HalfDay.closed_at.is_not(None))
        ).all()
        open_later = db.session.scalar(
            select(func.count()).where(~past, HalfDay.closed_at.is_not(None))
        )
        marks_per_half_day = set(
            db.session.scalars(
                select(func.count(AttendanceMark.id))
                .join(HalfDay)
                .where(past)
                .group_by(AttendanceMark.half_day_id)
            )
        )
        later_marks = db.session.scalar(
            select(func.count(AttendanceMark.id)).join(HalfDay).where(~past)
        )
        # The trainer of the first lesson took it.
        strangers = db.session.scalar(
            select(func.count(AttendanceMark.id)).where(
                ~select(Lesson.id)
                .where(
                    Lesson.half_day_id == AttendanceMark.half_day_id,
                    Lesson.trainer_id == AttendanceMark.updated_by_id,
                )
                .exists()
            )
        )
        current = db.session.scalars(
            select(Cohort.id).where(Cohort.exam_session_year > DEMO_TODAY.year)
        ).all()
        flagged = below_alert_rate(current)
        cohort_size = db.session.scalar(
            select(func.count()).where(Student.cohort_id == current[0])
        )
        report = verify_history(current_sealer())
    assert [(closed, count > 200) for closed, count in half_days] == [(True, True)]
    assert (open_later, later_marks, strangers) == (0, 0, 0)
    assert marks_per_half_day == {cohort_size}
    assert sorted(student.cohort_id for student, _ in flagged) == sorted(current)
    assert report.ok
    assert report.replayed["attendance_mark"] > 5_000
