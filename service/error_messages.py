"""French for what the libraries say in English: marshmallow's field messages and
werkzeug's default error descriptions. The API answers in French (the UI's language).

Messages with values (``Longer than maximum length 100.``) are matched against
marshmallow's templates; a message not in the catalogue is passed on unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.exceptions import HTTPException

#: werkzeug's descriptions are replaced when an error kept its default one.
STATUS_DETAILS = {
    400: "Requête mal formée.",
    401: "Authentification requise.",
    403: "Accès refusé.",
    404: "Ressource introuvable.",
    405: "Méthode non autorisée pour cette adresse.",
    406: "Format de réponse non disponible.",
    409: "Conflit avec l'état actuel de la ressource.",
    412: "La ressource a changé depuis sa lecture.",
    413: "Requête trop volumineuse.",
    415: "Type de contenu non pris en charge.",
    422: "Les données envoyées ne sont pas valides.",
    428: "En-tête If-Match requis.",
    429: "Trop de requêtes : réessayez plus tard.",
    500: "Erreur interne : l'incident est enregistré.",
    503: "Service momentanément indisponible : réessayez plus tard.",
}

_RANGE = {
    "greater than or equal to": "supérieur ou égal à",
    "greater than": "supérieur à",
    "less than or equal to": "inférieur ou égal à",
    "less than": "inférieur à",
}

#: marshmallow's (and webargs') English templates and their French.
FRENCH = {
    "Missing data for required field.": "Champ obligatoire.",
    "Field may not be null.": "Ne peut pas être nul.",
    "Invalid value.": "Valeur non valide.",
    "Invalid input.": "Valeur non valide.",
    "Invalid input type.": "Type de données non valide.",
    "Invalid type.": "Type non valide.",
    "Unknown field.": "Champ inconnu.",
    "Invalid JSON body.": "Le corps de la requête n'est pas du JSON valide.",
    "Not a valid string.": "Texte attendu.",
    "Not a valid utf-8 string.": "Texte UTF-8 non valide.",
    "Not a valid number.": "Nombre attendu.",
    "Number too large.": "Nombre trop grand.",
    "Not a valid integer.": "Nombre entier attendu.",
    "Special numeric values (nan or infinity) are not permitted.": (
        "Les valeurs spéciales (NaN, infini) sont refusées."
    ),
    "Not a valid boolean.": "Booléen attendu (true ou false).",
    "Not a valid date.": "Date non valide (AAAA-MM-JJ).",
    "Not a valid datetime.": "Date et heure non valides (ISO 8601).",
    "Not a valid aware datetime.": "Date et heure avec fuseau horaire attendues.",
    "Not a valid naive datetime.": "Date et heure sans fuseau horaire attendues.",
    "Not a valid time.": "Heure non valide.",
    "Not a valid period of time.": "Durée non valide.",
    "Not a valid mapping type.": "Objet JSON attendu.",
    "Not a valid list.": "Liste attendue.",
    "Not a valid tuple.": "Liste attendue.",
    "Not a valid email address.": "Adresse électronique non valide.",
    "Not a valid URL.": "Adresse web non valide.",
    "Not a valid UUID.": "UUID non valide.",
    "String does not match expected pattern.": "Format non valide.",
    '"{input}" cannot be formatted as a date.': "« {input} » n'est pas une date.",
    '"{input}" cannot be formatted as a datetime.': (
        "« {input} » n'est pas une date et heure."
    ),
    "Must be one of: {choices}.": "Valeurs possibles : {choices}.",
    "Must be equal to {other}.": "Doit valoir {other}.",
    "Shorter than minimum length {min}.": "Au moins {min} caractères ou éléments.",
    "Longer than maximum length {max}.": "Au plus {max} caractères ou éléments.",
    "Length must be between {min} and {max}.": (
        "Entre {min} et {max} caractères ou éléments."
    ),
    "Length must be {equal}.": "Exactement {equal} caractères ou éléments.",
    **{
        f"Must be {english} {{min}}.": f"Doit être {french} {{min}}."
        for english, french in _RANGE.items()
    },
    **{
        f"Must be {english} {{max}}.": f"Doit être {french} {{max}}."
        for english, french in _RANGE.items()
    },
    **{
        f"Must be {low} {{min}} and {high} {{max}}.": (
            f"Doit être {_RANGE[low]} {{min}} et {_RANGE[high]} {{max}}."
        )
        for low in _RANGE
        if low.startswith("greater")
        for high in _RANGE
        if high.startswith("less")
    },
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(template)
    # split() alternates literal text and placeholder names.
    regex = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+)"
        for index, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.DOTALL)


#: Longest literal text first: "Must be … {min} and … {max}." before "Must be … {min}.".
_TEMPLATES = [
    (_pattern(english), french)
    for english, french in sorted(
        FRENCH.items(), key=lambda item: -len(_PLACEHOLDER.sub("", item[0]))
    )
    if "{" in english
]


def to_french(message: str) -> str:
    """Return the French of one library message, or the message itself."""
    if (french := FRENCH.get(message)) is not None and "{" not in message:
        return french
    for pattern, template in _TEMPLATES:
        if match := pattern.match(message):
            return template.format(**match.groupdict())
    return message


def french_messages(messages: Any) -> Any:
    """Translate every message of a nested dict/list of messages."""
    if isinstance(messages, str):
        return to_french(messages)
    if isinstance(messages, dict):
        return {key: french_messages(value) for key, value in messages.items()}
    if isinstance(messages, list):
        return [french_messages(value) for value in messages]
    return messages


def french_detail(error: HTTPException) -> str:
    """Return the error's own description, or French for werkzeug's default one."""
    default = type(error).description
    if error.description and error.description != default:
        return error.description
    return STATUS_DETAILS.get(error.code or 500, error.description or "")
