"""The database cache with an atomic ``incr``, shared by every worker on the host (no Redis needed).

Django's ``DatabaseCache.incr`` is a get followed by a set: two workers counting at the same moment
can lose a count. Here the read and the write happen in one transaction that holds the row
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write lock, taken at ``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import base64
import pickle
import threading
import time

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote_name('value')} FROM {table} "  # noqa: S608 - names are quoted identifiers
                f"WHERE {quote_name('cache_key')} = %s AND {quote_name('expires')} > %s{lock}",
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0].encode()))  # noqa: S301 - our own cache rows
            new_value = value + delta
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote_name('value')} = %s WHERE {quote_name('cache_key')} = %s",
                [encoded, key],
            )
        return new_value


class HotCache:
    """A small per-process cache of rarely changing rows (tokens, offices, queue setup) for hot paths.

    Entries live in this process; one shared version number (in Django's default cache, so seen by
    every worker on the host) invalidates them all. ``bump()`` is called on commit of any change
    to the cached models (signals in the owning apps). This process drops its entries at once;
    other workers re-read the shared version at most every ``check_every`` seconds, so a change
    reaches every worker within that time.
    """

    def __init__(self, name: str, check_every: float = 1.0, max_entries: int = 4096):
        self.version_key = f"hot:{name}:version"
        self.check_every = check_every
        self.max_entries = max_entries
        self._entries: dict = {}
        self._version: object = None
        self._checked_at = float("-inf")
        self._lock = threading.Lock()

    def _shared_version(self):
        from django.core.cache import cache

        try:
            return cache.get(self.version_key, 0)
        except Exception:  # noqa: BLE001 - the cache is down or its table missing: never serve stale rows
            return object()

    def _fresh(self) -> None:
        now = time.monotonic()
        if now - self._checked_at < self.check_every:
            return
        version = self._shared_version()
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._version = version
            self._checked_at = now

    def get(self, key, loader):
        """The cached value of ``key``, or ``loader()`` stored for next time (``None`` is not cached)."""
        self._fresh()
        value = self._entries.get(key)
        if value is None:
            value = loader()
            if value is not None:
                with self._lock:
                    if len(self._entries) >= self.max_entries:
                        self._entries.clear()
                    self._entries[key] = value
        return value

    def bump(self) -> None:
        """Invalidate everywhere: now in this process, and in every worker once they re-read the version."""
        from django.core.cache import cache

        with self._lock:
            self._entries.clear()
            self._checked_at = float("-inf")
        try:
            cache.incr(self.version_key)
        except ValueError:
            if not cache.add(self.version_key, 1, timeout=None):
                cache.incr(self.version_key)
        except Exception:  # noqa: BLE001 - no shared cache: this process at least is fresh
            pass

    def bump_on_commit(self, *args, **kwargs) -> None:
        """Signal receiver: invalidate after the change commits (so no worker re-caches the old rows)."""
        from django.db import transaction

        self.clear_local()
        transaction.on_commit(self.bump)

    def clear_local(self) -> None:
        with self._lock:
            self._entries.clear()


# Tokens, users, offices and each office's queue setup: what every queue request needs first.
hot = HotCache("setup")
