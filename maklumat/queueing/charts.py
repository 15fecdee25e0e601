"""Small inline SVG bar charts (no JavaScript, no CDN): rendered on the server, printable."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(items: list[tuple[str, float | None]], *, unit: str = "", title: str = "", width: int = 900,
              bar_height: int = 22) -> SafeString:
    """A horizontal bar chart of (label, value); ``None`` values are drawn as "–"."""
    label_width, gap = 230, 6
    items = [(_short(str(label)), value) for label, value in items]
    values = [v for _, v in items if v is not None]
    top = max(values) if values else 0
    height = max(1, len(items)) * (bar_height + gap) + 10
    plot = width - label_width - 70
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">']
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for i, (label, value) in enumerate(items):
        y = 5 + i * (bar_height + gap)
        parts.append(f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
                     f'font-size="13">{escape(label)}</text>')
        if value is None:
            parts.append(f'<text x="{label_width + 4}" y="{y + bar_height * 0.7:.1f}" font-size="13">–</text>')
            continue
        w = 0 if top == 0 else max(1.0, plot * value / top)
        parts.append(f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height}" rx="3" '
                     f'fill="#1d6fb8"/>')
        shown = f"{value:g}{unit}"
        parts.append(f'<text x="{label_width + w + 6:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="13">'
                     f"{escape(shown)}</text>")
    if not items:
        parts.append('<text x="10" y="20" font-size="13">–</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
