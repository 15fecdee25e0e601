"""A tamper-evident audit trail: each entry carries the previous entry's hash; ``audit verify`` finds a break."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection

from maklumat.audit.chain import chain_name
from maklumat.audit.models import AuditChainHead, AuditEntry
from maklumat.audit.services import audit_record, audit_verify


def write(office, n, actor=None):
    return [audit_record(actor=actor, action="test.write", office=office, summary=f"entri {i}",
                         before={"i": i}, after={"i": i + 1, "list": (1, 2)}) for i in range(n)]


def verify(*args):
    """(exit code, stdout, stderr) of ``maklumat audit verify``."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_each_entry_links_to_the_previous_one_of_its_office(blitar, balikpapan, officer):
    a1, a2 = write(blitar, 2, officer)
    [b1] = write(balikpapan, 1)
    assert (a1.seq, a1.prev_hash, a2.seq, a2.prev_hash) == (1, "", 2, a1.hash)
    assert (b1.seq, b1.prev_hash) == (1, "")  # another office: its own chain
    assert len(a1.hash) == 64 and a1.hash != a2.hash
    head = AuditChainHead.objects.get(chain=chain_name(blitar.pk))
    assert (head.seq, head.hash) == (2, a2.hash)


def test_an_untouched_trail_verifies_with_its_count(blitar, balikpapan):
    write(blitar, 3)
    write(balikpapan, 2)
    write(None, 1)
    code, out, _err = verify()
    assert code == 0 and out.strip() == "OK: 6 audit entries, chain intact"
    assert verify("--office", "blitar")[:2] == (0, "OK: 3 audit entries, chain intact\n")


def test_a_changed_summary_is_reported_at_that_row_and_exits_1(blitar):
    entries = write(blitar, 4)
    AuditEntry.objects.filter(pk=entries[2].pk).update(summary="tidak pernah terjadi")
    code, _out, err = verify()
    assert code == 1
    assert f"entry #{entries[2].pk} " in err and "content changed" in err
    count, broken = audit_verify()
    assert (count, broken.entry_id) == (2, entries[2].pk)


def test_a_changed_before_value_and_a_changed_time_are_reported(blitar):
    entries = write(blitar, 3)
    AuditEntry.objects.filter(pk=entries[0].pk).update(before={"i": 99})
    assert audit_verify()[1].entry_id == entries[0].pk
    AuditEntry.objects.filter(pk=entries[0].pk).update(before={"i": 0})
    assert audit_verify()[1] is None  # restored: intact again
    AuditEntry.objects.filter(pk=entries[1].pk).update(at=entries[1].at.replace(year=2020))
    assert audit_verify()[1].entry_id == entries[1].pk


def test_a_deleted_row_is_reported_at_the_next_one(blitar):
    entries = write(blitar, 4)
    AuditEntry.objects.filter(pk=entries[1].pk).delete()
    code, _out, err = verify("--office", "blitar")
    assert code == 1 and f"entry #{entries[2].pk} " in err and "missing (deleted)" in err


def test_a_deleted_newest_row_is_reported_by_the_chain_head(blitar):
    entries = write(blitar, 3)
    AuditEntry.objects.filter(pk=entries[-1].pk).delete()
    code, _out, err = verify()
    assert code == 1 and "chain head expects entry 3 but the last entry is 2" in err


def test_a_rewritten_row_with_a_recomputed_hash_breaks_the_next_link(blitar):
    from maklumat.audit.services import _hash_of

    entries = write(blitar, 3)
    forged = AuditEntry.objects.get(pk=entries[0].pk)
    forged.summary = "dipalsukan"
    forged.hash = _hash_of(forged)
    forged.save()
    broken = audit_verify()[1]
    assert broken.entry_id == entries[1].pk and "prev_hash" in broken.problem


def test_an_unknown_office_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--office"):
        call_command("audit", "verify", "--office", "atlantis")


def test_the_audit_record_signature_and_anonymous_actor_are_unchanged(blitar):
    from django.contrib.auth.models import AnonymousUser

    entry = audit_record(actor=AnonymousUser(), action="x.y", obj=blitar, office=blitar, summary="s")
    assert (entry.actor, entry.object_type, entry.object_id) == (None, "offices.office", str(blitar.pk))
    assert audit_verify()[1] is None


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_a_valid_chain(blitar, balikpapan):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel writers need PostgreSQL; SQLite serialises writers (IMMEDIATE transactions)")
    from django.db import transaction

    def worker(i):
        try:
            with transaction.atomic():
                audit_record(actor=None, action="test.parallel", office=blitar if i % 3 else balikpapan,
                             summary=f"paralel {i}")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(worker, range(120)))
    count, broken = audit_verify()
    assert broken is None and count >= 120
    seqs = list(AuditEntry.objects.filter(office=blitar, action="test.parallel").order_by("seq")
                .values_list("seq", flat=True))
    assert len(seqs) == 80 and len(set(seqs)) == 80
