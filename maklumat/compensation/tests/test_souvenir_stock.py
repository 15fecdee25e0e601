"""Souvenir stock: intake with its unit cost, the low-stock threshold and alert, only souvenirs in stock
offered, and the last one never given twice."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from maklumat.accounts.roles import Role
from maklumat.audit.models import AuditEntry
from maklumat.compensation import services
from maklumat.compensation.models import (
    LOW_STOCK_THRESHOLD,
    Claim,
    CompensationPolicy,
    Fulfilment,
    SouvenirItem,
    SouvenirMovement,
)
from maklumat.compensation.rules.stock import gift_cost, is_low, offerable
from maklumat.compensation.stock import low_stock_rows, souvenir_stock_rows
from maklumat.compensation.tests.fixtures import AFTER, application_with
from maklumat.conftest import make_user


def blitar_policy():
    return CompensationPolicy.objects.get(code="blitar-2025")


# ----- the pure rules ----------------------------------------------------------------------------

@given(st.integers(-5, 500), st.integers(0, 500))
def test_low_means_at_or_below_the_threshold_and_empty_is_always_low(stock, threshold):
    assert is_low(stock, threshold) == (stock <= threshold or stock <= 0)
    assert is_low(threshold, threshold) and not is_low(threshold + 1, threshold)


@given(st.dictionaries(st.text(min_size=1, max_size=4), st.integers(-3, 5)))
def test_only_souvenirs_with_stock_are_offered_in_order(stocks):
    offered = offerable(stocks)
    assert offered == [key for key in stocks if stocks[key] > 0]


def test_gift_cost_sums_priced_gifts_and_says_when_one_has_no_price():
    assert gift_cost([(-1, 15_000), (-2, 5_000)]) == (25_000, True)
    assert gift_cost([(-1, 15_000), (-1, None)]) == (15_000, False)
    assert gift_cost([]) == (0, True)


# ----- intake and threshold ----------------------------------------------------------------------

def test_intake_with_a_unit_cost_prices_the_item_and_is_audited(blitar, yankomas):
    item = services.souvenir_item_create(actor=yankomas, office=blitar, name="Gantungan kunci")
    movement = services.souvenir_stock_receive(actor=yankomas, item=item, quantity=40, reason="pengadaan Mei",
                                               unit_cost=15_000)
    item.refresh_from_db()
    assert (item.unit_cost, movement.unit_cost, movement.quantity) == (15_000, 15_000, 40)
    entry = AuditEntry.objects.get(action="souvenir.receive")
    assert (entry.actor, entry.summary) == (yankomas, "+40 Gantungan kunci @ Rp 15.000")
    assert (entry.before, entry.after) == ({"stock": 0, "unit_cost": None}, {"stock": 40, "unit_cost": 15_000})
    services.souvenir_stock_receive(actor=yankomas, item=item, quantity=10, reason="")
    item.refresh_from_db()
    assert item.unit_cost == 15_000 and SouvenirMovement.objects.get(quantity=10).unit_cost is None


@pytest.mark.parametrize(("quantity", "unit_cost", "field"), [
    (0, 1000, "quantity"), (100_001, 1000, "quantity"), (5, -1, "unit_cost"), (5, 10_000_001, "unit_cost"),
    (5, "15000", "unit_cost"),
])
def test_bad_intake_is_refused_naming_the_field_and_nothing_changes(blitar, yankomas, quantity, unit_cost, field):
    item = SouvenirItem.objects.create(office=blitar, name="Pin", unit_cost=3_000)
    with pytest.raises(ValidationError) as refused:
        services.souvenir_stock_receive(actor=yankomas, item=item, quantity=quantity, reason="", unit_cost=unit_cost)
    assert field in refused.value.message_dict
    item.refresh_from_db()
    assert item.unit_cost == 3_000 and not SouvenirMovement.objects.exists() and not AuditEntry.objects.exists()


def test_a_new_item_gets_the_default_threshold_and_the_keeper_changes_it_audited(blitar, yankomas):
    item = services.souvenir_item_create(actor=yankomas, office=blitar, name="Tumbler")
    assert item.low_stock_threshold == LOW_STOCK_THRESHOLD
    services.souvenir_threshold_set(actor=yankomas, item=item, threshold=12)
    item.refresh_from_db()
    assert item.low_stock_threshold == 12
    entry = AuditEntry.objects.get(action="souvenir.threshold")
    assert (entry.before, entry.after) == ({"low_stock_threshold": LOW_STOCK_THRESHOLD}, {"low_stock_threshold": 12})
    with pytest.raises(ValidationError, match="0 atau lebih"):
        services.souvenir_threshold_set(actor=yankomas, item=item, threshold=-1)
    counter = make_user("loket.blitar", Role.PETUGAS_LOKET, office=blitar)
    with pytest.raises(PermissionDenied):
        services.souvenir_threshold_set(actor=counter, item=item, threshold=1)
    item.refresh_from_db()
    assert item.low_stock_threshold == 12 and AuditEntry.objects.filter(action="souvenir.threshold").count() == 1


def test_stock_rows_and_the_low_stock_alert_in_one_query(blitar, yankomas, django_assert_num_queries):
    plenty = SouvenirItem.objects.create(office=blitar, name="A plenty", low_stock_threshold=5)
    low = SouvenirItem.objects.create(office=blitar, name="B low", low_stock_threshold=5)
    SouvenirItem.objects.create(office=blitar, name="C empty", low_stock_threshold=0)
    services.souvenir_stock_receive(actor=yankomas, item=plenty, quantity=6, reason="")
    services.souvenir_stock_receive(actor=yankomas, item=low, quantity=5, reason="")
    with django_assert_num_queries(1):
        rows = souvenir_stock_rows(blitar)
    assert [(row.item.name, row.stock, row.low) for row in rows] == [
        ("A plenty", 6, False), ("B low", 5, True), ("C empty", 0, True)]
    assert [row.item.name for row in low_stock_rows(blitar)] == ["C empty", "B low"]


# ----- the fulfilment desk -----------------------------------------------------------------------

def _claim(blitar, yankomas, number="BLT-1") -> Claim:
    application = application_with(blitar, number, wait_minutes=121)
    return services.claim_record(actor=yankomas, application=application, policy=blitar_policy(), as_of=AFTER)


def test_a_gift_is_priced_on_the_ledger_at_the_items_price_then(blitar, yankomas):
    item = SouvenirItem.objects.create(office=blitar, name="Gantungan kunci")
    services.souvenir_stock_receive(actor=yankomas, item=item, quantity=6, reason="", unit_cost=15_000)
    services.remedy_fulfil_souvenir(claim=_claim(blitar, yankomas), actor=yankomas, item=item)
    services.souvenir_stock_receive(actor=yankomas, item=item, quantity=5, reason="", unit_cost=20_000)
    assert SouvenirMovement.objects.get(quantity=-1).unit_cost == 15_000
    assert AuditEntry.objects.get(action="remedy.souvenir").summary == "Gantungan kunci (sisa 5) — stok menipis"


def test_claim_page_offers_only_souvenirs_in_stock_and_shows_the_low_stock_alert(client_of, blitar, yankomas):
    empty = SouvenirItem.objects.create(office=blitar, name="Tumbler Imigrasi")
    keyring = SouvenirItem.objects.create(office=blitar, name="Gantungan kunci", low_stock_threshold=5)
    services.souvenir_stock_receive(actor=yankomas, item=keyring, quantity=2, reason="")
    claim = _claim(blitar, yankomas)
    page = client_of(yankomas).get(f"/kantor/blitar/kompensasi/klaim/{claim.pk}/").content.decode()
    assert f'<option value="{keyring.pk}">Gantungan kunci (stok 2, menipis)</option>' in page
    assert f'value="{empty.pk}"' not in page
    assert "Stok suvenir menipis" in page and "Tumbler Imigrasi — habis" in page


def test_with_no_souvenir_in_stock_the_desk_says_so_and_offers_the_other_remedies(client_of, blitar, yankomas):
    SouvenirItem.objects.create(office=blitar, name="Tumbler Imigrasi")
    claim = _claim(blitar, yankomas)
    services.remedy_fulfil_apology(claim=claim, actor=yankomas)
    page = client_of(yankomas).get(f"/kantor/blitar/kompensasi/klaim/{claim.pk}/").content.decode()
    assert "Stok suvenir habis." in page and "Berikan suvenir" not in page
    # The apology is given; the priority service is what the policy grants and is still to give.
    instead = "Yang dapat diberikan sekarang menurut kebijakan: <strong>Layanan prioritas / bebas antrian</strong>."
    assert instead in page
    assert Fulfilment.objects.get(claim=claim, remedy="souvenir").status == "open"


def test_dashboard_alerts_the_stock_keeper_not_the_counter(client_of, blitar, kasubsi, yankomas):
    SouvenirItem.objects.create(office=blitar, name="Tumbler Imigrasi")
    assert "Stok suvenir menipis: Tumbler Imigrasi (habis)." in client_of(kasubsi).get("/dasbor/").content.decode()
    counter = make_user("loket.blitar", Role.PETUGAS_LOKET, office=blitar)
    assert "Stok suvenir menipis" not in client_of(counter).get("/dasbor/").content.decode()


def test_threshold_form_changes_it_and_a_bad_value_is_named(client_of, blitar, yankomas):
    item = SouvenirItem.objects.create(office=blitar, name="Pin")
    client = client_of(yankomas)
    for typed in ("abc", "²", "-3"):
        page = client.post(f"/kantor/blitar/kompensasi/suvenir/{item.pk}/batas/", {"threshold": typed},
                           follow=True).content.decode()
        assert "threshold: batas stok menipis harus berupa angka" in page
    client.post(f"/kantor/blitar/kompensasi/suvenir/{item.pk}/batas/", {"threshold": "8"})
    item.refresh_from_db()
    assert item.low_stock_threshold == 8


def test_intake_form_records_the_unit_cost(client_of, blitar, yankomas):
    client_of(yankomas).post("/kantor/blitar/kompensasi/suvenir/",
                             {"item": "", "name": "Tumbler", "quantity": "12", "unit_cost": "45.000", "reason": "PO 7"})
    item = SouvenirItem.objects.get(name="Tumbler")
    assert item.unit_cost == 45_000 and SouvenirMovement.objects.get().unit_cost == 45_000


@pytest.mark.django_db(transaction=True)
def test_two_desks_giving_the_last_souvenir_at_once_give_it_once(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL row locks")
    from maklumat.offices.models import Office

    blitar = Office.objects.get(code="blitar")
    officers = [make_user(f"yankomas-{i}", Role.PETUGAS_YANKOMAS, office=blitar) for i in range(4)]
    claims = [_claim(blitar, officers[0], f"BLT-LAST-{i}") for i in range(4)]
    item = SouvenirItem.objects.create(office=blitar, name="Gantungan kunci")
    services.souvenir_stock_receive(actor=officers[0], item=item, quantity=1, reason="", unit_cost=15_000)
    barrier = threading.Barrier(len(officers))
    outcomes: list[str] = []

    def give(officer, claim):
        try:
            barrier.wait()
            services.remedy_fulfil_souvenir(claim=claim, actor=officer, item=item)
            outcomes.append("given")
        except ValidationError as exc:
            outcomes.append("refused" if "habis" in exc.messages[0] else exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=give, args=pair) for pair in zip(officers, claims, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["given", "refused", "refused", "refused"]
    assert services.souvenir_stock(item) == 0
    assert SouvenirMovement.objects.filter(quantity=-1).count() == 1
    assert Fulfilment.objects.filter(remedy="souvenir", status="done").count() == 1
