"""Headers of Moodle's user profile columns (English and French), as ``header_key``s.

They name the student and are never grade columns, even when their cells are
numbers (an ID number, a department code).
"""

ID_NUMBER_HEADERS = frozenset(
    {"id number", "numero d'identification", "idnumber", "matricule"}
)
FIRST_NAME_HEADERS = frozenset({"first name", "prenom", "firstname"})
LAST_NAME_HEADERS = frozenset(
    {"last name", "nom", "nom de famille", "lastname", "surname"}
)
#: Moodle's user profile columns (English and French), never grade columns.
PROFILE_HEADERS = (
    ID_NUMBER_HEADERS
    | FIRST_NAME_HEADERS
    | LAST_NAME_HEADERS
    | frozenset(
        {
            "institution",
            "department",
            "departement",
            "email address",
            "email",
            "e-mail",
            "adresse de courriel",
            "adresse courriel",
            "adresse email",
            "courriel",
            "username",
            "nom d'utilisateur",
            "phone",
            "telephone",
            "mobile phone",
            "telephone mobile",
            "city",
            "ville",
            "country",
            "pays",
            "address",
            "adresse",
            "suspended",
            "suspendu",
            "groups",
            "groupes",
        }
    )
)
