"""Template filters of the satisfaction area."""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def period_label(period) -> str:
    """The period's label in the active language (Indonesian by default)."""
    return period.label_en if (get_language() or "id").startswith("en") else period.label
