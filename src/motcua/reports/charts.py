"""Charts drawn on the server as SVG (no script, nothing to download): a line chart, horizontal bars and
a stacked bar. Each has a title and a description for screen readers; the page shows the same figures
in a table beside it."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ("#1f5fa8", "#2e7d32", "#b45309", "#6b21a8", "#9f1239", "#0f766e")


def _svg(width: int, height: int, title: str, desc: str, body: str, key: str) -> str:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{key}-t {key}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{key}-t">{escape(title)}</title><desc id="{key}-d">{escape(desc)}</desc>{body}</svg>')


def line(points: list[tuple[str, float | None]], *, title: str, desc: str, key: str, low: float = 0,
         high: float = 100, unit: str = "%") -> str:
    """A line over labelled points (None: no value that month, the line breaks)."""
    width, height, left, right, top, bottom = 640, 260, 48, 16, 16, 40
    n = max(1, len(points) - 1)
    values = [v for _label, v in points if v is not None]
    if values:
        low = min(low, min(values))
    span = (high - low) or 1

    def x(i):
        return left + (width - left - right) * i / n

    def y(v):
        return top + (height - top - bottom) * (1 - (v - low) / span)

    body = []
    for k in range(5):
        v = low + span * k / 4
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#d0d7de"/>'
                    f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11" fill="#333">'
                    f'{v:.1f}{unit}</text>')
    path, pen = [], "M"
    for i, (label, v) in enumerate(points):
        body.append(f'<text x="{x(i):.1f}" y="{height - 18}" text-anchor="middle" font-size="11" fill="#333">'
                    f'{escape(label)}</text>')
        if v is None:
            pen = "M"
            continue
        path.append(f"{pen}{x(i):.1f},{y(v):.1f}")
        pen = "L"
        body.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{PALETTE[0]}"/>')
    body.insert(0, f'<path d="{" ".join(path)}" fill="none" stroke="{PALETTE[0]}" stroke-width="2.5"/>')
    return _svg(width, height, title, desc, "".join(body), key)


def bars(items: list[tuple[str, float, float]], *, title: str, desc: str, key: str) -> str:
    """Horizontal bars: (label, value, maximum) — e.g. points of each 766 group out of its maximum."""
    width, row = 640, 34
    height = 12 + row * len(items)
    left, right = 230, 90
    body = []
    for i, (label, value, maximum) in enumerate(items):
        top = 8 + i * row
        full = width - left - right
        share = 0 if not maximum else max(0.0, min(1.0, float(value) / float(maximum)))
        body.append(f'<text x="{left - 8}" y="{top + 17}" text-anchor="end" font-size="12" fill="#222">'
                    f'{escape(label)}</text>'
                    f'<rect x="{left}" y="{top + 4}" width="{full}" height="18" fill="#e8eef6"/>'
                    f'<rect x="{left}" y="{top + 4}" width="{full * share:.1f}" height="18" '
                    f'fill="{PALETTE[i % len(PALETTE)]}"/>'
                    f'<text x="{width - right + 6}" y="{top + 17}" font-size="12" fill="#222">'
                    f'{float(value):.4g} / {float(maximum):.4g}</text>')
    return _svg(width, height, title, desc, "".join(body), key)


def stacked(parts: list[tuple[str, int]], *, title: str, desc: str, key: str) -> str:
    """One bar split into parts (e.g. the channel mix), with a legend."""
    width, height = 640, 96
    total = sum(v for _l, v in parts) or 1
    body, x = [], 8.0
    for i, (_label, value) in enumerate(parts):
        w = (width - 16) * value / total
        body.append(f'<rect x="{x:.1f}" y="8" width="{w:.1f}" height="36" fill="{PALETTE[i % len(PALETTE)]}"/>')
        x += w
    lx = 8
    for i, (label, value) in enumerate(parts):
        text = f"{label}: {100 * value / total:.1f}%"
        body.append(f'<rect x="{lx}" y="62" width="14" height="14" fill="{PALETTE[i % len(PALETTE)]}"/>'
                    f'<text x="{lx + 20}" y="74" font-size="12" fill="#222">{escape(text)}</text>')
        lx += 28 + 8 * len(text)
    return _svg(width, height, title, desc, "".join(body), key)
