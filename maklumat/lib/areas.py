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


def ask(module_name: str, function: str, *args, **kwargs):
    """The first non-``None`` answer of ``<area>.<module_name>.<function>(*args)`` over the areas.

    The extension point for a question one area answers for others that may not import it
    (the import graph is layered): e.g. queueing asks ``ask("promises", "biometric_wait_promise",
    office, day)`` and the compensation area, which owns the policies, answers.
    """
    for _area, module in area_modules(module_name):
        answer = getattr(module, function, None)
        if answer is None:
            continue
        value = answer(*args, **kwargs)
        if value is not None:
            return value
    return None
