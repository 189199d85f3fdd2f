"""Students of a class from an xlsx or CSV roster, every error with its cell.

CSV: UTF-8 with or without BOM, else cp1252 (Excel's French « CSV
(séparateur : point-virgule) »); the separator among ``; , tab`` is sniffed
from the header line. Headers are recognised by their usual French names.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO, TypeVar

from importers.cells import (
    CellValueError,
    check_email,
    check_ine,
    parse_date,
    parse_text,
)
from importers.headers import cell_of, header_index, header_key
from importers.records import (
    CellError,
    RejectedFileError,
    Roster,
    RosterRow,
    errors_tuple,
    file_error,
)
from importers.safety import DEFAULT_LIMITS, ImportLimits
from importers.tabular import Table, a1, read_table

_OLDEST_BIRTH_YEAR = 1900
T = TypeVar("T")

FIELDS: dict[str, frozenset[str]] = {
    "last_name": frozenset({"nom", "nom de famille", "nom d'usage", "last name"}),
    "first_name": frozenset({"prenom", "prenoms", "first name"}),
    "birth_date": frozenset(
        {"date de naissance", "ne(e) le", "nee le", "ne le", "naissance"}
    ),
    "ine": frozenset({"ine", "n° ine", "no ine", "numero ine", "n ine"}),
    "email": frozenset(
        {"email", "e-mail", "courriel", "adresse de courriel", "adresse electronique"}
    ),
    "employer": frozenset({"employeur", "entreprise", "entreprise d'accueil"}),
    "tutor": frozenset({"tuteur", "maitre d'apprentissage", "tuteur entreprise"}),
    "student_number": frozenset(
        {
            "n° etudiant",
            "no etudiant",
            "numero etudiant",
            "numero d'etudiant",
            "n° apprenant",
            "numero apprenant",
            "code apprenant",
            "matricule",
        }
    ),
}
LABELS = {
    "last_name": "Nom",
    "first_name": "Prénom",
    "birth_date": "Date de naissance",
    "ine": "INE",
    "email": "Courriel",
    "employer": "Employeur",
    "tutor": "Tuteur",
    "student_number": "N° étudiant",
}
REQUIRED = ("last_name", "first_name")

EMPTY = "Le fichier est vide : aucune ligne d'en-têtes trouvée."
MISSING_HEADER = "Colonne « {label} » introuvable dans la ligne d'en-têtes."
DUPLICATE_HEADER = "Deux colonnes pour « {label} » : gardez-en une seule."
REQUIRED_VALUE = "{label} obligatoire."
BAD_BIRTH = "Date de naissance invraisemblable ({value})."
BAD_NUMBER = "N° étudiant trop long « {value} » : {limit} caractères au plus."
NUMBER_LENGTH = 20
DUPLICATE = "{label} déjà présent en {cell}."
SAME_STUDENT = (
    "Apprenti en double : « {name} » figure déjà en {cell} (même nom, même "
    "prénom, dates de naissance compatibles). Gardez une seule ligne."
)


@dataclass(frozen=True)
class _Field:
    name: str
    index: int


def read_roster(
    source: bytes | BinaryIO, filename: str, limits: ImportLimits = DEFAULT_LIMITS
) -> Roster:
    """Read students (name, birth date, INE, email, employer, tutor) from a file."""
    try:
        table = read_table(source, filename, limits)
        start = header_index(table)
        if start is None:
            raise RejectedFileError(EMPTY)
    except RejectedFileError as rejected:
        return Roster(errors=(file_error(rejected.message),))
    columns, header_errors = _columns(table, start)
    if header_errors:
        return Roster(errors=errors_tuple([*table.errors, *header_errors]))
    reader = _RowReader(table.sheet, columns)
    rows = tuple(
        row
        for number, values in enumerate(table.rows[start + 1 :], start=start + 2)
        if any(v is not None for v in values)
        and (row := reader.read(number, values)) is not None
    )
    errors = errors_tuple([*table.errors, *reader.errors])
    return Roster(errors, rows, table.encoding, table.delimiter, table.sheet, columns)


def _columns(table: Table, start: int) -> tuple[dict[str, int], list[CellError]]:
    columns: dict[str, int] = {}
    errors: list[CellError] = []
    for index, value in enumerate(table.rows[start]):
        key = header_key(value)
        for name, synonyms in FIELDS.items():
            if key in synonyms and name in columns:
                message = DUPLICATE_HEADER.format(label=LABELS[name])
                errors.append(CellError(table.sheet, a1(start + 1, index), message))
            elif key in synonyms:
                columns[name] = index
    for name in REQUIRED:
        if name not in columns:
            message = MISSING_HEADER.format(label=LABELS[name])
            errors.append(CellError(table.sheet, a1(start + 1, 0), message))
    return columns, errors


class _RowReader:
    """Check each row's cells; keep the rows without errors."""

    def __init__(self, sheet: str, columns: dict[str, int]) -> None:
        self.sheet = sheet
        self.errors: list[CellError] = []
        self._columns = columns
        self._seen: dict[tuple[str, str], int] = {}
        self._names: dict[str, list[tuple[int, date | None]]] = {}

    def read(self, number: int, row: tuple[object, ...]) -> RosterRow | None:
        """Return the row's student, or None when a cell is wrong."""
        before = len(self.errors)
        last = self._field(number, row, "last_name", _required("last_name"))
        first = self._field(number, row, "first_name", _required("first_name"))
        birth = self._field(number, row, "birth_date", _birth_date)
        ine = self._field(number, row, "ine", _ine)
        email = self._field(number, row, "email", _email)
        employer = self._field(number, row, "employer", parse_text)
        tutor = self._field(number, row, "tutor", parse_text)
        code = self._field(number, row, "student_number", _student_number)
        unique = len(self.errors)
        self._unique(number, "ine", ine)
        self._unique(number, "email", email.casefold() if email else None)
        self._unique(number, "student_number", code)
        if len(self.errors) == unique and last and first:
            self._same_name(number, f"{last} {first}", birth)
        if len(self.errors) > before or not last or not first:
            return None
        return RosterRow(number, last, first, birth, ine, email, employer, tutor, code)

    def _field(
        self,
        number: int,
        row: tuple[object, ...],
        name: str,
        parse: Callable[[object], T],
    ) -> T | None:
        index = self._columns.get(name)
        if index is None:
            return None
        try:
            return parse(cell_of(row, index))
        except CellValueError as error:
            self.errors.append(CellError(self.sheet, a1(number, index), str(error)))
            return None

    def _unique(self, number: int, name: str, value: str | None) -> None:
        if value is None:
            return
        first = self._seen.setdefault((name, value), number)
        if first != number:
            column = self._columns[name]
            message = DUPLICATE.format(label=LABELS[name], cell=a1(first, column))
            self.errors.append(CellError(self.sheet, a1(number, column), message))

    def _same_name(self, number: int, name: str, birth: date | None) -> None:
        """The same student twice: same name (any accents, case, Unicode form)
        and birth dates that do not tell them apart."""
        seen = self._names.setdefault(header_key(name), [])
        column = self._columns["last_name"]
        for row, born in seen:
            if None in (born, birth) or born == birth:
                message = SAME_STUDENT.format(name=name, cell=a1(row, column))
                self.errors.append(CellError(self.sheet, a1(number, column), message))
                return
        seen.append((number, birth))


def _student_number(value: object) -> str | None:
    """The centre's own number (a number cell 12345 reads as "12345")."""
    text = parse_text(value)
    if text is not None and len(text) > NUMBER_LENGTH:
        raise CellValueError(BAD_NUMBER.format(value=text, limit=NUMBER_LENGTH))
    return text


def _required(name: str) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = parse_text(value)
        if text is None:
            raise CellValueError(REQUIRED_VALUE.format(label=LABELS[name]))
        # One Unicode form (NFC) and single spaces: « Zoé » typed on a Mac
        # (NFD) is the same name; a line break inside a name is a space.
        return unicodedata.normalize("NFC", " ".join(text.split()))

    return parse


def _birth_date(value: object) -> date | None:
    if parse_text(value) is None and not isinstance(value, date):
        return None
    born = parse_date(value)
    if born.year < _OLDEST_BIRTH_YEAR:
        raise CellValueError(BAD_BIRTH.format(value=born.strftime("%d/%m/%Y")))
    return born


def _ine(value: object) -> str | None:
    text = parse_text(value)
    return None if text is None else check_ine(text)


def _email(value: object) -> str | None:
    text = parse_text(value)
    return None if text is None else check_email(text)
