"""Password hashing with argon2id (D2)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

#: Length rules, no composition rule (T13); the maximum bounds the hashing cost.
MIN_LENGTH = 12
MAX_LENGTH = 256

#: Cheap parameters, allowed only when TESTING is on (reliability §3).
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
#: argon2-cffi's default profile (RFC 9106 low memory: t=3, m=64 MiB, p=4).
PRODUCTION_HASHER = PasswordHasher()
_DUMMY_HASHES: dict[PasswordHasher, str] = {}


def hasher() -> PasswordHasher:
    """The hasher the configuration asks for; "fast" outside tests is refused."""
    if current_app.config["PASSWORD_HASH_PROFILE"] == "fast":
        if not current_app.config.get("TESTING"):
            raise RuntimeError("PASSWORD_HASH_PROFILE=fast is for tests only")
        return FAST_HASHER
    return PRODUCTION_HASHER


def hash_password(password: str) -> str:
    """Hash ``password`` with argon2id."""
    return hasher().hash(password)


def dummy_hash() -> str:
    """A hash of nothing, to spend the same time when the account does not exist."""
    current = hasher()
    if current not in _DUMMY_HASHES:
        _DUMMY_HASHES[current] = current.hash("carnet: no such account")
    return _DUMMY_HASHES[current]


def check_password(password_hash: str, password: str) -> tuple[bool, str | None]:
    """Verify ``password``; also return a new hash when the stored one is outdated."""
    current = hasher()
    try:
        current.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False, None
    if current.check_needs_rehash(password_hash):
        return True, current.hash(password)
    return True, None
