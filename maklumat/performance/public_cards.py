"""The public monthly report card on an office's public standards page (portal asks every area's
``public_cards`` module; the portal may not import performance). Aggregates only, no personal data."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from maklumat.performance.page_params import Month
from maklumat.performance.page_selectors import public_card

# A closed month's figures barely move; the public page is hit by anyone, so the card is computed at
# most once per office and month every ten minutes.
CACHE_SECONDS = 600


def office_public_cards(office) -> list[tuple[str, dict]]:
    now = timezone.now()
    month = Month.of(office.local_date(now)).previous()
    card = cache.get_or_set(f"performance:public-card:{office.pk}:{month.key}",
                            lambda: public_card(office, as_of=now), CACHE_SECONDS)
    return [("performance/_public_card.html", card)]
