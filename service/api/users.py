"""Accounts, managed by the director; any account changes its own password."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import Select

from service.access.guard import current_caller
from service.access.identity import end_session
from service.access.rules import ANY_ACCOUNT, DIRECTOR_ONLY
from service.access.scope import not_found
from service.api.pagination import SelectPage
from service.api.schemas.users import (
    PasswordChangeSchema,
    PasswordResetSchema,
    UserCreateSchema,
    UserPatchSchema,
    UserQueryArgsSchema,
    UserSchema,
)
from service.extensions import db
from service.models import User
from service.operations import users as accounts

blp = Blueprint("users", __name__, url_prefix="/api/v1", description="Comptes")

RULES = {
    "users.list_users": DIRECTOR_ONLY,
    "users.create_user": DIRECTOR_ONLY,
    "users.get_user": DIRECTOR_ONLY,
    "users.update_user": DIRECTOR_ONLY,
    "users.reset_password": DIRECTOR_ONLY,
    "users.change_my_password": ANY_ACCOUNT,
}


def user_or_404(user_id: int) -> User:
    """Load an account, or answer 404."""
    user = db.session.get(User, user_id)
    if user is None:
        raise not_found("Compte")
    return user


@blp.get("/users")
@blp.arguments(UserQueryArgsSchema, location="query")
@blp.response(200, UserSchema(many=True))
@blp.paginate(SelectPage)
def list_users(args: dict[str, Any]) -> Select[User]:
    """List the accounts, filtered by role, active flag or part of name/e-mail."""
    return accounts.user_list(**args)


@blp.post("/users")
@blp.arguments(UserCreateSchema)
@blp.response(201, UserSchema)
@blp.alt_response(409, response="CONFLICT")
def create_user(data: dict[str, Any]) -> User:
    """Create an account with its initial password (12 characters or more)."""
    user = accounts.create_user(accounts.NewUser(**data))
    db.session.commit()
    return user


@blp.get("/users/<int:user_id>")
@blp.response(200, UserSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_user(user_id: int) -> User:
    """Return one account."""
    return user_or_404(user_id)


@blp.patch("/users/<int:user_id>")
@blp.arguments(UserPatchSchema)
@blp.response(200, UserSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def update_user(changes: dict[str, Any], user_id: int) -> User:
    """Change an account's name, role or active flag (deactivation ends sessions)."""
    user = user_or_404(user_id)
    accounts.update_user(user, changes, current_caller().user)
    db.session.commit()
    return user


@blp.put("/users/<int:user_id>/password")
@blp.arguments(PasswordResetSchema)
@blp.response(204)
@blp.alt_response(404, response="NOT_FOUND")
def reset_password(data: dict[str, str], user_id: int) -> None:
    """Set a new password for an account; its browser sessions end."""
    accounts.reset_password(user_or_404(user_id), data["password"])
    db.session.commit()


@blp.put("/me/password")
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
def change_my_password(data: dict[str, str]) -> None:
    """Change my password; every browser session, this one included, ends."""
    user = current_caller().user
    accounts.change_password(user, data["current_password"], data["new_password"])
    end_session(None)
    db.session.commit()
