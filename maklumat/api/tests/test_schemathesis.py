"""schemathesis over the whole OpenAPI schema, as four identities (issue 12, item 7).

Runs only when ``MAKLUMAT_FUZZ=1`` (``.ci/schemathesis``, a step of ``.ci/run``): it takes about a
minute, too long for the everyday suite. It runs on pytest's throwaway test database: every write the
fuzzer makes (tickets, complaints, applications) is rolled back with the test.

Each operation gets ``FUZZ_EXAMPLES`` generated cases per identity (default 25). Every answer is checked
for: no server error, a status code the schema declares, a body that matches the declared schema.
Path parameters named ``code`` are sometimes replaced with a real office (or Kanwil) so the handlers are
reached past the 404. The figures (operations, cases, failures) are printed at the end.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict

import pytest

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.skipif(os.environ.get("MAKLUMAT_FUZZ") != "1",
                       reason="schemathesis over the API (~1 min); set MAKLUMAT_FUZZ=1 (.ci/schemathesis does)"),
]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
REAL_CODES = ["blitar", "pamekasan", "balikpapan", "jatim"]


def _identities(officer, national):
    from maklumat.accounts.roles import Role
    from maklumat.accounts.services import token_create
    from maklumat.conftest import make_user

    kakan = make_user("kakan.blitar.fuzz", Role.KEPALA_KANTOR, office=officer.office)
    return {
        "petugas loket": {"Authorization": f"Bearer {token_create(user=officer)}"},
        "kepala kantor": {"Authorization": f"Bearer {token_create(user=kakan)}"},
        "supervisor nasional": {"Authorization": f"Bearer {token_create(user=national)}"},
        "tanpa login": {},
    }


def test_api_answers_every_generated_request_as_documented(officer, national, settings):

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # As Django's test client does: the handler must not close the test transaction's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _fuzz(officer, national, settings)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(officer, national, settings):
    import schemathesis
    from django.core.wsgi import get_wsgi_application
    from hypothesis import HealthCheck, Phase, given
    from hypothesis import settings as hsettings
    from hypothesis import strategies as st
    from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

    settings.PUBLIC_RATE_LIMIT = 10_000  # the fuzzer is one address; let it reach the handlers
    identities = _identities(officer, national)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    checks = [not_a_server_error, status_code_conformance, response_schema_conformance]
    cases = 0
    statuses: Counter[int] = Counter()
    failures: dict[str, set[str]] = defaultdict(set)

    for identity, headers in identities.items():
        for operation in operations:
            def run(case, real_code, use_real):
                nonlocal cases
                if use_real and case.path_parameters and "code" in case.path_parameters:
                    case.path_parameters["code"] = real_code
                response = case.call(headers=headers)
                cases += 1
                statuses[response.status_code] += 1
                try:
                    case.validate_response(response, checks=checks)
                except BaseException as exc:  # noqa: BLE001 - every kind of failure is counted, never shrunk
                    summary = str(exc).strip().splitlines()
                    failures[f"{identity}: {operation.method.upper()} {operation.path}"].add(
                        f"{response.status_code} {' | '.join(summary[:6])[:600]}")

            test = given(case=operation.as_strategy(), real_code=st.sampled_from(REAL_CODES),
                         use_real=st.booleans())(run)
            test = hsettings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                             phases=[Phase.explicit, Phase.generate],
                             suppress_health_check=list(HealthCheck))(test)
            test()

    print(f"\nschemathesis: {len(operations)} operations x {len(identities)} identities, {cases} cases, "
          f"{sum(len(v) for v in failures.values())} distinct failures in {len(failures)} operation(s)")
    print("status codes: " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
    for where, problems in sorted(failures.items()):
        print(f"FAIL {where}")
        for problem in sorted(problems):
            print(f"    {problem}")
    assert not failures
