"""`grading` imports only the standard library (and itself), in every module."""

import ast
import sys
from pathlib import Path

import grading

PACKAGE = Path(grading.__file__).resolve().parent


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"relative import in {path.name}"
            roots.add((node.module or "").split(".")[0])
    return roots


def test_every_module_of_grading_imports_only_the_standard_library() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) > 10
    for path in modules:
        foreign = {
            root
            for root in _imported_roots(path)
            if root != "grading" and root not in sys.stdlib_module_names
        }
        assert not foreign, f"{path.name} imports {sorted(foreign)}"


def test_the_check_would_catch_a_third_party_import() -> None:
    assert "flask" not in sys.stdlib_module_names
    assert "decimal" in sys.stdlib_module_names
