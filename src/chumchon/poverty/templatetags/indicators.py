"""``{% indicator_name indicator %}``: an indicator's name in the active language, with an
"unverified" badge while its text is not yet confirmed (``Indicator.verify``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from chumchon.core.templatetags.thai import localized_name

register = template.Library()


def unverified_badge() -> SafeString:
    return format_html(
        '<span class="badge warn unverified" title="{}">{}</span>',
        _("The text of this indicator is not yet confirmed against the official source."),
        _("unverified"),
    )


@register.simple_tag
def indicator_name(indicator: Any) -> SafeString:
    """The localised name; followed by the badge when ``indicator.verify`` is set."""
    name = localized_name(indicator)
    if getattr(indicator, "verify", False):
        return format_html("{} {}", name, unverified_badge())
    return format_html("{}", name)
