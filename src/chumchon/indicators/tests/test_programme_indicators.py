"""Budgets' programme indicators are uses of the framework: a formula over what projects report,
with the target kept as the framework's national target for the programme's fiscal year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chumchon.accounts.models import Role
from chumchon.budgets import selectors as budget_selectors
from chumchon.budgets import services as budget_services
from chumchon.budgets.models import Programme
from chumchon.indicators import formula, selectors
from chumchon.indicators import services as indicator_services
from chumchon.indicators.models import IndicatorTarget

pytestmark = pytest.mark.django_db
D = Decimal


def test_a_programme_indicator_is_a_framework_indicator_with_its_target(make_user: Any) -> None:
    admin = make_user(Role.NATIONAL_ADMIN, nation=True)
    programme = Programme.objects.create(code="P1", fiscal_year=2570, name_th="แผนงานทดสอบ")
    pi = budget_services.programme_indicator_set(
        actor=admin, programme=programme, code="hh", name_th="ครัวเรือน", target=1000
    )
    ind = pi.indicator
    assert ind is not None and ind.kind == "formula" and ind.aggregation == "sum"
    formula.check(ind.formula)  # projects registered the measures it names
    assert IndicatorTarget.objects.get(indicator=ind, unit="", fiscal_year=2570).value == D(1000)
    # A mean over projects becomes a weighted average (weight: the projects reporting); the target follows.
    budget_services.programme_indicator_set(
        actor=admin, programme=programme, code="HH", name_th="ครัวเรือน", target=1200, aggregation="mean"
    )
    ind.refresh_from_db()
    assert ind.aggregation == "weighted" and ind.weight_formula.startswith("programme_indicator_reports.")
    assert IndicatorTarget.objects.get(indicator=ind, unit="", fiscal_year=2570).value == D(1200)
    # The target comes through the framework: the programme page's progress reads it.
    indicator_services.target_set(actor=admin, indicator=ind, unit="", fiscal_year=2570, value=D(1500))
    progress = budget_selectors.indicator_progress(admin, programme)
    assert progress[0].target == D(1500)
    figures = {f.indicator.pk: f for f in selectors.indicator_values_for("", 2570)}
    assert figures[ind.pk].target == D(1500)
