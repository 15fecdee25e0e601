"""Kinerja API: an office's, a Kanwil's and the nation's promises measured (see ``selectors``).

``GET /offices/{code}/kinerja``, ``GET /kanwil/{code}/kinerja``, ``GET /kinerja`` with
``from``/``to`` (local dates, inclusive) and optional ``as_of`` (ISO 8601; default now). Out of reach
404, wrong role 403, bad parameter 422 naming it.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError

from maklumat.accounts.permissions import authorize
from maklumat.accounts.roles import Reach
from maklumat.lib.apidoc import errors
from maklumat.offices.models import Kanwil
from maklumat.offices.scoping import office_for
from maklumat.performance import selectors
from maklumat.performance.params import ParamError, parse_as_of, parse_period

router = Router(tags=["kinerja"])
# A Kanwil's or the nation's ``as_of`` without an offset is read in WIB (the capital's time).
ROLLUP_ZONE = ZoneInfo("Asia/Jakarta")
# The figures (README "Kinerja API"): ``from``/``to`` local dates, ``as_of`` ISO 8601 with the office's offset
# (WIB for a Kanwil or the nation), rates and counts per promise.
FIGURES = dict[str, Any]


def _params(start, end, as_of, tz):
    try:
        first, last = parse_period(start, end)
        return first, last, parse_as_of(as_of, tz=tz, now=timezone.now())
    except ParamError as exc:
        raise HttpError(422, str(exc)) from None


@router.get("/offices/{code}/kinerja", response={200: FIGURES, **errors(401, 403, 404, 422)},
            summary="An office's promises measured, with its side figures")
def office_kinerja(request, code: str, start: str | None = Query(None, alias="from"),
                   end: str | None = Query(None, alias="to"), as_of: str | None = None):
    office = office_for(request.user, code, action="performance.view")
    first, last, moment = _params(start, end, as_of, office.tz)
    return selectors.office_kinerja(office, start=first, end=last, as_of=office.localtime(moment))


@router.get("/kanwil/{code}/kinerja", response={200: FIGURES, **errors(401, 403, 404, 422)},
            summary="A Kanwil's totals and its offices ranked")
def kanwil_kinerja(request, code: str, start: str | None = Query(None, alias="from"),
                   end: str | None = Query(None, alias="to"), as_of: str | None = None):
    user = request.user
    kanwil = Kanwil.objects.filter(code=code).first()
    reach = getattr(user, "reach", None)
    in_reach = kanwil is not None and (
        user.is_superuser or reach == Reach.NATIONAL or (reach == Reach.KANWIL and user.kanwil_id == kanwil.pk))
    if not in_reach:
        raise Http404("Kanwil tidak ditemukan")
    authorize(user, "performance.view_kanwil")
    first, last, moment = _params(start, end, as_of, ROLLUP_ZONE)
    return selectors.kanwil_kinerja(kanwil, start=first, end=last, as_of=moment.astimezone(ROLLUP_ZONE))


@router.get("/kinerja", response={200: FIGURES, **errors(401, 403, 422)},
            summary="The nation's totals and every office ranked")
def national_kinerja(request, start: str | None = Query(None, alias="from"),
                     end: str | None = Query(None, alias="to"), as_of: str | None = None):
    authorize(request.user, "performance.view_national")
    first, last, moment = _params(start, end, as_of, ROLLUP_ZONE)
    return selectors.national_kinerja(start=first, end=last, as_of=moment.astimezone(ROLLUP_ZONE))
