"""Charts drawn at build time as inline SVG: no script, no network, no plotting library.

Two shapes are needed (bars over time, and a ranked list as horizontal bars), and both are a few
rectangles and labels, so they are written directly: a chart costs microseconds instead of the
~50 ms matplotlib took, which kept charts the largest cost of an incremental build. Text stays
text (the reader's fonts render the Chinese), every stroke and label uses `currentColor` (so the
chart follows Material's light and dark palettes), and every chart has an `aria-label` and a
table with the same figures.
"""

from __future__ import annotations

import html
import math

from markupsafe import Markup

from .markdown import md

BAR_COLOR = "#3f51b5"  # Material indigo: legible on white and on slate
WIDTH = 640
FONT = 12
FONT_FAMILY = "'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif"


def _text_width(text: str) -> float:
    """Rendered width estimate: CJK and full-width characters take 1 em, the rest about 0.6 em."""
    return sum(FONT if ord(ch) > 0x2E7F else FONT * 0.6 for ch in text)


def _fit(text: str, width: float) -> str:
    """Shorten a label to the given width, ending with an ellipsis (the full label is in the table)."""
    if _text_width(text) <= width:
        return text
    while text and _text_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _nice_ticks(top: int) -> list[int]:
    """0 and a few round steps (1, 2 or 5 × 10^n) up to at least the largest value."""
    if top <= 0:
        return [0]
    rough = top / 4
    magnitude = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    step = max(1, int(step))
    return list(range(0, top + step, step)) if top % step else list(range(0, top + 1, step))


def _svg_open(height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT}" fill="currentColor">'
    )


def _label(x: float, y: float, text: str, anchor: str = "middle") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{html.escape(text)}</text>'


def _columns(labels: list[str], values: list[int]) -> str:
    """Vertical bars, one per period, with a value axis on the left."""
    height, left, right, top, bottom = 240, 44, 8, 10, 26
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    ticks = _nice_ticks(max(values))
    scale = plot_h / ticks[-1] if ticks[-1] else 0
    slot = plot_w / len(labels)
    widest = max(_text_width(label) for label in labels) + 8
    step = max(1, math.ceil(len(labels) / 12), math.ceil(widest / slot))  # labels never overlap
    parts = [_svg_open(height)]
    for tick in ticks:
        y = top + plot_h - tick * scale
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="currentColor" stroke-opacity="0.15"/>'
        )
        parts.append(_label(left - 6, y + FONT / 3, str(tick), "end"))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * slot
        bar_h = value * scale
        bar_w = min(slot * 0.8, 48.0)  # a few periods do not make slabs
        parts.append(
            f'<rect x="{x + (slot - bar_w) / 2:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar_w:.1f}" height="{bar_h:.1f}" fill="{BAR_COLOR}">'
            f"<title>{html.escape(label)}：{value}</title></rect>"
        )
        if i % step == 0:
            parts.append(_label(x + slot / 2, height - 8, _fit(label, slot * step - 4)))
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="currentColor"/>')
    parts.append("</svg>")
    return "".join(parts)


def _ranking(labels: list[str], values: list[int]) -> str:
    """Horizontal bars, largest first, labels on the left and each figure after its bar."""
    row, top = 24, 6
    height = top * 2 + row * len(labels)
    label_w = min(160.0, max(_text_width(label) for label in labels)) + 8
    left = label_w + 4
    plot_w = WIDTH - left - 8 - _text_width(str(max(values))) - 6
    scale = plot_w / max(values) if max(values) else 0
    parts = [_svg_open(height)]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        bar_w = value * scale
        parts.append(_label(label_w, y + row / 2 + FONT / 3, _fit(label, label_w - 8), "end"))
        parts.append(
            f'<rect x="{left:.1f}" y="{y + 4:.1f}" width="{bar_w:.1f}" height="{row - 8}" fill="{BAR_COLOR}">'
            f"<title>{html.escape(label)}：{value}</title></rect>"
        )
        parts.append(_label(left + bar_w + 6, y + row / 2 + FONT / 3, str(value), "start"))
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - top}" stroke="currentColor"/>')
    parts.append("</svg>")
    return "".join(parts)


def chart(kind: str, title: str, labels: list[str], values: list[int], unit: str = "次") -> Markup:
    """A figure with the SVG, an aria-label summarising it, and a table as the text alternative."""
    if not labels:
        return Markup("")
    svg = _ranking(labels, values) if kind == "barh" else _columns(labels, values)
    summary = "；".join(f"{label} {value} {unit}" for label, value in zip(labels, values, strict=True))
    aria = html.escape(f"{title}：{summary}", quote=True)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{aria}" width="100%" style="max-width:640px;height:auto;display:block;margin:0 auto" ',
        1,
    )
    rows = "\n".join(f"| {md(label)} | {value} |" for label, value in zip(labels, values, strict=True))
    table = f'<details markdown="1">\n<summary>{html.escape(title)}（数据表）</summary>\n\n| 项目 | {unit}数 |\n| --- | --- |\n{rows}\n\n</details>'
    return Markup(
        f'<figure class="briefing-chart" markdown="0">\n{svg}\n<figcaption>{html.escape(title)}</figcaption>\n</figure>\n\n{table}\n'
    )


def period(date: str | None) -> str | None:
    """Year-month when the year is known, else the month alone."""
    if not date:
        return None
    return date[:7] if len(date) == 10 else f"{int(date[:2])}月"


def mentions_over_time(dates_counts: list[tuple[str | None, int]]) -> tuple[list[str], list[int]]:
    """Mentions per month, every month between the first and the last (a quiet month shows as 0)."""
    totals: dict[str, int] = {}
    for date, count in dates_counts:
        key = period(date)
        if key:
            totals[key] = totals.get(key, 0) + max(count, 1)
    dated = sorted(k for k in totals if "-" in k)
    if dated:
        keys = _months_between(dated[0], dated[-1])
    else:
        months = sorted(int(k[:-1]) for k in totals)
        keys = [f"{m}月" for m in range(months[0], months[-1] + 1)] if months else []
    return keys, [totals.get(k, 0) for k in keys]


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    keys = []
    while f"{year:04d}-{month:02d}" <= last:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys
