"""Draw a report chart in HTML with the pages' own SVG function (``poverty.charts.bar_svg``)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from chumchon.poverty.charts import BarLayout, bar_svg

register = template.Library()


@register.simple_tag
def report_chart(layout: BarLayout) -> SafeString:
    return bar_svg(layout)
