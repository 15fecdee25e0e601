"""Template filters of the satisfaction area."""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def period_label(period) -> str:
    """The period's label in the active language (Indonesian by default)."""
    return period.label_en if (get_language() or "id").startswith("en") else period.label


@register.filter
def transaction_label(reference: str) -> str:
    """A stored invitation reference as people read it (``Nomor antrian A-017 (31-12-2025)``)."""
    from maklumat.satisfaction.transactions import reference_label

    return reference_label(reference or "")
