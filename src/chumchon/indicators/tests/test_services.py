"""Targets down the tree, typed values, approval order and locking, un-approval, computed values
recomputed when their data changes, the all-or-nothing import — on a small fixture."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chumchon.audit.models import AuditEvent
from chumchon.indicators import selectors, services
from chumchon.indicators.models import (
    ApprovalEvent,
    ApprovalState,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    PeriodApproval,
)
from chumchon.indicators.tests.conftest import OTHER_TAMBON, PROVINCE, TAMBON, YEAR

D = Decimal
pytestmark = pytest.mark.django_db


def reported(admin: Any, **extra: Any) -> Indicator:
    fields = {"name_th": "กองทุนเข้มแข็ง", "name_en": "Strong funds", "unit": "กองทุน", "kind": "reported"} | extra
    return services.indicator_create(actor=admin, **fields)


def computed(admin: Any, **extra: Any) -> Indicator:
    fields = {"name_th": "กองทุนจากข้อมูล", "name_en": "Funds from the data", "kind": "formula", "formula": "test.funds"}
    return services.indicator_create(actor=admin, **(fields | extra))


def state(unit: str) -> str:
    return selectors.approval_state(unit, YEAR)


def test_an_unknown_measure_is_refused_and_nothing_is_made(chain: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as exc:
        computed(chain["admin"], formula="nobody.counts_this * 2")
    assert exc.value.code == "unknown_measure"
    assert not Indicator.objects.exists()


def test_targets_split_or_inherited_down_the_tree(chain: dict[str, Any], test_measure: Any) -> None:
    split = reported(chain["admin"], target_rule="split")
    same = computed(chain["admin"], target_rule="inherit", aggregation="average")
    for ind in (split, same):
        services.target_set(actor=chain["admin"], indicator=ind, unit=PROVINCE, fiscal_year=YEAR, value=D(100))
    pmap = selectors.units.province_map()
    targets = selectors.targets_map([split.pk, same.pk], [YEAR])
    counts = selectors.LeafCounts.load(pmap)
    province_tambons = counts.of(PROVINCE, "subdistrict")
    district_tambons = counts.of("2401", "subdistrict")
    got, source = selectors.effective_target(split, TAMBON, YEAR, targets, pmap, counts)
    assert source == PROVINCE and got == (D(100) / province_tambons).quantize(D("0.01"))
    got, _ = selectors.effective_target(split, "2401", YEAR, targets, pmap, counts)
    assert got == (D(100) * district_tambons / province_tambons).quantize(D("0.01"))
    assert selectors.effective_target(same, TAMBON, YEAR, targets, pmap, counts) == (D(100), PROVINCE)
    # Nothing above the province: no target for the cluster.
    assert selectors.effective_target(split, chain["cluster_unit"], YEAR, targets, pmap, counts) == (None, "")
    # A tambon's own target wins over the one coming down.
    services.target_set(actor=chain["staff"], indicator=split, unit=TAMBON, fiscal_year=YEAR, value=D(7))
    targets = selectors.targets_map([split.pk], [YEAR])
    assert selectors.effective_target(split, TAMBON, YEAR, targets, pmap, counts) == (D(7), TAMBON)


def test_a_target_outside_the_users_scope_is_refused_and_changes_nothing(chain: dict[str, Any]) -> None:
    ind = reported(chain["admin"])
    with pytest.raises(ValidationError) as exc:
        services.target_set(actor=chain["staff"], indicator=ind, unit="50", fiscal_year=YEAR, value=D(5))
    assert exc.value.code == "outside_scope" and "นอกพื้นที่" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.target_set(actor=chain["staff"], indicator=ind, unit="", fiscal_year=YEAR, value=D(5))
    assert not IndicatorTarget.objects.exists()


def test_approval_goes_level_by_level_and_locks(chain: dict[str, Any]) -> None:
    ind = reported(chain["admin"])
    services.value_enter(actor=chain["secretary"], indicator=ind, area_code=TAMBON, fiscal_year=YEAR, value=D(3))
    services.value_enter(
        actor=chain["other_secretary"], indicator=ind, area_code=OTHER_TAMBON, fiscal_year=YEAR, value=D(4)
    )
    # The secretary of one tambon cannot type another's.
    with pytest.raises(PermissionDenied):
        services.value_enter(
            actor=chain["secretary"], indicator=ind, area_code=OTHER_TAMBON, fiscal_year=YEAR, value=D(1)
        )
    # Not submitted yet: the body above cannot approve.
    with pytest.raises(ValidationError) as exc:
        services.period_approve(actor=chain["pwg"], unit=TAMBON, fiscal_year=YEAR)
    assert exc.value.code == "wrong_state"
    services.period_submit(actor=chain["secretary"], unit=TAMBON, fiscal_year=YEAR)
    # Submitted values are locked for the tambon until returned.
    with pytest.raises(ValidationError) as exc:
        services.value_enter(actor=chain["secretary"], indicator=ind, area_code=TAMBON, fiscal_year=YEAR, value=D(9))
    assert exc.value.code == "period_locked"
    # The tambon's own secretary is not the body above.
    with pytest.raises(PermissionDenied):
        services.period_approve(actor=chain["secretary"], unit=TAMBON, fiscal_year=YEAR)
    # The cluster cannot approve the province before its tambons are approved.
    with pytest.raises(ValidationError) as exc:
        services.period_approve(actor=chain["cluster"], unit=PROVINCE, fiscal_year=YEAR)
    assert exc.value.code == "children_not_approved"
    services.period_approve(actor=chain["pwg"], unit=TAMBON, fiscal_year=YEAR)
    with pytest.raises(ValidationError) as exc:
        services.period_approve(actor=chain["cluster"], unit=PROVINCE, fiscal_year=YEAR)
    assert exc.value.code == "children_not_approved"  # the other tambon is still a draft
    services.period_submit(actor=chain["other_secretary"], unit=OTHER_TAMBON, fiscal_year=YEAR)
    services.period_approve(actor=chain["pwg"], unit=OTHER_TAMBON, fiscal_year=YEAR)
    # A value for an approved period: a clear error, nothing changed.
    with pytest.raises(ValidationError) as exc:
        services.value_enter(actor=chain["secretary"], indicator=ind, area_code=TAMBON, fiscal_year=YEAR, value=D(99))
    assert exc.value.code == "period_locked" and "ได้รับการรับรองแล้ว" in exc.value.messages[0]
    assert IndicatorValue.objects.get(area_code=TAMBON).value == D(3)
    assert IndicatorValue.objects.get(area_code=TAMBON).frozen
    # The provincial working group cannot approve its own province; the cluster working group can.
    with pytest.raises(PermissionDenied):
        services.period_approve(actor=chain["pwg"], unit=PROVINCE, fiscal_year=YEAR)
    services.period_approve(actor=chain["cluster"], unit=PROVINCE, fiscal_year=YEAR)
    figure = next(f for f in selectors.indicator_values_for(PROVINCE, YEAR) if f.indicator == ind)
    assert (figure.value, figure.status) == (D(7), "approved")
    # The cluster, then the region.
    services.period_approve(actor=chain["subcommittee"], unit=chain["cluster_unit"], fiscal_year=YEAR)
    assert state(chain["cluster_unit"]) == ApprovalState.APPROVED
    kinds = list(ApprovalEvent.objects.order_by("at", "id").values_list("unit", "kind"))
    assert kinds[0] == (TAMBON, "submitted") and kinds[-1] == (chain["cluster_unit"], "approved")
    assert AuditEvent.objects.filter(model_label="indicators.periodapproval").count() >= 6


def test_unapproval_comes_from_above_after_the_level_above_withdraws(chain: dict[str, Any]) -> None:
    ind = reported(chain["admin"])
    services.value_enter(actor=chain["secretary"], indicator=ind, area_code=TAMBON, fiscal_year=YEAR, value=D(3))
    services.period_submit(actor=chain["secretary"], unit=TAMBON, fiscal_year=YEAR)
    services.period_approve(actor=chain["pwg"], unit=TAMBON, fiscal_year=YEAR)
    services.period_approve(actor=chain["cluster"], unit=PROVINCE, fiscal_year=YEAR)
    with pytest.raises(ValidationError) as exc:
        services.period_unapprove(actor=chain["pwg"], unit=TAMBON, fiscal_year=YEAR, note="แก้ตัวเลข")
    assert exc.value.code == "parent_approved"
    with pytest.raises(ValidationError):  # a reason is required
        services.period_unapprove(actor=chain["cluster"], unit=PROVINCE, fiscal_year=YEAR, note=" ")
    services.period_unapprove(actor=chain["cluster"], unit=PROVINCE, fiscal_year=YEAR, note="ตรวจใหม่")
    services.period_unapprove(actor=chain["pwg"], unit=TAMBON, fiscal_year=YEAR, note="แก้ตัวเลข")
    assert state(TAMBON) == state(PROVINCE) == ApprovalState.DRAFT
    event = ApprovalEvent.objects.filter(unit=TAMBON, kind="unapproved").get()
    assert event.actor == chain["pwg"] and event.note == "แก้ตัวเลข"
    # The approved value stays as history; the correction is a new revision.
    services.value_enter(actor=chain["secretary"], indicator=ind, area_code=TAMBON, fiscal_year=YEAR, value=D(5))
    rows = list(
        IndicatorValue.objects.filter(area_code=TAMBON).order_by("revision").values_list("revision", "value", "frozen")
    )
    assert rows == [(1, D(3), True), (2, D(5), False)]
    figure = next(f for f in selectors.indicator_values_for(TAMBON, YEAR) if f.indicator == ind)
    assert (figure.value, figure.status) == (D(5), "draft")


def test_computed_values_follow_the_data_and_an_approved_one_gets_a_new_revision(
    chain: dict[str, Any], test_measure: dict[str, D]
) -> None:
    ind = computed(chain["admin"])
    test_measure.update({TAMBON: D(2), OTHER_TAMBON: D(5)})
    services.values_refresh(fiscal_year=YEAR)
    figure = next(f for f in selectors.indicator_values_for(PROVINCE, YEAR) if f.indicator == ind)
    assert (figure.value, figure.status, figure.source) == (D(7), "computed", "computed")
    test_measure[TAMBON] = D(4)
    services.values_refresh(fiscal_year=YEAR)
    assert IndicatorValue.objects.get(area_code=TAMBON).value == D(4)  # not approved: brought up to date
    # Approved (no typed values: nothing to submit), then the data changes.
    services.period_approve(actor=chain["pwg"], unit=TAMBON, fiscal_year=YEAR)
    services.period_approve(actor=chain["pwg"], unit=OTHER_TAMBON, fiscal_year=YEAR)
    services.period_approve(actor=chain["cluster"], unit=PROVINCE, fiscal_year=YEAR)
    test_measure[TAMBON] = D(10)
    counts = services.values_refresh(fiscal_year=YEAR)
    assert counts["revised"] == 1
    rows = list(IndicatorValue.objects.filter(area_code=TAMBON).order_by("revision").values_list("value", "frozen"))
    assert rows == [(D(4), True), (D(10), False)]
    tambon = next(f for f in selectors.indicator_values_for(TAMBON, YEAR) if f.indicator == ind)
    assert (tambon.value, tambon.status) == (D(10), "computed")
    province = next(f for f in selectors.indicator_values_for(PROVINCE, YEAR) if f.indicator == ind)
    assert (province.value, province.status, province.live_value) == (D(9), "approved", D(15))
    assert ApprovalEvent.objects.filter(unit=TAMBON, kind="revised").exists()


def test_share_indicator_from_two_measures(chain: dict[str, Any], test_measure: dict[str, D]) -> None:
    ind = computed(chain["admin"], aggregation="share", formula="test.funds", denominator="test.base", unit="%")
    test_measure.update({TAMBON: D(2), OTHER_TAMBON: D(3)})
    services.values_refresh(fiscal_year=YEAR)
    figure = next(f for f in selectors.indicator_values_for(PROVINCE, YEAR) if f.indicator == ind)
    assert figure.value == D(25)  # 5 of 20


def test_the_paperwork_meter_counts_figures_from_the_data(chain: dict[str, Any], test_measure: dict[str, D]) -> None:
    computed(chain["admin"])
    typed = reported(chain["admin"])
    test_measure.update({TAMBON: D(2), OTHER_TAMBON: D(5)})
    services.values_refresh(fiscal_year=YEAR)
    services.value_enter(actor=chain["secretary"], indicator=typed, area_code=TAMBON, fiscal_year=YEAR, value=D(1))
    assert selectors.paperwork_meter(PROVINCE, YEAR) == (2, 3)


def _csv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "values.csv"
    path.write_text("\n".join(["รหัสพื้นที่,ตัวชี้วัด,ปีงบประมาณ,ค่า", *rows]) + "\n", encoding="utf-8")
    return path


def test_import_is_all_or_nothing_with_a_row_report(chain: dict[str, Any], tmp_path: Path) -> None:
    reported(chain["admin"])
    bad = _csv(
        tmp_path, [f"{TAMBON},กองทุนเข้มแข็ง,2570,4", f"{OTHER_TAMBON},กองทุนเข้มแข็ง,2570,5", f"{TAMBON},ไม่มีตัวนี้,2570,1"]
    )
    result = services.values_import(actor=chain["pwg"], path=bad, filename="values.csv")
    assert result.written == 0 and [e.row_number for e in result.errors] == [4]
    assert not IndicatorValue.objects.exists()
    # A row for a tambon outside the user's scope fails the whole file too.
    outside = _csv(tmp_path, [f"{TAMBON},กองทุนเข้มแข็ง,2570,4", "500105,กองทุนเข้มแข็ง,2570,5"])
    result = services.values_import(actor=chain["pwg"], path=outside, filename="values.csv")
    assert result.written == 0 and [e.row_number for e in result.errors] == [3]
    assert not IndicatorValue.objects.exists() and not PeriodApproval.objects.exists()
    good = _csv(tmp_path, [f"{TAMBON},กองทุนเข้มแข็ง,2570,4", f"{OTHER_TAMBON},Strong funds,2570,5"])
    result = services.values_import(actor=chain["pwg"], path=good, filename="values.csv")
    assert result.written == 2 and not result.errors
    assert sorted(IndicatorValue.objects.values_list("area_code", "value")) == [(TAMBON, D(4)), (OTHER_TAMBON, D(5))]


def test_worklist_lists_values_to_submit_and_to_approve(chain: dict[str, Any]) -> None:
    ind = reported(chain["admin"])
    services.value_enter(actor=chain["secretary"], indicator=ind, area_code=TAMBON, fiscal_year=YEAR, value=D(3))
    assert list(selectors.to_submit(chain["secretary"]).values_list("unit", flat=True)) == [TAMBON]
    assert not selectors.awaiting_approval(chain["pwg"]).exists()
    services.period_submit(actor=chain["secretary"], unit=TAMBON, fiscal_year=YEAR)
    assert not selectors.to_submit(chain["secretary"]).exists()
    assert list(selectors.awaiting_approval(chain["pwg"]).values_list("unit", flat=True)) == [TAMBON]
    assert not selectors.awaiting_approval(chain["cluster"]).exists()
    assert not selectors.awaiting_approval(chain["other_secretary"]).exists()
