"""The admin respects reach (office administrators change only their own office, never its Kanwil
or time zone) and every admin change, including actions, is written to the audit trail."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from maklumat.accounts.roles import Role
from maklumat.audit.models import AuditEntry
from maklumat.calendar.models import OfficeClosure
from maklumat.conftest import make_user
from maklumat.offices.models import Kanwil, Office
from maklumat.standards.models import SopStep, SopVersion


@pytest.fixture
def office_admin(blitar):
    from maklumat.accounts.seed import OFFICE_ADMIN_GROUP

    user = make_user("admin.blitar", Role.ADMINISTRATOR, office=blitar, is_staff=True)
    user.groups.add(Group.objects.get(name=OFFICE_ADMIN_GROUP))
    return user


@pytest.fixture
def superuser(reference_data):
    return make_user("root", "", is_staff=True, is_superuser=True)


def draft_of(office) -> SopVersion:
    version = SopVersion.objects.get(sop__office=office, sop__kind="issuance")
    draft = SopVersion.objects.create(sop=version.sop, number=2, effective_date=date(2027, 1, 1))
    SopStep.objects.create(version=draft, order=1, code="intake", actor_role=Role.PETUGAS_LOKET,
                           norm_minutes=5, activity_id="Menerima permohonan")
    return draft


def form_data(response) -> dict:
    """The POST body a browser would send back for an admin change form, unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form[name].value()
            if value is None:
                continue
            widget = field.widget
            if hasattr(widget, "widgets"):  # e.g. split date and time
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{form.add_prefix(name)}_{index}"] = part
            else:
                data[form.add_prefix(name)] = value
    return data


def action(client, url, name, *pks):
    return client.post(url, {"action": name, "_selected_action": [str(pk) for pk in pks], "index": "0",
                             "select_across": "0", "post": "yes"})


def test_office_admin_cannot_publish_another_offices_sop_version(client_of, office_admin, balikpapan):
    draft = draft_of(balikpapan)
    response = action(client_of(office_admin), "/admin/standards/sopversion/", "publish", draft.pk)
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.is_published is False
    assert not AuditEntry.objects.filter(object_id=str(draft.pk)).exists()


def test_office_admin_cannot_delete_another_offices_sop_version(client_of, office_admin, balikpapan):
    draft = draft_of(balikpapan)
    response = action(client_of(office_admin), "/admin/standards/sopversion/", "delete_selected", draft.pk)
    assert response.status_code == 404
    assert SopVersion.objects.filter(pk=draft.pk).exists()


def test_office_admin_publishes_their_own_draft_and_the_action_is_audited(client_of, office_admin, blitar):
    draft = draft_of(blitar)
    response = action(client_of(office_admin), "/admin/standards/sopversion/", "publish", draft.pk)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published is True
    entry = AuditEntry.objects.get(action="admin.action.publish", object_id=str(draft.pk))
    assert entry.actor == office_admin and entry.office == blitar
    assert entry.before["is_published"] is False and entry.after["is_published"] is True


def test_kanwil_and_time_zone_are_read_only_for_an_office_admin(client_of, office_admin, blitar):
    client = client_of(office_admin)
    url = f"/admin/offices/office/{blitar.pk}/change/"
    page = client.get(url)
    data = form_data(page)
    assert "kanwil" not in data and "time_zone" not in data  # shown read-only, not as inputs
    papua = Kanwil.objects.get(code="papua")
    data.update({"kanwil": papua.pk, "time_zone": "Asia/Jayapura", "city": "Kota Blitar"})
    response = client.post(url, data)
    assert response.status_code == 302
    blitar.refresh_from_db()
    assert (blitar.kanwil.code, blitar.time_zone, blitar.city) == ("jawa-timur", "Asia/Jakarta", "Kota Blitar")
    entry = AuditEntry.objects.get(action="admin.change", object_type="offices.office")
    assert entry.before["city"] == "Blitar" and entry.after["city"] == "Kota Blitar"
    assert entry.office == blitar and entry.actor == office_admin


def test_a_superuser_may_move_an_office_to_another_kanwil(client_of, superuser, blitar):
    client = client_of(superuser)
    url = f"/admin/offices/office/{blitar.pk}/change/"
    data = form_data(client.get(url))
    papua = Kanwil.objects.get(code="papua")
    data.update({"kanwil": papua.pk})
    assert client.post(url, data).status_code == 302
    assert Office.objects.get(pk=blitar.pk).kanwil == papua
    entry = AuditEntry.objects.get(action="admin.change", object_type="offices.office")
    assert entry.after["kanwil_id"] == papua.pk and entry.before["kanwil_id"] != papua.pk


def test_changing_office_hours_inline_is_audited_with_before_and_after(client_of, office_admin, blitar):
    client = client_of(office_admin)
    url = f"/admin/offices/office/{blitar.pk}/change/"
    data = form_data(client.get(url))
    monday = next(key for key, value in data.items() if key.endswith("-weekday") and str(value) == "0")
    prefix = monday.removesuffix("-weekday")
    data[f"{prefix}-closes"] = "15:00:00"
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(action="admin.change", object_type="offices.officehours")
    assert (entry.before["closes"], entry.after["closes"]) == ("16:00:00", "15:00:00")
    assert entry.office == blitar


def test_adding_changing_and_deleting_a_closure_writes_the_audit_trail(client_of, office_admin, blitar):
    client = client_of(office_admin)
    response = client.post("/admin/office_calendar/officeclosure/add/",
                           {"office": blitar.pk, "date": "2025-10-03", "reason": "Listrik padam"})
    assert response.status_code == 302
    closure = OfficeClosure.objects.get(office=blitar, date=date(2025, 10, 3))
    added = AuditEntry.objects.get(action="admin.add", object_type="office_calendar.officeclosure")
    assert added.before is None and added.after["reason"] == "Listrik padam" and added.office == blitar
    client.post(f"/admin/office_calendar/officeclosure/{closure.pk}/change/",
                {"office": blitar.pk, "date": "2025-10-03", "reason": "Genset rusak"})
    changed = AuditEntry.objects.get(action="admin.change", object_type="office_calendar.officeclosure")
    assert (changed.before["reason"], changed.after["reason"]) == ("Listrik padam", "Genset rusak")
    client.post(f"/admin/office_calendar/officeclosure/{closure.pk}/delete/", {"post": "yes"})
    deleted = AuditEntry.objects.get(action="admin.delete", object_type="office_calendar.officeclosure")
    assert deleted.before["reason"] == "Genset rusak" and deleted.after is None
    assert deleted.object_id == str(closure.pk)
    assert not OfficeClosure.objects.filter(pk=closure.pk).exists()


def test_a_published_sops_missing_number_can_be_filled_in_once_and_is_audited(client_of, office_admin, blitar):
    version = SopVersion.objects.get(sop__office=blitar, sop__kind="issuance")
    client = client_of(office_admin)
    url = f"/admin/standards/sopversion/{version.pk}/change/"
    page = client.get(url)
    data = form_data(page)
    data["document_number"] = "W.15.IMI.IMI.7-UM.01.01-0001"
    assert client.post(url, data).status_code == 302
    version.refresh_from_db()
    assert version.document_number == "W.15.IMI.IMI.7-UM.01.01-0001"
    entry = AuditEntry.objects.get(action="admin.change", object_type="standards.sopversion")
    assert entry.before["document_number"] == "" and entry.after["document_number"] == version.document_number
    # Once filled in, the number is frozen like the rest of the published version.
    assert "document_number" not in form_data(client.get(url))


def test_user_changes_are_audited_without_the_password(client_of, superuser, officer):
    client = client_of(superuser)
    url = f"/admin/accounts/user/{officer.pk}/change/"
    data = form_data(client.get(url))
    data["nip"] = "198001012005011001"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="admin.change", object_type="accounts.user")
    assert entry.before["nip"] == "" and entry.after["nip"] == "198001012005011001"
    assert entry.after["password"] == "***"


def test_setting_a_password_in_the_admin_is_audited_without_the_value(client_of, superuser, officer):
    response = client_of(superuser).post(f"/admin/accounts/user/{officer.pk}/password/", {
        "password1": "a-new-secret-123", "password2": "a-new-secret-123", "usable_password": "true"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.password_change")
    assert entry.object_id == str(officer.pk) and entry.actor == superuser
    assert entry.before is None and entry.after is None and "a-new-secret" not in entry.summary


def test_queue_set_up_in_the_admin_is_scoped_to_the_own_office_and_audited(client_of, office_admin, blitar,
                                                                           balikpapan):
    from maklumat.queueing.models import Counter

    client = client_of(office_admin)
    listing = client.get("/admin/queueing/counter/")
    assert listing.status_code == 200
    shown = set(listing.context["cl"].queryset.values_list("office__code", flat=True))
    assert shown == {"blitar"}
    theirs = Counter.objects.filter(office=balikpapan).first()
    assert client.get(f"/admin/queueing/counter/{theirs.pk}/change/").status_code in (302, 404)
    mine = Counter.objects.filter(office=blitar).order_by("pk").first()
    page = client.get(f"/admin/queueing/counter/{mine.pk}/change/")
    data = form_data(page)
    data["name"] = "Loket Satu"
    assert client.post(f"/admin/queueing/counter/{mine.pk}/change/", data).status_code == 302
    changed = AuditEntry.objects.get(action="admin.change", object_type="queueing.counter")
    assert changed.after["name"] == "Loket Satu" and changed.office == blitar


def test_every_admin_list_of_office_rows_shows_an_office_admin_only_their_office(client_of, office_admin, blitar):
    """Whatever an office administrator may open in the admin, rows of other offices never appear."""
    from django.contrib import admin

    client = client_of(office_admin)
    opened = []
    for model in admin.site._registry:
        if "office" not in {field.name for field in model._meta.get_fields()}:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = client.get(url)
        if response.status_code != 200:
            assert response.status_code in (302, 403), url
            continue
        opened.append(url)
        offices = set(response.context["cl"].queryset.values_list("office_id", flat=True))
        assert offices <= {blitar.pk}, url
    assert "/admin/queueing/counter/" in opened and "/admin/office_calendar/officeclosure/" in opened
