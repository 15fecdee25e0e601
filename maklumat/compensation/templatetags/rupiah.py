"""``{{ value|rupiah }}``: an integer amount with the Indonesian thousands separator (27.053)."""

from django import template

register = template.Library()


def thousands(value) -> str:
    return "—" if value is None else f"{value:,.0f}".replace(",", ".")


@register.filter(name="rupiah")
def rupiah(value) -> str:
    return thousands(value)
