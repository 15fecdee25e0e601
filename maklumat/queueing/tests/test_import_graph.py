"""The queue's place in the layered import graph: reads (selectors) never import writes (services),
and the queue imports only the layers below it — never compensation (which imports the queue),
complaints, satisfaction or the portal; it asks them through ``lib.areas.ask``."""

from __future__ import annotations

import ast
from pathlib import Path

import maklumat.queueing

PACKAGE = Path(maklumat.queueing.__file__).parent
FORBIDDEN = ("maklumat.compensation", "maklumat.complaints", "maklumat.satisfaction", "maklumat.portal")
# The menu entry's shape still lives in the portal on this branch; it moves to ``lib.nav`` (foundation work).
KNOWN: set[tuple[str, str]] = set()


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def modules():
    return [p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]


def test_selectors_do_not_import_services():
    assert not {n for n in imports_of(PACKAGE / "selectors.py") if n.startswith("maklumat.queueing.services")}


def test_the_queue_imports_no_area_above_or_beside_it():
    found = sorted((str(p.relative_to(PACKAGE)), name) for p in modules() for name in imports_of(p)
                   if name.startswith(FORBIDDEN) and (p.name, name) not in KNOWN
                   and (p.name, name.rsplit(".", 1)[0]) not in KNOWN)
    assert found == []
