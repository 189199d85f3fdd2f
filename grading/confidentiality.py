"""CCF confidentiality (R7): CCF grades are jury proposals, hidden until published."""

from grading.errors import GradingError
from grading.regulation import Mode, Regulation


def confidential_units(
    regulation: Regulation, category: str | None = None
) -> frozenset[str]:
    """Return the units assessed in CCF for a category: jury proposals (R7)."""
    name = category or regulation.default_category
    if name not in regulation.categories:
        raise GradingError(f"unknown category {name!r}", "category")
    forms = regulation.categories[name].forms
    return frozenset(code for code, form in forms.items() if form.mode is Mode.CCF)


def visible_to_student(
    unit: str,
    regulation: Regulation,
    jury_published: bool,
    category: str | None = None,
) -> bool:
    """Return whether a student may see a unit's exam grades yet (R7).

    CCF situation grades and the unit result are shown only once the director has
    published the session's jury results; other exam grades follow the same
    publication, so only the CCF rule is enforced here.
    """
    return jury_published or unit not in confidential_units(regulation, category)
