"""The application's database role may add audit rows but never change or remove them (docs/audit-trail.md)."""

from __future__ import annotations

import os

import pytest
from django.db import DatabaseError, connection, transaction

from maklumat.audit.models import AuditEntry
from maklumat.audit.services import audit_record


def test_the_app_role_inserts_audit_rows_but_cannot_update_or_delete_them(blitar):
    if connection.vendor != "postgresql":
        pytest.skip("database roles need PostgreSQL")
    role = f"maklumat_app_test_{os.getpid()}"  # roles are cluster-wide: one per test process
    entry = audit_record(actor=None, action="test.before_role", office=blitar, summary="ada")
    with connection.cursor() as cursor:
        # The documented grants (docs/audit-trail.md), inside the test transaction: rolled back afterwards.
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
        cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditentry FROM {role}")
        cursor.execute(f"SET ROLE {role}")
        try:
            written = audit_record(actor=None, action="test.as_app_role", office=blitar, summary="boleh")
            assert AuditEntry.objects.filter(pk=written.pk).exists()
            for attempt in (lambda: AuditEntry.objects.filter(pk=entry.pk).update(summary="diubah"),
                            lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
                            lambda: cursor.execute("TRUNCATE audit_auditentry CASCADE")):
                with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
                    attempt()
        finally:
            cursor.execute("RESET ROLE")
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")
    assert AuditEntry.objects.get(pk=entry.pk).summary == "ada"
