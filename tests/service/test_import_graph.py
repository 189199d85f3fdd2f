"""No import cycle inside service/, counting the package ``__init__`` modules.

Importing ``service.errors`` runs ``service/api/__init__.py`` first: when a
package's own module imports modules that import back into it, whichever module
is imported first decides whether the app starts. The graph below adds those
implicit edges (an importer depends on every package above what it imports,
except the packages it lives in, which are already being imported).
"""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

import grimp


def _ancestors(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def import_graph(package: str) -> dict[str, set[str]]:
    """Map each module of ``package`` to the modules of it that importing it runs."""
    graph = grimp.build_graph(package)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        own = set(_ancestors(module))
        runs: set[str] = set()
        for imported in graph.find_modules_directly_imported_by(module):
            runs.add(imported)
            runs.update(a for a in _ancestors(imported) if a not in own)
        edges[module] = runs - {module}
    return edges


def test_service_has_no_import_cycle() -> None:
    try:
        order = list(TopologicalSorter(import_graph("service")).static_order())
    except CycleError as error:
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None
    assert {"service.app", "service.api.registry"} <= set(order)
