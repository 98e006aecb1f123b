"""Charts for PDFs, drawn with HTML and CSS (WeasyPrint runs no JavaScript; its SVG text does
not pick the document font's Vietnamese glyphs, so the labels stay HTML text in Tinos).

{% bar_chart chart %} draws horizontal bars, one pair per member: this year (dark) and the same
period last year (light), each with its value in vi-VN notation. The chart's data is part of the
document's payload: {"title", "labels", "current", "previous", "decimals", "current_label",
"previous_label"}.
"""

from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from khoi_thi_dua.numbers import format_number

register = template.Library()


def _number(text) -> Decimal | None:
    return Decimal(str(text)) if text not in ("", None) else None


def _bar(value: Decimal | None, biggest: Decimal, kind: str, decimals: int):
    if value is None:
        return mark_safe('<div class="bar-line"><span class="bar-value">—</span></div>')
    share = float(max(value, 0) / biggest) * 82  # % of the cell, leaving room for the value
    return format_html(
        '<div class="bar-line"><span class="bar {}" style="width: {}%"></span>'
        '<span class="bar-value">{}</span></div>',
        kind,
        f"{share:.1f}",
        format_number(value, decimals),
    )


@register.simple_tag
def bar_chart(chart: dict):
    current = [_number(v) for v in chart["current"]]
    previous = [_number(v) for v in chart["previous"]]
    biggest = max([v for v in current + previous if v is not None] or [Decimal(1)]) or Decimal(1)
    rows = format_html_join(
        "",
        '<tr><td class="bar-label">{}</td><td class="bar-cell">{}{}</td></tr>',
        (
            (
                label,
                _bar(current[n], biggest, "now", chart["decimals"]),
                _bar(previous[n], biggest, "before", chart["decimals"]),
            )
            for n, label in enumerate(chart["labels"])
        ),
    )
    legend = format_html(
        '<p class="bar-legend"><span class="bar now legend"></span> {} '
        '<span class="bar before legend"></span> {}</p>',
        chart["current_label"],
        chart["previous_label"],
    )
    return format_html('<table class="bar-chart">{}</table>{}', rows, legend)
