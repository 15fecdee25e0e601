"""schemathesis over the whole OpenAPI schema, as four identities (issue 12, item 7).

Runs only when ``MAKLUMAT_FUZZ=1`` (``.ci/schemathesis``, a step of ``.ci/run``): it takes about a
minute, too long for the everyday suite. It runs in-process (WSGI) on pytest's throwaway test database:
every write the fuzzer makes (tickets, complaints, applications, bookings) is rolled back with the test.

Identities: a front-desk officer (Petugas Loket) and a Kepala Kantor of Blitar, a Supervisor Nasional
(bearer tokens) and an unauthenticated client. Each operation gets ``FUZZ_EXAMPLES`` generated cases per
identity (default 25, the schema's own examples first). To get past the 404 of random identifiers, path
parameters and some body fields are, half of the time, replaced by real ones (office code, application
number, tracking code, counter, survey token, step and service codes).

Every answer is checked: no server error, a status code the operation documents, a body matching the
documented schema, and every date-time in a JSON body carrying an offset other than UTC's (the office's
own time). The figures (operations, cases, failures, status codes) are printed at the end.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict

import pytest

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.skipif(os.environ.get("MAKLUMAT_FUZZ") != "1",
                       reason="schemathesis over the API (~1 min); set MAKLUMAT_FUZZ=1 (.ci/schemathesis does)"),
]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(?P<offset>Z|[+-]\d\d:\d\d)?$")


def _identities(officer, kakan, national):
    from maklumat.accounts.services import token_create

    return {
        "petugas loket": {"Authorization": f"Bearer {token_create(user=officer)}"},
        "kepala kantor": {"Authorization": f"Bearer {token_create(user=kakan)}"},
        "supervisor nasional": {"Authorization": f"Bearer {token_create(user=national)}"},
        "tanpa login": {},
    }


def _real_values(office, kakan) -> dict[str, list]:
    """Identifiers that exist, by parameter or body field name."""
    from maklumat.applications.services import application_create
    from maklumat.complaints.services import Reporter, complaint_open
    from maklumat.queueing.models import Counter, Step
    from maklumat.satisfaction.services import survey_invitation_issue
    from maklumat.standards.models import Service

    service = Service.objects.filter(is_active=True).order_by("code").first()
    application = application_create(actor=kakan, office=office, number="BLT-FUZZ-1", service=service,
                                     booking_channel="walk_in", applicant_name="Siti Fuzz")
    complaint = complaint_open(actor=kakan, office=office, channel="walk_in", subject="Antrian terlalu lama",
                               description="Menunggu tiga jam tanpa kepastian di loket.",
                               reporter=Reporter(name="Siti Fuzz"))
    invitation = survey_invitation_issue(actor=kakan, office=office, channel="qr", reference=application.number,
                                         service=service)
    return {
        "code": [office.code, office.code, "pamekasan", office.kanwil.code],
        "number": [application.number],
        "tracking_code": [complaint.tracking_code],
        "counter_id": list(Counter.objects.filter(office=office).values_list("pk", flat=True)),
        "token": [invitation.token],
        "step": list(Step.objects.filter(office=office).values_list("code", flat=True)),
        "service": [service.code],
        "reference": [application.number],
        "office": [office.code],
    }


def offsets_are_local(ctx, response, case):
    """Every date-time a JSON answer carries is in an office's own time: with an offset, never UTC."""
    if "json" not in (response.headers.get("content-type") or [""])[0]:
        return None
    found = []

    def walk(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")
        elif isinstance(value, str):
            match = DATETIME.match(value)
            if match and match["offset"] in (None, "Z", "+00:00"):
                found.append(f"{where}={value}")

    walk(response.json(), "$")
    if found:
        raise AssertionError("date-time without the office's offset: " + ", ".join(found[:5]))
    return None


def test_api_answers_every_generated_request_as_documented(officer, national, settings):
    import logging

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # As Django's test client does: the handler must not close the test transaction's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    requests_log = logging.getLogger("django.request")
    level = requests_log.level
    try:
        _fuzz(officer, national, settings)
    finally:
        requests_log.setLevel(level)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class Tally:
    def __init__(self):
        self.cases = 0
        self.statuses: Counter[int] = Counter()
        self.failures: dict[str, set[str]] = defaultdict(set)


def _runner(tally: Tally, identity: str, headers: dict, operation, real: dict, checks):
    """The body of one hypothesis test: send the case, count it, record (never raise) what fails."""
    where = f"{identity}: {operation.method.upper()} {operation.path}"

    def run(case, data):
        from hypothesis import strategies as st

        for name in list(case.path_parameters or {}):
            if real.get(name) and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(real[name]))
        if isinstance(case.body, dict):
            for name in list(case.body):
                if real.get(name) and data.draw(st.booleans()):
                    case.body[name] = data.draw(st.sampled_from(real[name]))
        response = case.call(headers=headers)
        tally.cases += 1
        tally.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=checks)
        except BaseException as exc:  # every failure is recorded; none is shrunk (bounded time)
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            tally.failures[where].add(f"{response.status_code} {' | '.join(lines[:8])[:700]}")

    return run


def _fuzz(officer, national, settings):
    import logging

    import schemathesis
    from django.core.wsgi import get_wsgi_application
    from hypothesis import HealthCheck, Phase, given
    from hypothesis import settings as hsettings
    from hypothesis import strategies as st
    from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

    from maklumat.accounts.roles import Role
    from maklumat.conftest import make_user

    settings.PUBLIC_RATE_LIMIT = 10_000  # the fuzzer is one address; let it reach the handlers
    kakan = make_user("kakan.blitar.fuzz", Role.KEPALA_KANTOR, office=officer.office)
    identities = _identities(officer, kakan, national)
    real = _real_values(officer.office, kakan)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    # After get_wsgi_application (django.setup configures logging again): thousands of expected 4xx
    # warnings are not worth printing; a 500 is still logged.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    operations = [result.ok() for result in schema.get_all_operations()]
    checks = [not_a_server_error, status_code_conformance, response_schema_conformance, offsets_are_local]
    tally = Tally()

    for identity, headers in identities.items():
        for operation in operations:
            test = given(case=operation.as_strategy(), data=st.data())(
                _runner(tally, identity, headers, operation, real, checks))
            hsettings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))(test)()

    failures = sum(len(problems) for problems in tally.failures.values())
    print(f"\nschemathesis {schemathesis.SCHEMATHESIS_VERSION}: {len(operations)} operations x {len(identities)} "
          f"identities ({', '.join(identities)}), {EXAMPLES} examples each: {tally.cases} cases, "
          f"{failures} failures ({len(tally.failures)} operation/identity pairs)")
    print("status codes: " + ", ".join(f"{code}: {n}" for code, n in sorted(tally.statuses.items())))
    for where, problems in sorted(tally.failures.items()):
        print(f"FAIL {where}")
        for problem in sorted(problems):
            print(f"    {problem}")
    assert tally.cases > 0
    assert not tally.failures, f"{failures} failures (listed above)"
