"""The souvenir stock rules (pure): when stock is low, which souvenirs can be offered, what a gift costs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

K = TypeVar("K")


def is_low(stock: int, threshold: int) -> bool:
    """The low-stock alert: stock at or below the item's threshold (an empty stock is always low)."""
    return stock <= 0 or stock <= threshold


def offerable(stocks: Mapping[K, int]) -> list[K]:
    """The souvenirs a desk may offer: those with at least one in stock, in the given order."""
    return [key for key, stock in stocks.items() if stock > 0]


def gift_cost(quantities_and_prices: Iterable[tuple[int, int | None]]) -> tuple[int, bool]:
    """(total rupiah, complete) of stock taken out: ``quantity`` is negative for a gift; ``complete``
    is False when one gift has no known unit price (its cost is then left out of the total)."""
    total, complete = 0, True
    for quantity, price in quantities_and_prices:
        if price is None:
            complete = False
            continue
        total += -quantity * price
    return total, complete
