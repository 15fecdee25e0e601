"""Reading the souvenir stock: every item of an office with its stock (one query) and the low-stock alert."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum, Value
from django.db.models.functions import Coalesce

from maklumat.compensation.models import SouvenirItem
from maklumat.compensation.rules.stock import is_low


@dataclass(frozen=True)
class StockRow:
    item: SouvenirItem
    stock: int

    @property
    def low(self) -> bool:
        return is_low(self.stock, self.item.low_stock_threshold)

    @property
    def out(self) -> bool:
        return self.stock <= 0


def souvenir_stock_rows(office) -> list[StockRow]:
    """Every souvenir item of the office with its stock (the sum of its ledger), by name."""
    items = (SouvenirItem.objects.filter(office=office)
             .annotate(stock=Coalesce(Sum("movements__quantity"), Value(0))).order_by("name"))
    return [StockRow(item, item.stock) for item in items]


def low_of(rows: list[StockRow]) -> list[StockRow]:
    """The rows at or below their threshold, emptiest first: what the alert names."""
    return sorted((row for row in rows if row.low), key=lambda row: (row.stock, row.item.name))


def low_stock_rows(office) -> list[StockRow]:
    return low_of(souvenir_stock_rows(office))
