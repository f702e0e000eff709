"""The readiness score and the pilot-selection rule (pure: no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chumchon.assessment import ranking
from chumchon.assessment.ranking import BANGKOK_GROUP, Candidate, SelectionError

GROUPS = [("C08", "Eastern 1"), ("C09", "Eastern 2"), (BANGKOK_GROUP, "Bangkok")]


def cand(code: str, group: str, levels: list[int], pk: int | None = None) -> Candidate:
    return Candidate(
        assessment_id=pk or int(code),
        province_code=code,
        province_name=f"P{code}",
        group_code=group,
        group_name=group,
        levels=tuple(levels),
        readiness=ranking.readiness(levels, 10),
    )


def test_readiness_is_the_share_of_the_top_level_rounded_half_up() -> None:
    assert ranking.readiness([4] * 10, 10) == Decimal("100.0")
    assert ranking.readiness([0] * 10, 10) == Decimal("0.0")
    assert ranking.readiness([3, 3, 3, 3, 3, 3, 3, 3, 3, 2], 10) == Decimal("72.5")
    assert ranking.readiness([1], 3) == Decimal("8.3")  # 8.333… → 8.3
    assert ranking.readiness([1, 0, 0], 3) == Decimal("8.3")
    assert ranking.readiness([], 0) == Decimal("0.0")


def test_every_cluster_and_bangkok_get_a_pilot_before_the_rest_by_readiness() -> None:
    east1 = [cand("24", "C08", [4] * 10), cand("20", "C08", [4] * 9 + [3]), cand("21", "C08", [3] * 10)]
    east2 = [cand("22", "C09", [1] * 10)]  # far below the others, but its cluster's best
    bangkok = [cand("10", BANGKOK_GROUP, [2] * 10)]
    result = ranking.select(east1 + east2 + bangkok, 4, GROUPS)
    chosen = {e.candidate.province_code for e in result.chosen}
    assert chosen == {"24", "22", "10", "20"}  # one per group (24, 22, 10), then the next by rank (20)
    by_code = {e.candidate.province_code: e for e in result.entries}
    assert "Eastern 2" in by_code["22"].reason_en and "at least one pilot per cluster" in by_code["22"].reason_en
    assert "Bangkok lies outside every provincial cluster" in by_code["10"].reason_en
    assert "ที่นั่งที่เหลือ" in by_code["20"].reason_th and by_code["20"].rank == 2
    assert not by_code["21"].selected and "Eastern 1 already has its pilot (P24, rank 1)" in by_code["21"].reason_en
    assert [e.rank for e in result.entries] == [1, 2, 3, 4, 5]
    assert result.uncovered == []


def test_too_few_places_for_the_groups_is_refused_with_the_reason() -> None:
    found = [cand("24", "C08", [4] * 10), cand("22", "C09", [2] * 10), cand("10", BANGKOK_GROUP, [3] * 10)]
    with pytest.raises(SelectionError) as exc:
        ranking.select(found, 2, GROUPS)
    assert "3 groups (Bangkok counted as its own) need at least 3 pilots, not 2" in str(exc.value)
    assert "อย่างน้อยหนึ่งจังหวัดต่อกลุ่มจังหวัด" in str(exc.value)


def test_more_places_than_assessed_provinces_or_none_is_refused() -> None:
    with pytest.raises(SelectionError, match="only 1 provinces have a reviewed assessment"):
        ranking.select([cand("24", "C08", [4] * 10)], 2, GROUPS)
    with pytest.raises(SelectionError, match="No province of this scope"):
        ranking.select([], 1, GROUPS)
    with pytest.raises(SelectionError, match="at least 1"):
        ranking.select([cand("24", "C08", [4] * 10)], 0, GROUPS)


def test_a_group_without_an_assessment_is_reported_not_invented() -> None:
    result = ranking.select([cand("24", "C08", [4] * 10), cand("20", "C08", [3] * 10)], 2, GROUPS)
    assert result.uncovered == ["C09", BANGKOK_GROUP]
    assert {e.candidate.province_code for e in result.chosen} == {"24", "20"}


def test_ties_are_broken_by_lowest_level_then_breadth_then_code_and_explained() -> None:
    # All three at readiness 50.0 (sum 20).
    even = cand("21", "C08", [2] * 10)  # lowest 2
    uneven = cand("20", "C08", [4, 4, 4, 4, 1, 1, 1, 1, 0, 0])  # lowest 0, four at level 3+
    uneven2 = cand("11", "C08", [4, 4, 3, 1, 1, 1, 1, 1, 2, 2])  # lowest 1
    ordered, ties = ranking.rank([uneven, uneven2, even])
    assert [c.province_code for c in ordered] == ["21", "11", "20"]
    assert "lowest criterion level 2 is above 1" in ties[0].en
    assert "lowest criterion level 1 is above 0" in ties[1].en
    # Equal lowest level: more criteria at 3+ first.
    a = cand("24", "C08", [3, 3, 3, 1, 1, 1, 1, 1, 3, 3])  # lowest 1, five at 3+, sum 20
    b = cand("20", "C08", [4, 4, 1, 1, 1, 1, 2, 2, 2, 2])  # lowest 1, two at 3+, sum 20
    ordered, ties = ranking.rank([b, a])
    assert [c.province_code for c in ordered] == ["24", "20"]
    assert "5 criteria at level 3 or above against 2" in ties[0].en
    # Everything equal: the province code, said to carry no merit.
    x, y = cand("24", "C08", [2] * 10), cand("20", "C08", [2] * 10)
    ordered, ties = ranking.rank([x, y])
    assert [c.province_code for c in ordered] == ["20", "24"]
    assert "by province code (20 before 24)" in ties[0].en and "not a judgement of merit" in ties[0].en
    assert "ไม่ได้แสดงว่าดีกว่า" in ties[0].th


def test_a_tie_at_the_last_place_goes_to_the_rule_not_to_chance() -> None:
    first = cand("24", "C08", [4] * 10)
    tied_a, tied_b = cand("20", "C08", [3] * 10), cand("11", "C08", [4, 4, 4, 4, 4, 2, 2, 2, 2, 2])
    result = ranking.select([first, tied_b, tied_a], 2, [("C08", "Eastern 1")])
    assert {e.candidate.province_code for e in result.chosen} == {"24", "20"}  # lowest level 3 beats 2
    assert any(t.first == "20" and t.second == "11" for t in result.ties)
