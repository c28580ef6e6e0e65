"""Charts drawn at build time with matplotlib as inline SVG: no script, no network.

Text stays text in the SVG (so Chinese labels render with the reader's fonts), black is replaced
by `currentColor` (so the chart follows Material's light and dark palettes), and every chart has
an `aria-label` and a table with the same figures. A chart is redrawn only when its figures
change: the SVG is cached under .cache/charts by a hash of the data, so an incremental build
does not even import matplotlib when nothing changed.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

from markupsafe import Markup

from .markdown import md

BAR_COLOR = "#3f51b5"  # Material indigo: legible on white and on slate


def _svg(kind: str, labels: list[str], values: list[int], cache: Path | None) -> str:
    key = hashlib.sha256(json.dumps([kind, labels, values], ensure_ascii=False).encode()).hexdigest()[:24]
    cached = cache / f"{key}.svg" if cache else None
    if cached and cached.exists():
        return cached.read_text(encoding="utf-8")
    svg = _draw(kind, labels, values)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(svg, encoding="utf-8")
    return svg


def _draw(kind: str, labels: list[str], values: list[int]) -> str:
    import io
    import logging
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="Glyph .* missing from font")
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "svg.fonttype": "none",  # keep text as <text>: the browser renders the Chinese
        "svg.hashsalt": "briefing",  # deterministic element ids
        "font.family": ["DejaVu Sans"],  # layout metrics only; the SVG names a CJK font stack below
        "font.size": 10,
    })
    if kind == "barh":
        fig, ax = plt.subplots(figsize=(6.4, 0.32 * len(labels) + 0.6))
        positions = list(range(len(labels)))[::-1]
        ax.barh(positions, values, color=BAR_COLOR)
        ax.set_yticks(positions, labels)
    else:
        fig, ax = plt.subplots(figsize=(6.4, 2.4))
        ax.bar(range(len(labels)), values, color=BAR_COLOR)
        step = max(1, len(labels) // 12)
        ax.set_xticks(range(0, len(labels), step), labels[::step], rotation=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors="black")
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    plt.close(fig)
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML prolog and DOCTYPE: the SVG is inlined in HTML
    svg = re.sub(r"#000000|\bblack\b", "currentColor", svg)
    svg = svg.replace("'DejaVu Sans'", "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif")
    svg = re.sub(r'(width|height)="[\d.]+pt"', "", svg, count=2)  # scale with the column
    return "\n".join(line for line in svg.splitlines() if line.strip())  # no blank line ends the HTML block


def chart(kind: str, title: str, labels: list[str], values: list[int], cache: Path | None, unit: str = "次") -> Markup:
    """A figure with the SVG, an aria-label summarising it, and a table as the text alternative."""
    if not labels:
        return Markup("")
    svg = _svg(kind, labels, values, cache)
    summary = "；".join(f"{label} {value} {unit}" for label, value in zip(labels, values, strict=True))
    aria = html.escape(f"{title}：{summary}", quote=True)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{aria}" width="100%" style="max-width:640px;height:auto;display:block;margin:0 auto" ', 1)
    rows = "\n".join(f"| {md(label)} | {value} |" for label, value in zip(labels, values, strict=True))
    table = f'<details markdown="1">\n<summary>{html.escape(title)}（数据表）</summary>\n\n| 项目 | {unit}数 |\n| --- | --- |\n{rows}\n\n</details>'
    return Markup(f'<figure class="briefing-chart" markdown="0">\n{svg}\n<figcaption>{html.escape(title)}</figcaption>\n</figure>\n\n{table}\n')


def period(date: str | None) -> str | None:
    """Year-month when the year is known, else the month alone."""
    if not date:
        return None
    return date[:7] if len(date) == 10 else f"{int(date[:2])}月"


def mentions_over_time(dates_counts: list[tuple[str | None, int]]) -> tuple[list[str], list[int]]:
    totals: dict[str, int] = {}
    for date, count in dates_counts:
        key = period(date)
        if key:
            totals[key] = totals.get(key, 0) + max(count, 1)
    dated = sorted(k for k in totals if "-" in k)
    undated = sorted((k for k in totals if "-" not in k), key=lambda k: int(k[:-1]))
    keys = dated or undated
    return keys, [totals[k] for k in keys]
