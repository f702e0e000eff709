"""The area pages' kept capital count (``areas.summaries`` source "capital") equals counting the recorded
items under the area after a create, a retire (an update), a bulk ``update()`` and a delete — each run as
a commit runs its after-commit refresh, the rows then read as stored."""

from __future__ import annotations

from typing import Any

import pytest

from chumchon.areas import summaries
from chumchon.areas.models import Area, AreaSummary
from chumchon.capital import services
from chumchon.capital.models import CapitalEntry
from chumchon.capital.tests.conftest import TAMBON
from chumchon.capital.tests.test_services import _create

pytestmark = pytest.mark.django_db


def _check() -> None:
    for code in [*summaries.ancestors_and_self(TAMBON), "50"]:
        kept = AreaSummary.objects.get(code=code, source="capital").figures
        old = CapitalEntry.objects.filter(area__code__startswith=code, retired_on__isnull=True).count()
        assert kept == {"entries": old}, code


def test_each_write_leaves_the_kept_count_equal_to_counting(
    make_user: Any, villages: list[Area], django_capture_on_commit_callbacks: Any
) -> None:
    summaries.flush_pending()  # the villages fixture's tree touches wait for a commit that never comes
    summaries.rebuild(["capital"])
    _check()
    secretary = make_user("tambon_council_secretary", area=TAMBON)
    with django_capture_on_commit_callbacks(execute=True):
        entry = _create(secretary, Area.objects.get(code=TAMBON))
        _create(secretary, villages[0], name="ปลาสลิด", quantity=None, unit="")
    _check()
    assert AreaSummary.objects.get(code=TAMBON[:2], source="capital").figures == {"entries": 2}
    with django_capture_on_commit_callbacks(execute=True):
        services.capital_entry_retire(entry=entry, actor=secretary, reason="ทดสอบ")
    _check()
    with django_capture_on_commit_callbacks(execute=True):
        CapitalEntry.objects.filter(pk=entry.pk).update(retired_on=None)
    _check()
    with django_capture_on_commit_callbacks(execute=True):
        CapitalEntry.objects.filter(area=villages[0]).delete()
    _check()
