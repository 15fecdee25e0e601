"""Server-side SVG charts of the what-if page (no JavaScript, no inline style: CSP)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#1f3a93", "#c77700")


def hourly_bars(series: Sequence[tuple[str, Mapping[int, float]]], title: str, unit: str,
                threshold: float | None = None) -> SafeString:
    """Grouped bars per local hour, one colour per series (current plan, edited plan), the legend below."""
    hours = sorted({h for _name, values in series for h in values})
    peak = max([*(v for _n, values in series for v in values.values()), threshold or 0, 1.0])
    width, plot_height, left, right, top = 640, 220, 44, 12, 14
    height = plot_height + 56
    band = (width - left - right) / max(len(hours), 1)
    bar = band * 0.8 / max(len(series), 1)

    def y_of(value: float) -> float:
        return top + (plot_height - top) * (1 - value / peak)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        value = peak * fraction
        y = y_of(value)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e7ef"/>')
        tick = f"{value:.0f}" if peak >= 5 else f"{value:.1f}"
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{tick}</text>')
    if threshold is not None:
        y = y_of(threshold)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#b3261e" '
                     f'stroke-dasharray="6 4"/>')
    for index, hour in enumerate(hours):
        x0 = left + index * band + band * 0.1
        for number, (name, values) in enumerate(series):
            value = values.get(hour, 0.0)
            y = y_of(value)
            parts.append(f'<rect x="{x0 + number * bar:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                         f'height="{plot_height - y:.1f}" fill="{COLOURS[number % len(COLOURS)]}">'
                         f"<title>{escape(name)} {hour:02d}:00: {value:.1f} {escape(unit)}</title></rect>")
        parts.append(f'<text x="{left + index * band + band / 2:.1f}" y="{plot_height + 16}" font-size="11" '
                     f'text-anchor="middle">{hour:02d}</text>')
    for number, (name, _values) in enumerate(series):
        x = left + number * 220
        parts.append(f'<rect x="{x}" y="{plot_height + 30}" width="14" height="10" '
                     f'fill="{COLOURS[number % len(COLOURS)]}"/>')
        parts.append(f'<text x="{x + 20}" y="{plot_height + 40}" font-size="12">{escape(name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated text is escaped above
