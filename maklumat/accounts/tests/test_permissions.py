"""The one authorization path: declared actions and the roles allowed to take them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from maklumat.accounts.permissions import allowed_roles, authorize, may


def test_an_undeclared_action_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        allowed_roles("nosucharea.anything")
    with pytest.raises(ImproperlyConfigured):
        allowed_roles("unnamed")


@pytest.mark.django_db
def test_anonymous_may_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert may(AnonymousUser(), "offices.view") is False
    with pytest.raises(PermissionDenied):
        authorize(AnonymousUser(), "offices.view")


def test_error_pages_are_styled_and_bilingual(client, outsider, db):
    client.force_login(outsider)
    response = client.get("/kantor/blitar/tidak-ada/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Tidak ditemukan" in body and "Not found" in body and "site-header" in body
