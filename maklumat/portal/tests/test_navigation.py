"""The menu and the dashboard link only to what the user may act on (``accounts.permissions.may``)."""

from maklumat.lib.nav import NavItem
from maklumat.portal import navigation

PUBLISH_SOPS = NavItem("Terbitkan SOP", lambda user: "/sop/", action="standards.sop_publish")
PUBLIC = NavItem("Beranda", lambda user: "/", public=True)


def test_an_item_with_an_action_shows_only_to_roles_that_may_take_it(officer, kasubsi, national):
    from maklumat.accounts.roles import Role
    from maklumat.conftest import make_user

    head = make_user("kepala.blitar", Role.KEPALA_KANTOR, office=officer.office)
    assert navigation.item_allowed(PUBLISH_SOPS, officer) is False
    assert navigation.item_allowed(PUBLISH_SOPS, kasubsi) is False
    assert navigation.item_allowed(PUBLISH_SOPS, head) is True


def test_anonymous_visitors_see_only_public_items(client, reference_data):
    from django.contrib.auth.models import AnonymousUser

    assert navigation.item_allowed(PUBLIC, AnonymousUser()) is True
    assert navigation.item_allowed(PUBLISH_SOPS, AnonymousUser()) is False


def test_menu_and_dashboard_leave_out_items_the_role_may_not_act_on(client_of, officer, monkeypatch):
    items = (PUBLIC, PUBLISH_SOPS)
    monkeypatch.setattr(navigation, "all_items", lambda: items)
    assert navigation.items_for(officer) == [("Beranda", "/")]
    html = client_of(officer).get("/dasbor/").content.decode()
    assert "Terbitkan SOP" not in html
