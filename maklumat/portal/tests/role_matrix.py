"""A reusable role-matrix harness: every URL and API route, requested as every role, gets exactly
the answer its area declares.

Use from an area's tests::

    from maklumat.portal.tests.role_matrix import Case, by_action, matrix_users, mismatches, undeclared

    CASES = [Case("GET", "kantor/<slug:code>/antrian/", by_action("queueing.overview_view", 200))]

    def test_queueing_role_matrix(client, blitar, balikpapan):
        users = matrix_users(blitar, balikpapan)
        assert undeclared(CASES, modules=("maklumat.queueing",)) == []
        assert mismatches(client, users, CASES, values={"code": "blitar"}) == []

``endpoints()`` walks ``django.urls.get_resolver()`` (Django views and every django-ninja operation
with its methods); ``undeclared`` lists those of the given modules no ``Case`` covers, so a new
route without a declared answer fails the test. ``by_action("<area>.<name>", ok)`` builds a route's
answers from the area's declared ``ACTIONS`` (one source per rule); ``admin_model_cases`` declares the
six admin routes of one model. API POST bodies are sent as JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, Group
from django.urls import URLPattern, URLResolver, get_resolver

from maklumat.accounts.roles import Role
from maklumat.accounts.seed import OFFICE_ADMIN_GROUP, OFFICE_ROLES

ANONYMOUS = "anonymous"
OUTSIDER = "outsider"  # a counter officer of another office (Balikpapan)
OUTSIDE_ADMIN = "outside_admin"  # the administrator of another office
KANWIL = "kanwil"  # the supervisor of the Kanwil the office belongs to
NATIONAL = "national"
SUPERUSER = "superuser"
OFFICE_ROLE_NAMES = tuple(str(role) for role in OFFICE_ROLES)
ALL_ROLES = (ANONYMOUS, *OFFICE_ROLE_NAMES, OUTSIDER, OUTSIDE_ADMIN, KANWIL, NATIONAL, SUPERUSER)
SIGNED_IN = ALL_ROLES[1:]


@dataclass(frozen=True)
class Endpoint:
    method: str
    route: str  # as in the URLconf: "kantor/<slug:code>/standar/", "api/v1/offices/<code>"
    module: str  # where the view function lives
    name: str


@dataclass(frozen=True)
class Case:
    """The declared answer of one endpoint per role: ``expected[role]``, else ``default``.

    ``values`` fills the route's parameters (merged over the defaults given to ``mismatches``; a value
    that names one of those defaults, such as ``"{claim}"``, is replaced by it);
    ``data`` is the body of a POST. A status may be a set when either answer is right.
    """

    method: str
    route: str
    expected: Mapping[str, int | frozenset[int]]
    default: int | frozenset[int] | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    data: Mapping[str, object] | list | None = None  # an API body may be a JSON list
    label: str = ""

    def status_for(self, role: str):
        return self.expected.get(role, self.default)


def _walk(patterns, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _ninja_operations(callback):
    """The django-ninja PathView behind a URL pattern, if it is one."""
    for cell in callback.__closure__ or ():
        operations = getattr(cell.cell_contents, "operations", None)
        if operations is not None:
            return operations
    return None


def endpoints() -> list[Endpoint]:
    """Every (method, route) the project answers: Django views as GET, ninja operations per method."""
    found: dict[tuple[str, str], Endpoint] = {}
    for route, pattern in _walk(get_resolver().url_patterns):
        callback = pattern.callback
        operations = _ninja_operations(callback) if getattr(callback, "__closure__", None) else None
        if operations:
            for operation in operations:
                for method in operation.methods:
                    found.setdefault((method, route), Endpoint(method, route, operation.view_func.__module__,
                                                                operation.view_func.__name__))
        else:
            module = getattr(callback, "__module__", "") or ""
            view_class = getattr(callback, "view_class", None)
            if view_class is not None:
                module = view_class.__module__
            found.setdefault(("GET", route), Endpoint("GET", route, module, pattern.name or ""))
    return list(found.values())


def undeclared(cases: Iterable[Case], *, modules: tuple[str, ...], routes: tuple[str, ...] = ()) -> list[str]:
    """Endpoints whose view lives in ``modules`` (or whose route starts with ``routes``) without a Case."""
    declared = {(case.method, case.route) for case in cases}
    return sorted(
        f"{endpoint.method} {endpoint.route}" for endpoint in endpoints()
        if (endpoint.module.startswith(modules) or (routes and endpoint.route.startswith(routes)))
        and (endpoint.method, endpoint.route) not in declared
    )


_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def fill(route: str, values: Mapping[str, str]) -> str:
    """The concrete path of ``route`` with its parameters taken from ``values``."""
    return "/" + _PARAMETER.sub(lambda match: str(values[match.group("name")]), route)


def matrix_users(office, other_office) -> dict[str, object]:
    """One user per office role of ``office`` (the administrator as its admin-site staff), a counter
    officer and the administrator of ``other_office``, the Kanwil and national supervisors, a
    superuser, and the anonymous visitor."""
    from maklumat.conftest import make_user

    admins = Group.objects.get(name=OFFICE_ADMIN_GROUP)
    users: dict[str, object] = {ANONYMOUS: AnonymousUser()}
    for role in OFFICE_ROLES:
        is_admin = role == Role.ADMINISTRATOR
        users[str(role)] = make_user(f"matrix.{role}", role, office=office, is_staff=is_admin)
        if is_admin:
            users[str(role)].groups.add(admins)
    users[OUTSIDER] = make_user("matrix.outsider", Role.PETUGAS_LOKET, office=other_office)
    users[OUTSIDE_ADMIN] = make_user("matrix.outside-admin", Role.ADMINISTRATOR, office=other_office,
                                     is_staff=True)
    users[OUTSIDE_ADMIN].groups.add(admins)
    users[KANWIL] = make_user("matrix.kanwil", Role.SUPERVISOR_KANWIL, kanwil=office.kanwil)
    users[NATIONAL] = make_user("matrix.national", Role.SUPERVISOR_NASIONAL)
    users[SUPERUSER] = make_user("matrix.root", "", is_staff=True, is_superuser=True)
    return users


def by_action(action: str, ok, *, denied=403, outsider=404, anonymous=302) -> dict:
    """The declared answers of a route guarded by ``action`` (``"<area>.<name>"``), built from the
    area's own ``ACTIONS``: ``ok`` for the roles it allows (and the superuser), ``denied`` for the other
    roles in reach, ``outsider`` for the staff of another office, ``anonymous`` for a visitor."""
    from maklumat.accounts.permissions import allowed_roles

    allowed = allowed_roles(action)
    roles_in_reach = {**{name: name for name in OFFICE_ROLE_NAMES}, KANWIL: str(Role.SUPERVISOR_KANWIL),
                      NATIONAL: str(Role.SUPERVISOR_NASIONAL)}
    answers = {name: ok if role in allowed else denied for name, role in roles_in_reach.items()}
    answers.update({ANONYMOUS: anonymous, OUTSIDER: outsider, OUTSIDE_ADMIN: outsider, SUPERUSER: ok})
    return answers


def admin_page(*, office_admin, outside_admin, superuser=200) -> dict:
    """An admin page: the login redirect for everyone who is not staff, the given answers for the
    administrator of the office, the administrator of another office and the superuser."""
    staff = {str(Role.ADMINISTRATOR): office_admin, OUTSIDE_ADMIN: outside_admin, SUPERUSER: superuser}
    return {**{role: 302 for role in ALL_ROLES if role not in staff}, **staff}


def admin_model_cases(model_route: str, row: str, *, action: str | None = None) -> list[Case]:
    """The six admin routes of one model (``"admin/queueing/counter/"``), its row ``row`` belonging to the
    office. With ``action``, the model is an office's set-up (``OfficeScopedAdmin``): office
    administrators hold its model permissions, see their own office's rows only (another office's row
    is the admin's "does not exist" redirect) and add, change or delete when the action allows their
    role. Without, it is history kept by the services (``ReadOnlyAdmin``): no office administrator
    may see it, the superuser only reads it."""
    from maklumat.accounts.permissions import allowed_roles

    obj = model_route + "<path:object_id>/"
    everyone = {role: 302 for role in ALL_ROLES}  # the bare object URL redirects to its change page
    if action is None:
        answers = {
            model_route: admin_page(office_admin=403, outside_admin=403),
            model_route + "add/": admin_page(office_admin=403, outside_admin=403, superuser=403),
            obj + "change/": admin_page(office_admin=403, outside_admin=403),
            obj + "delete/": admin_page(office_admin=403, outside_admin=403, superuser=403),
            obj + "history/": admin_page(office_admin=403, outside_admin=403),
        }
    else:
        write = 200 if Role.ADMINISTRATOR in allowed_roles(action) else 403
        answers = {
            model_route: admin_page(office_admin=200, outside_admin=200),
            model_route + "add/": admin_page(office_admin=write, outside_admin=write),
            obj + "change/": admin_page(office_admin=200, outside_admin=302),
            obj + "delete/": admin_page(office_admin=write, outside_admin=302 if write == 200 else 403),
            obj + "history/": admin_page(office_admin=200, outside_admin=302),
        }
    answers[obj] = everyone
    return [Case("GET", route, expected, values={"object_id": row} if "<path:object_id>" in route else {})
            for route, expected in answers.items()]


def _matches(status: int, expected) -> bool:
    return status in expected if isinstance(expected, frozenset) else status == expected


def mismatches(client, users: Mapping[str, object], cases: Iterable[Case], *,
               values: Mapping[str, str]) -> list[str]:
    """Request every case as every user; the list of answers that differ from the declaration."""
    wrong = []
    for role, user in users.items():
        client.logout()
        if getattr(user, "is_authenticated", False):
            client.force_login(user)
        for case in cases:
            expected = case.status_for(role)
            if expected is None:
                continue
            # A case value naming a key of ``values`` ("{claim}") is that row's value.
            own = {name: values.get(value, value) for name, value in case.values.items()}
            path = fill(case.route, {**values, **own})
            if case.method == "GET":
                response = client.get(path)
            elif case.method == "POST" and case.route.startswith("api/"):
                # The API reads JSON bodies; a form body would fail validation before reach and role.
                response = client.post(path, {} if case.data is None else case.data, content_type="application/json")
            elif case.method == "POST":
                response = client.post(path, dict(case.data or {}))
            else:
                response = client.generic(case.method, path)
            if not _matches(response.status_code, expected):
                wrong.append(f"{case.method} {path} as {role}: {response.status_code}, declared {expected}")
    return wrong
