"""Where messages leave the office: one adapter per gateway, chosen per channel in the settings.

``NOTIFY_EMAIL_BACKEND`` (``email`` | ``log``), ``NOTIFY_SMS_BACKEND`` (``sms_http`` | ``log``) and
``NOTIFY_WHATSAPP_BACKEND`` (``whatsapp_cloud`` | ``log``); endpoints and credentials come from the
environment (README, ``deploy/maklumat.env.example``). An adapter's ``send`` returns the gateway's
reference or raises ``SendError`` (``permanent`` when retrying cannot help, e.g. a refused number).
``deduplicates`` says whether the gateway honours the message's idempotency key: only such a gateway
is asked again after a worker died in the middle of a send (``rules.after_lost_lease``).

Full phone numbers never reach a log: every line masks them (``rules.mask_contact``).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage

from maklumat.notifications.rules import mask_contact

log = logging.getLogger("maklumat.notifications")


class SendError(Exception):
    def __init__(self, reason: str, *, permanent: bool = False):
        super().__init__(reason)
        self.permanent = permanent


@dataclass(frozen=True)
class Outgoing:
    channel: str
    recipient: str
    subject: str
    body: str
    idempotency_key: str
    sender_name: str = ""
    sender_email: str = ""


class LogAdapter:
    """The demo's gateway: each message goes to the log, recipient masked."""

    deduplicates = True  # nothing leaves the office, so writing the line twice harms no one

    def send(self, message: Outgoing) -> str:
        log.info("notifikasi %s ke %s: %s", message.channel, mask_contact(message.channel, message.recipient),
                 message.body)
        return f"log:{message.idempotency_key}"


class EmailAdapter:
    """Django's mail (``EMAIL_BACKEND``, SMTP settings). SMTP servers do not deduplicate."""

    deduplicates = False

    def send(self, message: Outgoing) -> str:
        message_id = f"<{message.idempotency_key}@maklumat>"
        mail = EmailMessage(subject=message.subject, body=message.body,
                            from_email=message.sender_email or settings.DEFAULT_FROM_EMAIL,
                            to=[message.recipient], headers={"Message-ID": message_id})
        try:
            mail.send(fail_silently=False)
        except (OSError, ValueError) as exc:  # smtplib errors are OSErrors
            raise SendError(f"surel: {type(exc).__name__}: {str(exc)[:200]}") from exc
        return message_id


def _post_json(url: str, payload: dict, headers: dict[str, str], timeout: float) -> dict:
    """POST ``payload``; the decoded JSON answer, or ``SendError`` (permanent for a 4xx other than 408/429)."""
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - configured URL
            raw = response.read(65536)
    except urllib.error.HTTPError as exc:
        permanent = 400 <= exc.code < 500 and exc.code not in (408, 429)
        raise SendError(f"HTTP {exc.code}", permanent=permanent) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise SendError(f"gateway tidak terjangkau: {type(exc).__name__}") from exc
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        return {}


class SmsHttpAdapter:
    """A generic SMS gateway over HTTP: ``POST NOTIFY_SMS_URL`` with JSON ``{"to", "message", "sender",
    "reference"}``, ``Authorization: Bearer NOTIFY_SMS_TOKEN`` and ``Idempotency-Key`` = the message's
    key; the answer's ``id`` (if any) is kept as the reference. The gateway must deduplicate on the key."""

    deduplicates = True

    def send(self, message: Outgoing) -> str:
        if not settings.NOTIFY_SMS_URL:
            raise SendError("NOTIFY_SMS_URL belum diatur", permanent=True)
        answer = _post_json(settings.NOTIFY_SMS_URL,
                            {"to": message.recipient, "message": message.body, "sender": settings.NOTIFY_SMS_SENDER,
                             "reference": message.idempotency_key},
                            {"Authorization": f"Bearer {settings.NOTIFY_SMS_TOKEN}",
                             "Idempotency-Key": message.idempotency_key},
                            settings.NOTIFY_HTTP_TIMEOUT)
        return str(answer.get("id") or answer.get("message_id") or "")[:120]


class WhatsAppCloudAdapter:
    """WhatsApp Business Cloud API: ``POST {NOTIFY_WHATSAPP_URL}/{NOTIFY_WHATSAPP_PHONE_NUMBER_ID}/messages``
    with ``Authorization: Bearer NOTIFY_WHATSAPP_TOKEN``. With ``NOTIFY_WHATSAPP_TEMPLATE`` set the
    message is that approved template (language ``NOTIFY_WHATSAPP_LANGUAGE``) with the text as its one
    body parameter, as business-initiated messages require; else a plain text message. The Cloud API
    does not deduplicate, so an interrupted send is marked uncertain, never repeated."""

    deduplicates = False

    def send(self, message: Outgoing) -> str:
        if not settings.NOTIFY_WHATSAPP_PHONE_NUMBER_ID or not settings.NOTIFY_WHATSAPP_TOKEN:
            raise SendError("NOTIFY_WHATSAPP_PHONE_NUMBER_ID / NOTIFY_WHATSAPP_TOKEN belum diatur", permanent=True)
        url = f"{settings.NOTIFY_WHATSAPP_URL.rstrip('/')}/{settings.NOTIFY_WHATSAPP_PHONE_NUMBER_ID}/messages"
        payload: dict = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": message.recipient,
                         "biz_opaque_callback_data": message.idempotency_key}
        if settings.NOTIFY_WHATSAPP_TEMPLATE:
            payload |= {"type": "template", "template": {
                "name": settings.NOTIFY_WHATSAPP_TEMPLATE, "language": {"code": settings.NOTIFY_WHATSAPP_LANGUAGE},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": message.body}]}]}}
        else:
            payload |= {"type": "text", "text": {"preview_url": False, "body": message.body}}
        answer = _post_json(url, payload, {"Authorization": f"Bearer {settings.NOTIFY_WHATSAPP_TOKEN}"},
                            settings.NOTIFY_HTTP_TIMEOUT)
        sent = answer.get("messages") or [{}]
        return str(sent[0].get("id", ""))[:120]


ADAPTERS = {"log": LogAdapter, "email": EmailAdapter, "sms_http": SmsHttpAdapter,
            "whatsapp_cloud": WhatsAppCloudAdapter}


def adapter_for(channel: str):
    """The configured adapter of ``channel`` (``email``, ``sms``, ``whatsapp``)."""
    name = {"email": settings.NOTIFY_EMAIL_BACKEND, "sms": settings.NOTIFY_SMS_BACKEND,
            "whatsapp": settings.NOTIFY_WHATSAPP_BACKEND}[channel]
    return ADAPTERS[name]()
