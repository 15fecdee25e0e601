"""Retries never duplicate: the ``Idempotency-Key`` header on API writes.

Contract (README "API: retrying safely"):
- A client may send ``Idempotency-Key: <any 1–200 printable ASCII characters>`` (a UUID is best) on the
  operations decorated with ``@idempotent``. Without the header nothing changes.
- The key belongs to the caller: the authenticated user, or for public endpoints the client address.
- The first request with a key is claimed (a row committed before the operation runs). If the operation
  answers 2xx, that answer (status and JSON body) is kept for 24 hours; any other outcome releases the key.
- The same key with the same request (method, path, canonical JSON body) within 24 h gets the first answer
  again and stores nothing new. The same key with a different request is 409. While the first request is
  still running, a second one with the same key is 409 "in progress" (retry later). After 24 h the key is new.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from ninja import Header
from ninja.errors import HttpError
from ninja.responses import NinjaJSONEncoder, Status
from pydantic import BaseModel

from maklumat.audit.models import IdempotencyRecord

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 200

DESCRIPTION = (
    "Optional. Send a fresh unique value (e.g. a UUID) and repeat it when retrying: within 24 h the same key "
    "with the same request returns the first answer and stores nothing new; the same key with a different "
    "request is 409, and so is a retry while the first request is still running."
)


class IdempotencyConflict(Exception):
    """The key is in use by another request, or still being answered."""


def request_fingerprint(*, method: str, path: str, body: bytes, scope: str) -> str:
    """SHA-256 over method, path, the canonical JSON body (key order and spacing do not matter) and scope."""
    try:
        canonical = json.dumps(json.loads(body or b"null"), sort_keys=True, separators=(",", ":"))
    except (ValueError, UnicodeDecodeError):
        canonical = body.hex()
    return hashlib.sha256("\n".join((method.upper(), path, canonical, scope)).encode()).hexdigest()


def idempotency_claim(*, scope: str, key: str, fingerprint: str,
                      now: datetime | None = None) -> tuple[IdempotencyRecord, bool]:
    """Claim ``key`` for this request: (record, True) when an earlier answer is to be replayed.

    The claim is committed in its own transaction before the operation runs, so a parallel request with the
    same key finds it (the unique (scope, key) constraint makes only one insert win)."""
    now = now or timezone.now()
    cutoff = now - KEEP_FOR
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(
                    scope=scope, key=key, fingerprint=fingerprint, created_at=now), False
        except IntegrityError:
            pass
        existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if existing is None:
            continue  # released meanwhile: try again
        if existing.created_at <= cutoff:
            IdempotencyRecord.objects.filter(pk=existing.pk, created_at=existing.created_at).delete()
            continue  # expired: the key is new again
        if existing.fingerprint != fingerprint:
            raise IdempotencyConflict(
                f"{HEADER}: kunci ini sudah dipakai untuk permintaan lain / this key was already used "
                "with a different request; send a new key")
        if existing.status_code is None:
            raise IdempotencyConflict(
                f"{HEADER}: permintaan dengan kunci ini masih diproses / a request with this key is still "
                "in progress; retry later")
        return existing, True
    raise IdempotencyConflict(f"{HEADER}: kunci sedang dipakai / key busy; retry later")


def idempotency_store(record: IdempotencyRecord, *, status_code: int, body) -> None:
    record.status_code, record.body = status_code, body
    record.save(update_fields=["status_code", "body"])


def idempotency_release(record: IdempotencyRecord) -> None:
    IdempotencyRecord.objects.filter(pk=record.pk, status_code__isnull=True).delete()


def idempotency_purge(now: datetime | None = None) -> int:
    """Forget answers older than 24 h; returns how many."""
    return IdempotencyRecord.objects.filter(created_at__lte=(now or timezone.now()) - KEEP_FOR).delete()[0]


def _json(value):
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [_json(item) for item in value]
    return json.loads(json.dumps(value, cls=NinjaJSONEncoder))


def _answer(result) -> tuple[int, object]:
    if isinstance(result, Status):
        return result.status_code, _json(result.value)
    return 200, _json(result)


def _scope(request) -> str:
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return f"client:{request.META.get('REMOTE_ADDR', '')}"


def _bad_key(key: str) -> str | None:
    if len(key) > MAX_KEY_LENGTH:
        return f"at most {MAX_KEY_LENGTH} characters"
    if not all(" " <= ch <= "~" for ch in key):
        return "printable ASCII characters only"
    return None


def idempotent(view):
    """Decorate a ninja operation (below ``@router.post``) to honour the ``Idempotency-Key`` header."""
    signature = inspect.signature(view, eval_str=True)

    @functools.wraps(view)
    def wrapper(request, *args, idempotency_key: str | None = None, **kwargs):
        if not idempotency_key:
            return view(request, *args, **kwargs)
        problem = _bad_key(idempotency_key)
        if problem:
            raise HttpError(422, f"{HEADER}: {problem}")
        scope = _scope(request)
        fingerprint = request_fingerprint(method=request.method, path=request.path, body=request.body,
                                          scope=scope)
        try:
            record, replay = idempotency_claim(scope=scope, key=idempotency_key, fingerprint=fingerprint)
        except IdempotencyConflict as exc:
            raise HttpError(409, str(exc)) from None
        if replay:
            return Status(record.status_code, record.body)
        try:
            result = view(request, *args, **kwargs)
            status_code, body = _answer(result)
        except BaseException:
            idempotency_release(record)
            raise
        if 200 <= status_code < 300:
            idempotency_store(record, status_code=status_code, body=body)
        else:
            idempotency_release(record)
        return result

    header = inspect.Parameter(
        "idempotency_key", inspect.Parameter.KEYWORD_ONLY, annotation=str | None,
        default=Header(None, alias=HEADER, description=DESCRIPTION, max_length=MAX_KEY_LENGTH),
    )
    wrapper.__signature__ = signature.replace(parameters=[*signature.parameters.values(), header])
    del wrapper.__wrapped__  # ninja reads __signature__ (types already resolved here)
    return wrapper
