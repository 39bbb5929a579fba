"""Charts for the reports page, drawn here as SVG: no script, no CDN, nothing the page's CSP
refuses (colours come from console.css classes, not inline styles). Withheld counts are
drawn as gaps and labelled, never as a guessed number."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT, PAD = 960, 240, 40
BAR_WIDTH, LABEL_W = 420, 110


def _scale(values: Sequence[int | None]) -> int:
    return max([v for v in values if v is not None] + [1])


def time_series(labels: Sequence[str], values: Sequence[int | None], title: str) -> Markup:
    """A line with a dot a period; a withheld period breaks the line."""
    top = _scale(values)
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)

    parts = [
        f'<svg class="chart series" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}"/>',
        f'<text class="scale" x="2" y="{PAD}">{top}</text>',
    ]
    run: list[str] = []
    for index, value in enumerate(values):
        if value is None:
            parts.append(_polyline(run))
            run = []
            continue
        x, y = PAD + index * step, HEIGHT - PAD - (HEIGHT - 2 * PAD) * value / top
        run.append(f"{x:.1f},{y:.1f}")
        parts.append(
            f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{escape(labels[index])}: '
            f"{value}</title></circle>"
        )
    parts.append(_polyline(run))
    for index in _label_positions(len(labels)):
        x = PAD + index * step
        parts.append(f'<text class="period" x="{x:.1f}" y="{HEIGHT - 8}">{escape(labels[index])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _polyline(points: list[str]) -> str:
    return f'<polyline class="line" points="{" ".join(points)}"/>' if len(points) > 1 else ""


def _label_positions(count: int) -> list[int]:
    every = max(1, -(-count // 12))
    return list(range(0, count, every))


def bars(items: Sequence[tuple[str, int | None]], title: str, withheld_text: str) -> Markup:
    """Horizontal bars, one a key, largest scale first as given."""
    row = 22
    height = row * max(len(items), 1) + 4
    top = _scale([value for _, value in items])
    span = BAR_WIDTH - LABEL_W - 50
    parts = [
        f'<svg class="chart bars" viewBox="0 0 {BAR_WIDTH} {height}" role="img"',
        f' aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(items):
        y = index * row + 2
        parts.append(f'<text class="key" x="{LABEL_W - 6}" y="{y + 15}">{escape(label)}</text>')
        if value is None:
            parts.append(f'<text class="withheld" x="{LABEL_W}" y="{y + 15}">{escape(withheld_text)}</text>')
            continue
        width = span * value / top
        parts.append(f'<rect class="bar" x="{LABEL_W}" y="{y}" width="{width:.1f}" height="{row - 6}"/>')
        parts.append(f'<text class="count" x="{LABEL_W + width + 4:.1f}" y="{y + 15}">{value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
