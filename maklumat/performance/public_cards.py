"""The public monthly report card on an office's public standards page (portal asks every area's
``public_cards`` module; the portal may not import performance). Aggregates only, no personal data."""

from __future__ import annotations

from django.utils import timezone

from maklumat.performance.page_selectors import public_card


def office_public_cards(office) -> list[tuple[str, dict]]:
    return [("performance/_public_card.html", public_card(office, as_of=timezone.now()))]
