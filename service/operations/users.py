"""Accounts: created, changed, deactivated and given new passwords by the director."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from sqlalchemy import Select, exists, or_, select

from service.extensions import db
from service.models import (
    Role,
    Student,
    TeachingAssignment,
    TutorLink,
    User,
    utc_now,
)
from service.operations.conflicts import conflict, flush_unique
from service.passwords import check_password, hash_password
from service.problems import Problem

EMAIL_TAKEN = "Un compte existe déjà pour cette adresse e-mail."


@dataclass(frozen=True, slots=True)
class NewUser:
    """An account to create, with its initial password."""

    email: str
    display_name: str
    role: Role
    password: str


def user_list(
    role: Role | None = None, active: bool | None = None, q: str | None = None
) -> Select[User]:
    """Return the accounts matching the filters, by name."""
    statement = select(User).order_by(User.display_name, User.id)
    if role is not None:
        statement = statement.where(User.role == role)
    if active is not None:
        statement = statement.where(User.active.is_(active))
    if q:
        statement = statement.where(
            or_(
                User.display_name.icontains(q, autoescape=True),
                User.email.icontains(q, autoescape=True),
            )
        )
    return statement


def email_taken(email: str) -> bool:
    """Tell whether an account already logs in with ``email`` (lower-cased)."""
    return bool(db.session.scalar(select(exists().where(User.email == email))))


def create_user(new: NewUser) -> User:
    """Add an account; its e-mail (lower-cased) must be free."""
    email = new.email.strip().lower()
    if email_taken(email):
        raise conflict("email", EMAIL_TAKEN)
    user = User(
        email=email,
        display_name=new.display_name,
        password_hash=hash_password(new.password),
        role=new.role,
    )
    db.session.add(user)
    flush_unique("email", EMAIL_TAKEN)
    return user


def update_user(user: User, changes: Mapping[str, Any], actor: User) -> None:
    """Change the name, role or active flag; deactivation ends every session (D1)
    and revokes every token."""
    role = changes.get("role", user.role)
    active = changes.get("active", user.active)
    if user.id == actor.id and (role != user.role or not active):
        raise Problem(
            HTTPStatus.CONFLICT,
            "Vous ne pouvez ni désactiver votre compte ni changer votre rôle.",
        )
    if role != user.role:
        _check_role_change(user)
        user.role = role
    if "display_name" in changes:
        user.display_name = changes["display_name"]
    if active != user.active:
        user.active = active
        if not active:
            _end_access(user)


def _end_access(user: User) -> None:
    """End every session (D1) and revoke every token: reactivation revives neither."""
    user.session_epoch += 1
    now = utc_now()
    for token in user.tokens:
        token.revoked_at = token.revoked_at or now


def _check_role_change(user: User) -> None:
    """A trainer with assignments or a student with a record keeps their role."""
    if user.role is Role.TRAINER:
        busy = exists().where(TeachingAssignment.trainer_id == user.id)
        detail = "Ce formateur a des affectations : retirez-les d'abord."
    elif user.role is Role.STUDENT:
        busy = exists().where(Student.user_id == user.id)
        detail = "Ce compte est lié à un dossier d'étudiant : déliez-le d'abord."
    elif user.role is Role.TUTOR:
        busy = exists().where(TutorLink.tutor_id == user.id)
        detail = "Ce tuteur suit des apprentis : retirez-les d'abord."
    else:
        return
    if db.session.scalar(select(busy)):
        raise conflict("role", detail)


def reset_password(user: User, password: str) -> None:
    """Give ``user`` a new password; their open sessions end (D1)."""
    user.password_hash = hash_password(password)
    user.session_epoch += 1


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one (D1: sessions end)."""
    verified, _ = check_password(user.password_hash, current)
    if not verified:
        message = "Mot de passe actuel incorrect."
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            message,
            errors={"current_password": [message]},
        )
    reset_password(user, new)
