"""The role matrix of notifications: the delivery status page, the opt-out form and the read-only admin."""

from __future__ import annotations

import pytest
from django.db import transaction

from maklumat.notifications.services import message_enqueue
from maklumat.portal.tests.role_matrix import (
    ANONYMOUS,
    SIGNED_IN,
    Case,
    admin_model_cases,
    by_action,
    matrix_users,
    mismatches,
    undeclared,
)

POST_ONLY = {ANONYMOUS: 302, **{role: 405 for role in SIGNED_IN}}

CASES = [
    Case("GET", "kantor/<slug:code>/notifikasi/", by_action("notifications.view", 200)),
    Case("GET", "kantor/<slug:code>/notifikasi/penolakan/", POST_ONLY),
    Case("POST", "kantor/<slug:code>/notifikasi/penolakan/", by_action("notifications.optout_manage", 302),
         data={"contact": ""}),
    *admin_model_cases("admin/notifications/message/", "{message}"),
    *admin_model_cases("admin/notifications/optout/", "{optout}"),
]


def test_every_notifications_route_has_a_declared_answer():
    assert undeclared(CASES, modules=("maklumat.notifications",), routes=("admin/notifications/",)) == []


@pytest.mark.django_db
def test_every_role_gets_exactly_its_declared_answer(client, blitar, balikpapan, officer):
    from maklumat.notifications.models import OptOut

    users = matrix_users(blitar, balikpapan)
    with transaction.atomic():
        [message] = message_enqueue(office=blitar, kind="passport_ready", key="m", body="Paspor siap.",
                                    phone="081234567890")
    optout = OptOut.objects.create(contact="6281111111111")
    wrong = mismatches(client, users, CASES, values={"code": "blitar", "{message}": message.pk,
                                                     "{optout}": optout.pk})
    assert wrong == []
