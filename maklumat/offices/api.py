"""API: offices in the caller's reach (their working calendar is in ``calendar.api``)."""

from __future__ import annotations

from ninja import Router, Schema
from pydantic import Field

from maklumat.accounts.roles import Reach, Role
from maklumat.lib.apidoc import errors, one_of
from maklumat.offices.models import OfficeClass, TimeZone
from maklumat.offices.scoping import office_for, visible_offices

router = Router(tags=["kantor"])


class OfficeOut(Schema):
    code: str
    name: str
    office_class: one_of(OfficeClass.values)
    is_tpi: bool
    kanwil: str
    time_zone: one_of(TimeZone.values)


class MeOut(Schema):
    username: str
    name: str
    role: one_of(["", *Role.values]) = Field(description="empty for an administrator account without a role")
    reach: one_of(Reach.values)
    office: str | None
    kanwil: str | None


def _office_out(office) -> OfficeOut:
    return OfficeOut(code=office.code, name=office.name, office_class=office.office_class, is_tpi=office.is_tpi,
                     kanwil=office.kanwil.code, time_zone=office.time_zone)


@router.get("/me", response={200: MeOut, **errors(401)}, summary="Who the caller is and how far they reach")
def me(request):
    user = request.user
    return MeOut(username=user.username, name=user.display_name, role=user.role, reach=user.reach,
                 office=user.office.code if user.office_id else None,
                 kanwil=user.kanwil.code if user.kanwil_id else None)


@router.get("/offices", response={200: list[OfficeOut], **errors(401)}, summary="Offices in the caller's reach")
def list_offices(request):
    return [_office_out(office) for office in visible_offices(request.user)]


@router.get("/offices/{code}", response={200: OfficeOut, **errors(401, 404)},
            summary="One office (404 outside the caller's reach)")
def get_office(request, code: str):
    return _office_out(office_for(request.user, code))
