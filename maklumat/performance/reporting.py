"""The database the dashboards read: the ``reporting`` alias when ``REPORTING_DATABASE_URL`` is set
(a read replica), else the primary's own connection (see settings and docs/scaling.md)."""

from __future__ import annotations

from django.conf import settings


def reporting() -> str:
    return settings.REPORTING_DATABASE
