"""``{% indicator_name indicator %}``: an indicator's name in the active language, with an
"unverified" badge while its text is not yet confirmed (``Indicator.verify``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chumchon.core.templatetags.thai import localized_name

register = template.Library()


def unverified_badge() -> SafeString:
    return format_html(
        '<span class="badge warn unverified" title="{}">{}</span>',
        _("The text of this indicator is not yet confirmed against the official source."),
        _("unverified"),
    )


# The badge per language, made once per process (a poverty area page shows it on each of its ~38 rows;
# the catalogues do not change while the process runs).
_BADGES: dict[str | None, SafeString] = {}


@register.simple_tag
def indicator_name(indicator: Any) -> SafeString:
    """The localised name; followed by the badge when ``indicator.verify`` is set."""
    name = localized_name(indicator)
    if getattr(indicator, "verify", False):
        language = get_language()
        badge = _BADGES.get(language)
        if badge is None:
            badge = _BADGES[language] = unverified_badge()
        return mark_safe(f"{conditional_escape(name)} {badge}")
    return mark_safe(conditional_escape(name))
