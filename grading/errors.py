"""Errors raised by the grade engine; each names the faulty field or key."""


class GradingError(ValueError):
    """Bad input; `field` names the faulty key, e.g. `units.U4.situations[1]`."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message if self.field is None else f"{self.field}: {self.message}"


class RegulationError(GradingError):
    """A malformed regulation file; `field` names the key (`units.U4.coefficient`)."""
