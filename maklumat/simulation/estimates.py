"""Answers for the queue's ticket estimate (``lib.areas.ask("estimates", ...)``, see ``queueing.estimates``):
the step's service minutes fitted from the office's recent history (the simulation's own fitting, the same
minimum-sample guard) and today's manual delay."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.cache import cache

from maklumat.queueing.rules import ServiceEstimate
from maklumat.simulation.fitting import MAX_SERVICE_MINUTES, MIN_FITTED, fit_service
from maklumat.simulation.history import recent_service_samples
from maklumat.simulation.models import WaitDelay

WINDOW_DAYS = 90
CACHE_SECONDS = 3600


def service_estimate(office, step_code: str) -> ServiceEstimate | None:
    """The mean service minutes of ``step_code`` over the office's last ``WINDOW_DAYS`` days, or ``None``
    when fewer than the fitting's minimum of services were observed (the queue then uses the SOP norm)."""
    today = office.local_date()
    key = f"simulation:service:{office.pk}:{step_code}:{today.isoformat()}"
    cached = cache.get(key)
    if cached is None:
        samples = [s for s in recent_service_samples(office, step_code, today - timedelta(days=WINDOW_DAYS), today)
                   if 0 < s <= MAX_SERVICE_MINUTES]
        cached = (fit_service(samples, 0).mean if len(samples) >= MIN_FITTED else 0.0, len(samples))
        cache.set(key, cached, CACHE_SECONDS)
    mean, count = cached
    return ServiceEstimate(mean_minutes=mean, samples=count) if count >= MIN_FITTED else None


def manual_delay_minutes(office, day: date) -> int | None:
    return WaitDelay.objects.filter(office=office, day=day).values_list("minutes", flat=True).first()
