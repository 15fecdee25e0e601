"""Where the public can complain to an office (the poster and the standards page print these)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from maklumat.complaints.models import Channel

# The national complaint system every office is connected to (Perpres 76/2013).
LAPOR_URL = "https://www.lapor.go.id"


@dataclass(frozen=True)
class PublicChannel:
    label: str
    detail: str


def public_channels(office, *, form_url: str) -> list[PublicChannel]:
    """The office's complaint channels with how to reach each; a channel without contact data is left out."""
    address = ", ".join(part for part in (office.address, office.city) if part)
    rows = [
        PublicChannel(str(Channel.WEB.label), form_url),
        PublicChannel(str(Channel.WALK_IN.label), address or office.name),
        PublicChannel(str(Channel.CALL_CENTER.label), office.phone),
        PublicChannel(str(Channel.EMAIL.label), office.email),
        PublicChannel(_("SP4N-LAPOR! (nasional)"), LAPOR_URL),
    ]
    return [row for row in rows if row.detail]
