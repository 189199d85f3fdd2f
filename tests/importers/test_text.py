import pytest

from importers.text import safe_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 6 12", "'+33 6 12"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Dupont", "Dupont"),
        ("Lé\x00a\x07\x1f", "Léa"),
        ("line\nbreak", "line\nbreak"),
        ("ok\ufffe\uffff\ud800", "ok"),
    ],
)
def test_exported_text_is_never_a_formula_and_has_no_control_characters(
    raw: str, expected: str
) -> None:
    assert safe_text(raw) == expected
