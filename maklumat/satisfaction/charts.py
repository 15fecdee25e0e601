"""Inline SVG charts (no JavaScript, no CDN): NRR per element and the IKM trend."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

from maklumat.satisfaction.questionnaire import element_label
from maklumat.satisfaction.rules import GRADES

GRADE_COLOURS = {"A": "#1b7f3b", "B": "#2f6db5", "C": "#c77700", "D": "#b3261e"}


def nrr_bars(nrr: dict[str, Decimal], weakest: Sequence[str], title: str) -> SafeString:
    """Horizontal bars of NRR (1–4) per element, labelled with the element's name; the weakest
    ones in the warning colour."""
    row, left, width = 26, 270, 300
    height = row * len(nrr) + 30
    parts = [f'<svg class="chart" viewBox="0 0 {left + width + 60} {height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    for boundary in ("3.0644", "3.5324"):
        x = left + width * (float(boundary) - 1) / 3
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 24}" stroke="#999" '
                     f'stroke-dasharray="3 3"/>')
    for index, (code, value) in enumerate(nrr.items()):
        y = index * row + 4
        bar = width * (float(value) - 1) / 3
        colour = "#c77700" if code in weakest else "#2f6db5"
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{escape(element_label(code))}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{max(bar, 1):.1f}" height="{row - 8}" fill="{colour}" rx="2"/>')
        parts.append(f'<text x="{left + bar + 4:.1f}" y="{y + 15}" font-size="12">{number_format(value, 3)}</text>')
    for tick in (1, 2, 3, 4):
        x = left + width * (tick - 1) / 3
        parts.append(f'<text x="{x:.1f}" y="{height - 8}" font-size="11" text-anchor="middle">{tick}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated text is escaped above


def trend_line(points: Sequence[tuple[str, Decimal | None]], title: str,
               targets: Sequence[Decimal | None] | None = None) -> SafeString:
    """Converted IKM (25–100 axis shown from 60) per period, with grade bands and optional targets."""
    width, height, left, bottom, top, right = 720, 250, 40, 40, 24, 90
    low, high = 60.0, 100.0
    step = (width - left - right) / max(len(points) - 1, 1)

    def y_of(value: float) -> float:
        clamped = min(max(value, low), high)
        return top + (height - top - bottom) * (high - clamped) / (high - low)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    for grade in GRADES:
        lowest = float(grade.lowest_converted)
        if lowest > low:
            y = y_of(lowest)
            colour = GRADE_COLOURS[grade.letter]
            parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right + 10}" y2="{y:.1f}" stroke="{colour}" '
                         f'stroke-dasharray="4 4" stroke-opacity="0.6"/>')
            parts.append(f'<text x="{width - right + 14}" y="{y + 4:.1f}" font-size="11" fill="{colour}">'
                         f"{grade.letter} ≥ {number_format(grade.lowest_converted, 2)}</text>")
    for tick in (60, 70, 80, 90, 100):
        parts.append(f'<text x="{left - 6}" y="{y_of(tick) + 4:.1f}" font-size="11" text-anchor="end">{tick}</text>')
    if targets:
        target_points = [(left + i * step, y_of(float(t) * 25)) if t is not None else None
                         for i, t in enumerate(targets)]
        for segment in _segments(target_points):
            if len(segment) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
                parts.append(f'<polyline points="{path}" fill="none" stroke="#777" stroke-width="2" '
                             f'stroke-dasharray="6 3"/>')
    line = [(left + i * step, y_of(float(v)), v) if v is not None else None for i, (_, v) in enumerate(points)]
    for segment in _segments(line):
        if len(segment) > 1:
            parts.append('<polyline class="trend" points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in segment)
                         + '" fill="none" stroke="#1f3a93" stroke-width="2.5"/>')
    for index, point in enumerate(line):
        if point is None:
            # An empty period is a gap, never bridged: say so where its point would be.
            x = left + index * step
            parts.append(f'<text class="gap" x="{x:.1f}" y="{y_of(low) - 6:.1f}" font-size="13" '
                         f'text-anchor="middle" fill="#777">—</text>')
            continue
        x, y, value = point
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#1f3a93"/>')
        parts.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="11" text-anchor="middle">'
                     f"{number_format(value, 2)}</text>")
    for index, (label, _) in enumerate(points):
        x = left + index * step
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 18}" font-size="11" text-anchor="middle">'
                     f"{escape(label)}</text>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated text is escaped above


def _segments(points: Sequence) -> list[list]:
    """Runs of consecutive non-``None`` points: a line is drawn within a run, never across a gap."""
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
