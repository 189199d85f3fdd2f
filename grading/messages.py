"""The engine's words for readers, in French: warnings, decisions, numbers, dates.

Code, logs and machine codes stay English (`WarningCode`, `Decision`); every text a
student, the director or an API client reads is built here or in `explanation`.
"""

from datetime import date
from decimal import Decimal

from grading.result import Decision, Notice, WarningCode

#: One French message per warning kind; `{unit}` and the named values are filled in.
WARNINGS: dict[WarningCode, str] = {
    WarningCode.BENEFIT_RENOUNCED: (
        "{unit} : la note {grade} de la session {year} n'est pas conservée, car "
        "{unit} est présentée à cette session ({how}) ; le résultat de cette session "
        "compte, même plus bas (R5)"
    ),
    WarningCode.BENEFIT_EXPIRED: (
        "{unit} : la note de la session {year} n'est plus valable ({limit}) ; "
        "{unit} doit être repassée (R4)"
    ),
    WarningCode.BENEFIT_EXPIRES: (
        "{unit} : le bloc de la session {year} ({limit}) expire avant le jury de la "
        "session {session} ; {unit} doit être repassée (R4)"
    ),
    WarningCode.UNIT_MISSING: (
        "{unit} : ni note à cette session, ni note conservée, ni dispense (R3.1)"
    ),
    WarningCode.PART_ABSENCE: (
        "{unit} : absence pour force majeure à une partie ({part}) ; {effect} "
        "(R3.3, politique u5_part_absence = {policy})"
    ),
}

#: The decisions as a reader sees them (R3).
DECISIONS: dict[Decision, str] = {
    Decision.ADMIS: "admis",
    Decision.AUTORISE_CONTROLE: "autorisé aux épreuves de contrôle",
    Decision.ADMIS_APRES_CONTROLE: "admis après les épreuves de contrôle",
    Decision.REFUSE: "refusé",
    Decision.REFUSE_ABSENT: "refusé pour absence",
    Decision.INCOMPLET: "incomplet, aucune décision",
}

#: The names of the parts of a unit (regulation keys) as a reader sees them.
PARTS = {"written": "écrit", "practical": "pratique", "oral": "oral"}


def notice(code: WarningCode, unit: str | None, **values: object) -> Notice:
    """Return the warning of kind `code` with its French message."""
    return Notice(code, unit, WARNINGS[code].format(unit=unit, **values))


def part_name(name: str) -> str:
    """Return a part's French name (the regulation key when none is known)."""
    return PARTS.get(name, name)


def french_decimal(value: Decimal | str) -> str:
    """Return a decimal with a decimal comma: 10.05 → « 10,05 »."""
    return str(value).replace(".", ",")


def french_date(day: date) -> str:
    """Return a date as French readers write it: 2031-07-03 → « 03/07/2031 »."""
    return day.strftime("%d/%m/%Y")
