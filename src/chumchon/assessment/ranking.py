"""Readiness, ranking and the pilot-selection rule — pure arithmetic, no database (tested on its own).

**Readiness** (ความพร้อม) of an assessment is the mean of its reviewed levels as a share of the top level:
Σ levels ÷ (criteria × 4) × 100, rounded half up to one decimal. Every criterion counts equally: the
source (seed 002) lists the ten as equals.

**Ranking**: highest readiness first. Equal readiness is broken by, in this order:
  1. the higher *lowest* criterion level (a province with no weak criterion goes first: the ten are
     requirements together, not a sum to trade off);
  2. more criteria at level 3 or 4 (breadth of established work);
  3. the DOPA province code, lower first — a fixed, published order that carries no merit, used only
     when everything above is equal; the page says so whenever it decides a place.

**Pilot selection** of N provinces (seed 002: "ในกลุ่มจังหวัด … นำร่อง 20 จังหวัด", every cluster within
1–2 years): the provinces are grouped by official provincial cluster, Bangkok — outside every cluster —
forming its own group ("BKK"); first the best-ranked province of every group that has a reviewed
assessment, then the remaining places by rank. N smaller than the number of groups, or larger than the
number of assessed provinces, is refused with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from chumchon.assessment.criteria import MAX_LEVEL
from chumchon.core.bilingual import bilingual

BANGKOK_GROUP = "BKK"
STRONG_LEVEL = 3


class SelectionError(ValueError):
    """A selection that the rule cannot make (message ``"ไทย / English"``)."""


def readiness(levels: Sequence[int], criteria_count: int) -> Decimal:
    """Σ levels ÷ (criteria × top level) × 100, one decimal, half up. Missing levels count as 0."""
    if criteria_count <= 0:
        return Decimal("0.0")
    value = Decimal(sum(levels)) * 100 / Decimal(criteria_count * MAX_LEVEL)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Candidate:
    assessment_id: int
    province_code: str
    province_name: str
    group_code: str
    group_name: str
    levels: tuple[int, ...]
    readiness: Decimal

    @property
    def lowest(self) -> int:
        return min(self.levels) if self.levels else 0

    @property
    def strong(self) -> int:
        return sum(1 for level in self.levels if level >= STRONG_LEVEL)

    def key(self) -> tuple[Decimal, int, int, str]:
        return (-self.readiness, -self.lowest, -self.strong, self.province_code)


@dataclass(frozen=True)
class Tie:
    """Two provinces of equal readiness, and what put the first ahead."""

    first: str
    second: str
    th: str
    en: str


@dataclass
class Ranked:
    candidate: Candidate
    rank: int
    selected: bool = False
    reason_th: str = ""
    reason_en: str = ""


@dataclass
class Selection:
    entries: list[Ranked]
    uncovered: list[str]  # groups with no assessed province
    ties: list[Tie] = field(default_factory=list)

    @property
    def chosen(self) -> list[Ranked]:
        return [e for e in self.entries if e.selected]


def _fmt(value: Decimal) -> str:
    return f"{value:.1f}"


def explain_tie(a: Candidate, b: Candidate) -> Tie:
    """Why ``a`` ranks above ``b`` when their readiness is equal."""
    same = f"ความพร้อมเท่ากัน ({_fmt(a.readiness)}%)"
    same_en = f"equal readiness ({_fmt(a.readiness)}%)"
    if a.lowest != b.lowest:
        th = f"{a.province_name} อยู่ก่อน {b.province_name}: {same} ระดับต่ำสุดรายเกณฑ์ {a.lowest} สูงกว่า {b.lowest}"
        en = (
            f"{a.province_name} ahead of {b.province_name}: {same_en}; its lowest criterion level "
            f"{a.lowest} is above {b.lowest}"
        )
    elif a.strong != b.strong:
        th = (
            f"{a.province_name} อยู่ก่อน {b.province_name}: {same} ระดับต่ำสุดเท่ากัน และมีเกณฑ์ระดับ 3 ขึ้นไป "
            f"{a.strong} ข้อ มากกว่า {b.strong} ข้อ"
        )
        en = (
            f"{a.province_name} ahead of {b.province_name}: {same_en}, equal lowest level, and {a.strong} "
            f"criteria at level 3 or above against {b.strong}"
        )
    else:
        th = (
            f"{a.province_name} อยู่ก่อน {b.province_name}: {same} ระดับต่ำสุดและจำนวนเกณฑ์ระดับ 3 ขึ้นไปเท่ากัน "
            f"จึงเรียงตามรหัสจังหวัด ({a.province_code} ก่อน {b.province_code}) ซึ่งเป็นลำดับคงที่ ไม่ได้แสดงว่าดีกว่า"
        )
        en = (
            f"{a.province_name} ahead of {b.province_name}: {same_en}, equal lowest level and equal count at "
            f"level 3 or above, so by province code ({a.province_code} before {b.province_code}) — a fixed "
            f"order, not a judgement of merit"
        )
    return Tie(a.province_code, b.province_code, th, en)


def rank(candidates: Sequence[Candidate]) -> tuple[list[Candidate], list[Tie]]:
    ordered = sorted(candidates, key=Candidate.key)
    ties = [explain_tie(a, b) for a, b in pairwise(ordered) if a.readiness == b.readiness]
    return ordered, ties


def select(
    candidates: Sequence[Candidate],
    size: int,
    groups: Sequence[tuple[str, str]],
    names_en: Mapping[str, str] | None = None,
) -> Selection:
    """Choose ``size`` pilots: the best of every group first, then the rest by rank.

    ``groups`` is every group of the selection's scope as (code, Thai name) — the clusters, and Bangkok as
    ``BANGKOK_GROUP`` when it lies in the scope — so that groups without an assessment are reported;
    ``names_en`` gives the English names for the English reasons (the Thai name otherwise).
    """
    if size < 1:
        raise SelectionError(
            bilingual("จำนวนจังหวัดนำร่องต้องอย่างน้อย 1", "The number of pilot provinces must be at least 1")
        )
    ordered, ties = rank(candidates)
    covered = [code for code, _name in groups if any(c.group_code == code for c in ordered)]
    uncovered = [code for code, _name in groups if code not in covered]
    if not ordered:
        raise SelectionError(
            bilingual(
                "ยังไม่มีจังหวัดที่ผ่านการพิจารณาของกลุ่มจังหวัดในขอบเขตและปีนี้",
                "No province of this scope and year has a reviewed assessment yet",
            )
        )
    if size > len(ordered):
        raise SelectionError(
            bilingual(
                f"ขอเลือก {size} จังหวัด แต่มีจังหวัดที่ผ่านการพิจารณาเพียง {len(ordered)} จังหวัด",
                f"{size} pilots asked for, but only {len(ordered)} provinces have a reviewed assessment",
            )
        )
    if size < len(covered):
        raise SelectionError(
            bilingual(
                f"ต้องมีจังหวัดนำร่องอย่างน้อยหนึ่งจังหวัดต่อกลุ่มจังหวัด: {len(covered)} กลุ่ม (นับกรุงเทพฯ เป็นกลุ่มของตนเอง) "
                f"จึงต้องเลือกอย่างน้อย {len(covered)} จังหวัด ไม่ใช่ {size}",
                f"At least one pilot per provincial cluster: {len(covered)} groups (Bangkok counted as its own) need "
                f"at least {len(covered)} pilots, not {size}",
            )
        )
    names = dict(groups)
    english = {code: (names_en or {}).get(code) or name for code, name in groups}
    entries = [Ranked(candidate=c, rank=i + 1) for i, c in enumerate(ordered)]
    for code in covered:
        best = next(e for e in entries if e.candidate.group_code == code)
        best.selected = True
        if code == BANGKOK_GROUP:
            best.reason_th = "กรุงเทพมหานครอยู่นอกกลุ่มจังหวัดทั้งหมด จึงนับเป็นกลุ่มของตนเอง และได้รับเลือกเป็นตัวแทนกลุ่ม"
            best.reason_en = (
                "Bangkok lies outside every provincial cluster, so it is a group of its own and represents it"
            )
        else:
            best.reason_th = f"ความพร้อมสูงสุดใน{names.get(code, code)} (อย่างน้อยหนึ่งจังหวัดต่อกลุ่มจังหวัด)"
            best.reason_en = f"Highest readiness in {english.get(code, code)} (at least one pilot per cluster)"
    remaining = size - len(covered)
    for e in entries:
        if remaining <= 0:
            break
        if not e.selected:
            e.selected = True
            remaining -= 1
            e.reason_th = f"ที่นั่งที่เหลือเติมตามลำดับความพร้อม: อันดับ {e.rank}"
            e.reason_en = f"Remaining places filled by readiness: rank {e.rank}"
    extra = size - len(covered)
    for e in entries:
        if e.selected:
            continue
        code = e.candidate.group_code
        rep = next(x for x in entries if x.selected and x.candidate.group_code == code)
        if extra:
            e.reason_th = (
                f"อันดับ {e.rank}: {names.get(code, code)}มีจังหวัดนำร่องแล้ว ({rep.candidate.province_name} อันดับ {rep.rank}) "
                f"และที่นั่งเพิ่มเติม {extra} ที่ได้แก่จังหวัดที่มีอันดับสูงกว่า"
            )
            e.reason_en = (
                f"Rank {e.rank}: {english.get(code, code)} already has its pilot ({rep.candidate.province_name}, rank "
                f"{rep.rank}) and the {extra} further place(s) went to higher-ranked provinces"
            )
        else:
            e.reason_th = (
                f"อันดับ {e.rank}: ที่นั่งทั้ง {size} ที่เป็นของจังหวัดละกลุ่ม และ{names.get(code, code)}มีจังหวัดนำร่องแล้ว "
                f"({rep.candidate.province_name} อันดับ {rep.rank})"
            )
            e.reason_en = (
                f"Rank {e.rank}: all {size} places go one to each group, and {english.get(code, code)} already has "
                f"its pilot ({rep.candidate.province_name}, rank {rep.rank})"
            )
    return Selection(entries=entries, uncovered=uncovered, ties=ties)
