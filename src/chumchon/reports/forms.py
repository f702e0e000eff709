"""Report page forms (thin: input shapes only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chumchon.areas.forms import AreaField
from chumchon.areas.models import AreaLevel


class ReportAreaForm(forms.Form):
    """Which area's reports to show: a province, district or tambon by name (a code works too)."""

    area = AreaField(
        label=_("Area"),
        required=False,
        levels=[AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT],
        help_text=_("A province, district or tambon by name, e.g. ฉะเชิงเทรา or ต.คลองนา อ.เมืองฉะเชิงเทรา"),
    )
