"""Inline SVG charts for the Kinerja pages (no JavaScript, no CDN; same habit as satisfaction.charts)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

PROMISE_COLOURS = ["#1f3a93", "#1b7f3b", "#c77700", "#8e24aa", "#b3261e", "#00838f"]


def _pct(value) -> str:
    return "—" if value is None else f"{float(value) * 100:.0f}%"


def rate_trend(series: Sequence[tuple[str, Sequence[float | None]]], labels: Sequence[str],
               title: str) -> SafeString:
    """On-time rate per month, one line per promise, the legend below; an empty month is a gap, never
    bridged. The axis starts at the lowest 10 % below the data (at most 0 %), so a few points of
    difference between promises stay visible."""
    rates = [float(v) for _name, values in series for v in values if v is not None]
    floor = max(0.0, min([*rates, 1.0]) // 0.1 * 0.1 - 0.1) if rates else 0.0
    legend_rows = (len(series) + 1) // 2
    width, plot_height, left, right, top = 900, 240, 44, 34, 16
    bottom = 30 + 20 * legend_rows
    height = plot_height + bottom
    step = (width - left - right) / max(len(labels) - 1, 1)

    def y_of(rate: float) -> float:
        return top + (plot_height - top) * (1 - (min(max(rate, floor), 1.0) - floor) / (1 - floor))

    parts = [f'<svg class="chart chart-wide" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    for tick in range(round(floor * 100), 101, 10 if floor >= 0.5 else 25):
        y = y_of(tick / 100)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e7ef"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{tick}%</text>')
    for index, label in enumerate(labels):
        x = left + index * step
        parts.append(f'<text x="{x:.1f}" y="{plot_height + 18}" font-size="11" text-anchor="middle">'
                     f"{escape(label)}</text>")
    for number, (name, values) in enumerate(series):
        colour = PROMISE_COLOURS[number % len(PROMISE_COLOURS)]
        points = [(left + i * step, y_of(float(v))) if v is not None else None for i, v in enumerate(values)]
        for run in _runs(points):
            if len(run) > 1:
                parts.append(f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in run)}" fill="none" '
                             f'stroke="{colour}" stroke-width="2.2"/>')
        for point, value in zip(points, values, strict=True):
            if point is not None:
                parts.append(f'<circle cx="{point[0]:.1f}" cy="{point[1]:.1f}" r="3" fill="{colour}">'
                             f"<title>{escape(name)}: {_pct(value)}</title></circle>")
        legend_x = left + (number % 2) * (width - left) / 2
        legend_y = plot_height + 40 + (number // 2) * 20
        parts.append(f'<rect x="{legend_x:.1f}" y="{legend_y - 6}" width="16" height="4" fill="{colour}"/>')
        parts.append(f'<text x="{legend_x + 22:.1f}" y="{legend_y}" font-size="12">{escape(name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated text is escaped above


def sparkline(values: Sequence[float | None], title: str) -> SafeString:
    """A small on-time-rate line for a table cell, scaled to its own range (at least 10 points)."""
    width, height = 110, 26
    step = (width - 6) / max(len(values) - 1, 1)
    known = [float(v) for v in values if v is not None]
    high = max(known, default=1.0)
    low = min(min(known, default=0.0), high - 0.1)
    points = [(3 + i * step, 3 + (height - 6) * (high - float(v)) / (high - low)) if v is not None else None
              for i, v in enumerate(values)]
    parts = [f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for run in _runs(points):
        if len(run) > 1:
            parts.append(f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in run)}" fill="none" '
                         f'stroke="#1f3a93" stroke-width="1.6"/>')
        for x, y in run:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.6" fill="#1f3a93"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — only the escaped title is interpolated text


def documents_bars(labels: Sequence[str], issued: Sequence[int], monthly_target: float | None,
                   title: str) -> SafeString:
    """Documents issued per month as bars, with the yearly target's monthly share as a dashed line."""
    width, height, left, right, top, bottom = 900, 230, 52, 20, 18, 34
    high = max([*issued, monthly_target or 0, 1]) * 1.15
    slot = (width - left - right) / max(len(labels), 1)

    def y_of(value: float) -> float:
        return top + (height - top - bottom) * (1 - value / high)

    parts = [f'<svg class="chart chart-wide" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    for fraction in (0, 0.5, 1):
        value = high / 1.15 * fraction
        y = y_of(value)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e7ef"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">'
                     f"{_thousands(value)}</text>")
    for index, (label, count) in enumerate(zip(labels, issued, strict=True)):
        x = left + index * slot + slot * 0.18
        y = y_of(count)
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.64:.1f}" height="{y_of(0) - y:.1f}" '
                     f'fill="#2f6db5" rx="2"><title>{escape(label)}: {_thousands(count)}</title></rect>')
        parts.append(f'<text x="{x + slot * 0.32:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle">'
                     f"{_thousands(count)}</text>")
        parts.append(f'<text x="{x + slot * 0.32:.1f}" y="{height - bottom + 18}" font-size="11" '
                     f'text-anchor="middle">{escape(label)}</text>')
    if monthly_target:
        y = y_of(monthly_target)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#c77700" '
                     f'stroke-width="2" stroke-dasharray="6 4"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated text is escaped above


def _thousands(value: float) -> str:
    """Indonesian thousands separator (27.053)."""
    return f"{value:,.0f}".replace(",", ".")


def _runs(points: Sequence) -> list[list]:
    runs, current = [], []
    for point in points:
        if point is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(point)
    if current:
        runs.append(current)
    return runs
