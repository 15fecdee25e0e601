"""IKM pages make the same number of queries with 3x the responses, over more services."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maklumat.satisfaction.periods import Period
from maklumat.satisfaction.selectors import ikm_by_service, ikm_result, responses_in
from maklumat.satisfaction.tests.factories import make_response
from maklumat.standards.models import Service


def _responses(office, services, per_service: int, first_day: int = 1) -> None:
    for service in services:
        for day in range(first_day, first_day + per_service):
            make_response(office, date(2025, 3, day), service=service, answers=(4, 3, 4, 4, 2, 4, 3, 4, 4))


@pytest.mark.parametrize("url", ["/kantor/blitar/ikm/?periode=2025", "/kantor/blitar/ikm/laporan/?periode=2025",
                                 "/kantor/blitar/ikm/laporan.xlsx?periode=2025"])
def test_ikm_pages_make_the_same_number_of_queries_with_three_times_the_responses_and_services(
        client_of, kasubsi, blitar, url):
    services = list(Service.objects.order_by("order"))
    assert len(services) >= 3
    client = client_of(kasubsi)
    _responses(blitar, services[:1], 2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _responses(blitar, services[:3], 2, first_day=10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_figures_per_service_from_one_grouped_query_equal_each_service_alone(blitar):
    services = list(Service.objects.order_by("order"))[:3]
    _responses(blitar, services, 3)
    period = Period(2025)
    with CaptureQueriesContext(connection) as queries:
        rows = ikm_by_service(blitar, period)
    assert len(queries.captured_queries) == 2
    assert [service for service, _result in rows] == services
    for service, result in rows:
        assert result == ikm_result(responses_in(blitar, period, service))
