"""API: offices in the caller's reach (their working calendar is in ``calendar.api``)."""

from __future__ import annotations

from ninja import Router, Schema

from maklumat.offices.scoping import office_for, visible_offices

router = Router(tags=["kantor"])


class OfficeOut(Schema):
    code: str
    name: str
    office_class: str
    is_tpi: bool
    kanwil: str
    time_zone: str


class MeOut(Schema):
    username: str
    name: str
    role: str
    reach: str
    office: str | None
    kanwil: str | None


def _office_out(office) -> OfficeOut:
    return OfficeOut(code=office.code, name=office.name, office_class=office.office_class, is_tpi=office.is_tpi,
                     kanwil=office.kanwil.code, time_zone=office.time_zone)


@router.get("/me", response=MeOut, summary="Who the caller is and how far they reach")
def me(request):
    user = request.user
    return MeOut(username=user.username, name=user.display_name, role=user.role, reach=user.reach,
                 office=user.office.code if user.office_id else None,
                 kanwil=user.kanwil.code if user.kanwil_id else None)


@router.get("/offices", response=list[OfficeOut], summary="Offices in the caller's reach")
def list_offices(request):
    return [_office_out(office) for office in visible_offices(request.user)]


@router.get("/offices/{code}", response=OfficeOut, summary="One office (404 outside the caller's reach)")
def get_office(request, code: str):
    return _office_out(office_for(request.user, code))
