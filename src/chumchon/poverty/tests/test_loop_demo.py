"""The poverty demo step: two rounds, additions, Logbook cases, and a closing-the-loop report that shows help."""

from __future__ import annotations

import random
from typing import Any

import pyarrow.parquet as pq
import pytest

from chumchon.accounts.models import Role
from chumchon.areas.models import CodiRegion
from chumchon.core.demo import DemoContext
from chumchon.poverty import demo, store
from chumchon.poverty.models import (
    AdditionStatus,
    AreaPovertyResult,
    AssistanceRecord,
    Case,
    DuplicateStatus,
    FieldAddition,
    PersonDuplicate,
    RoundStatus,
)
from chumchon.poverty.selectors import loop as loop_selectors
from chumchon.poverty.selectors import results as results_selectors
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)
from chumchon.poverty.worklist import follow_ups_due

pytestmark = pytest.mark.django_db


def test_demo_generates_two_rounds_cases_and_a_loop(settings: Any, tmp_path: Any, make_user: Any) -> None:
    settings.SURVEY_STORE = tmp_path / "store"
    settings.MEDIA_ROOT = tmp_path / "media"
    ctx = DemoContext(seed=2565, region=CodiRegion.objects.get(code="R5"), rng=random.Random(2565))
    ctx.shared["users"] = {
        Role.CDD_DISTRICT_OFFICER: make_user("cdd_district_officer", area="2401"),
        Role.TAMBON_COUNCIL_SECRETARY: make_user("tambon_council_secretary", area="240104"),
        Role.CDD_PROVINCIAL_OFFICER: make_user("cdd_provincial_officer", area="24"),
    }
    demo.generate(ctx)
    r1, r2 = ctx.shared["poverty_rounds"]
    assert r1.status == r2.status == RoundStatus.READY
    assert results_selectors.area_result(r2, "24").households > 4000
    assert Case.objects.count() >= 30
    assert FieldAddition.objects.filter(status=AdditionStatus.VERIFIED).count() == 2
    report = loop_selectors.loop_closure(prev_round=r1, next_round=r2, prefix="2401")
    o = report.overall
    assert o.assisted > 10 and o.comparable > 10
    # Help works in the demo (0.6 of helped cases are made to pass), so the helped share is higher.
    assert (o.assisted_share or 0) > (o.comparable_share or 0)
    # Help and follow-ups lie around the demo's today (not in 2022–2023): some follow-ups are due
    # now, others are still ahead, so the worklist's "follow-ups due" is realistic.
    records = list(AssistanceRecord.objects.all())
    assert records and all(0 < (ctx.today - a.given_on).days <= 120 for a in records)
    assert all(a.follow_up_on is not None and a.follow_up_on > a.given_on for a in records)
    due = sum(1 for a in records if a.follow_up_on and a.follow_up_on <= ctx.today)
    assert 0 < due < len(records)
    assert 0 < follow_ups_due(Case.objects.all(), ctx.today).count() < Case.objects.count()
    # Three people surveyed again after moving: one resolved by the provincial officer, two waiting,
    # each counted once in the round's figures.
    pairs = PersonDuplicate.objects.filter(survey_round=r1)
    assert pairs.count() == 3 and pairs.filter(status=DuplicateStatus.OPEN).count() == 2
    persons = sum(pq.read_table(p, columns=["national_id"]).num_rows for p in store.person_files(store.round_dir(r1)))
    assert AreaPovertyResult.objects.get(survey_round=r1, level="nation").persons == persons - 3
