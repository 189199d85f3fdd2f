"""HTTP shapes of accounts: listed, created, changed; never the password hash."""

from __future__ import annotations

import marshmallow as ma

from service.api.schemas.fields import Password, Text
from service.models import Role


class UserSchema(ma.Schema):
    """An account as the director sees it."""

    id = ma.fields.Integer(dump_only=True)
    email = ma.fields.String(dump_only=True)
    display_name = ma.fields.String(dump_only=True)
    role = ma.fields.Enum(Role, by_value=True, dump_only=True)
    active = ma.fields.Boolean(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)


class UserCreateSchema(ma.Schema):
    """A new account with its initial password."""

    email = ma.fields.Email(required=True, validate=ma.validate.Length(3, 254))
    display_name = Text(200, required=True)
    role = ma.fields.Enum(Role, by_value=True, required=True)
    password = Password(required=True)


class UserPatchSchema(ma.Schema):
    """The fields of an account the director may change."""

    display_name = Text(200)
    role = ma.fields.Enum(Role, by_value=True)
    active = ma.fields.Boolean(metadata={"description": "false ends every session"})


class PasswordResetSchema(ma.Schema):
    """A new password chosen by the director."""

    password = Password(required=True)


class PasswordChangeSchema(ma.Schema):
    """The account's current password and its new one."""

    current_password = ma.fields.String(
        required=True, load_only=True, validate=ma.validate.Length(1, 256)
    )
    new_password = Password(required=True)


class UserQueryArgsSchema(ma.Schema):
    """Filters of the account list."""

    role = ma.fields.Enum(Role, by_value=True)
    active = ma.fields.Boolean()
    q = Text(100, metadata={"description": "Part of the name or e-mail"})
