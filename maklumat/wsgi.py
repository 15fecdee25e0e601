"""WSGI entry point for gunicorn (`gunicorn maklumat.wsgi`).

The server refuses to start on a missing or unmigrated database, naming the data directory,
instead of creating an empty SQLite file and answering every page with an error.
"""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maklumat.settings")
application = get_wsgi_application()


def _refuse_a_missing_database() -> None:
    from django.db import connections

    from maklumat.cli import database_problem

    problem = database_problem(unreachable_is_a_problem=False)
    connections.close_all()  # gunicorn forks workers after this: no shared connection
    if problem:
        raise ImproperlyConfigured(problem)


_refuse_a_missing_database()
