"""Finding what each domain area contributes: URLs, API routers, navigation, seed steps.

An area (a Django app listed in ``settings.MAKLUMAT_AREAS``) plugs in by having a module:
``urls`` (``urlpatterns``), ``api`` (``router``), ``nav`` (``NAV_ITEMS``), ``seed``
(``seed_reference(log)`` and/or ``seed_demo(log)``), ``workers`` (``WORKERS``: commands the
demo starts beside the server). Nothing else needs to be edited to add an area.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

from django.conf import settings


def area_modules(name: str) -> Iterator[tuple[str, ModuleType]]:
    """(area, module) for every area that has a module called ``name``, in settings order."""
    for area in settings.MAKLUMAT_AREAS:
        try:
            module = importlib.import_module(f"{area}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{area}.{name}":
                raise  # the module exists but imports something missing: a real error
            continue
        yield area, module
