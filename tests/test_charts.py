"""Charts: valid SVG, labels escaped, bars in proportion, every month on the time axis."""

from __future__ import annotations

import re
import xml.dom.minidom

from generator.charts import _nice_ticks, chart, mentions_over_time


def svg_of(figure: str) -> xml.dom.minidom.Document:
    return xml.dom.minidom.parseString(re.search(r"<svg .*?</svg>", figure, re.DOTALL).group(0))


def bar_sizes(doc: xml.dom.minidom.Document, attribute: str) -> list[float]:
    return [float(r.getAttribute(attribute)) for r in doc.getElementsByTagName("rect")]


def test_columns_are_proportional_and_labelled() -> None:
    figure = chart("bar", "提及", ["2024-01", "2024-02", "2024-03"], [2, 4, 8])
    heights = bar_sizes(svg_of(figure), "height")
    assert heights[1] == 2 * heights[0] and heights[2] == 2 * heights[1]
    assert 'aria-label="提及：2024-01 2 次；2024-02 4 次；2024-03 8 次"' in figure
    assert "| 2024-03 | 8 |" in figure


def test_ranking_escapes_labels_and_keeps_order() -> None:
    figure = chart("barh", "技术", ["<b>大模型</b>", "A&B"], [10, 5])
    doc = svg_of(figure)  # parses: nothing from the labels became markup
    widths = bar_sizes(doc, "width")
    assert widths[0] == 2 * widths[1]
    texts = [t.firstChild.data for t in doc.getElementsByTagName("text")]
    assert "<b>大模型</b>" in texts and "A&B" in texts
    assert "<b>" not in figure.split("<figcaption>")[0].replace("&lt;b&gt;", "")


def test_long_labels_are_shortened_in_the_drawing_only() -> None:
    name = "检索增强生成" * 10
    figure = chart("barh", "技术", [name], [3])
    texts = [t.firstChild.data for t in svg_of(figure).getElementsByTagName("text")]
    assert any(t.endswith("…") for t in texts)
    assert f"| {name} | 3 |" in figure  # the table keeps the whole label


def test_dense_time_axis_labels_do_not_overlap() -> None:
    labels = [f"{y}-{m:02d}" for y in range(2015, 2027) for m in range(1, 13)]
    doc = svg_of(chart("bar", "t", labels, [1] * len(labels)))
    xs = [float(t.getAttribute("x")) for t in doc.getElementsByTagName("text") if "-" in t.firstChild.data]
    assert len(xs) <= 13
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) > 7 * 12 * 0.6  # wider than "2015-01"


def test_months_without_mentions_show_as_zero() -> None:
    labels, values = mentions_over_time([("2024-11-02", 2), ("2025-02-10", 1), (None, 5)])
    assert labels == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert values == [2, 0, 0, 1]
    labels, values = mentions_over_time([("03-05", 1), ("05-01", 2)])
    assert labels == ["3月", "4月", "5月"] and values == [1, 0, 2]


def test_ticks_are_round_and_cover_the_top() -> None:
    for top in (1, 3, 7, 13, 99, 290, 1234):
        ticks = _nice_ticks(top)
        assert ticks[0] == 0 and ticks[-1] >= top
        steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
        assert len(steps) == 1 and str(steps.pop()).lstrip("125").strip("0") == ""
    assert chart("bar", "t", [], []) == ""
