"""The one mechanism that decides which offices' data a user may see.

Every view, API endpoint and export that shows office data narrows its queryset with
``restrict`` or fetches an office with ``office_for``. An office outside the user's reach
answers 404, exactly as an office that does not exist, so guessing codes or ids reveals
nothing.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from maklumat.accounts.permissions import authorize
from maklumat.accounts.roles import Reach
from maklumat.offices.models import Office

M = TypeVar("M", bound=Model)


def visible_offices(user) -> QuerySet[Office]:
    """Offices in the user's reach: their own office, their Kanwil's offices, or all."""
    offices = Office.objects.select_related("kanwil")
    if user is None or not user.is_authenticated or not user.is_active:
        return offices.none()
    reach = user.reach
    if reach == Reach.NATIONAL:
        return offices.all()
    if reach == Reach.KANWIL:
        return offices.filter(kanwil_id=user.kanwil_id) if user.kanwil_id else offices.none()
    return offices.filter(pk=user.office_id) if user.office_id else offices.none()


def in_reach(user, office: Office) -> bool:
    """``visible_offices(user)`` contains ``office``, decided without a query (the same rules)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    reach = user.reach
    if reach == Reach.NATIONAL:
        return True
    if reach == Reach.KANWIL:
        return bool(user.kanwil_id) and office.kanwil_id == user.kanwil_id
    return bool(user.office_id) and office.pk == user.office_id


def restrict(queryset: QuerySet[M], user, office_field: str = "office") -> QuerySet[M]:
    """``queryset`` narrowed to rows whose ``office_field`` is an office in the user's reach."""
    return queryset.filter(**{f"{office_field}__in": visible_offices(user)})


def office_for(user, code: str, action: str | None = None) -> Office:
    """The office with ``code`` if the user may see it (otherwise 404); with ``action``, also
    403 unless the user's role may take it (``accounts.permissions``). 404 is decided first,
    so a wrong role outside reach learns nothing."""
    office = visible_offices(user).filter(code=code).first()
    if office is None:
        raise Http404("Kantor tidak ditemukan")
    if action is not None:
        authorize(user, action)
    return office


def authorize_in_office(user, office: Office, action: str) -> None:
    """For services handed an office: 404 when it is outside the user's reach, 403 for the wrong role."""
    if not can_see_office(user, office):
        raise Http404("Kantor tidak ditemukan")
    authorize(user, action)


def get_scoped_or_404(queryset: QuerySet[M], user, office_field: str = "office", **lookup) -> M:
    """One row of ``queryset`` matching ``lookup`` inside the user's reach; otherwise 404."""
    obj = restrict(queryset, user, office_field).filter(**lookup).first()
    if obj is None:
        raise Http404("Data tidak ditemukan")
    return obj


def can_see_office(user, office: Office) -> bool:
    return in_reach(user, office)
