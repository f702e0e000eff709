"""Reads of the assessment, already narrowed to the viewer's scope (pages, exports and the portal share them)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.areas import cartogram
from chumchon.areas.models import Area, AreaLevel
from chumchon.assessment import proposals, ranking, rules
from chumchon.assessment.criteria import LEVELS
from chumchon.assessment.models import (
    Assessment,
    AssessmentStatus,
    Certification,
    CriterionScore,
    Evidence,
    PilotSelection,
    SelectionStatus,
    Track,
)
from chumchon.assessment.services import candidates, scope_provinces
from chumchon.core import prepared


def assessments_for(user: Any) -> QuerySet[Assessment]:
    return permissions.scoped(
        Assessment.objects.select_related("province", "province__cluster", "reviewed_by_body"),
        user,
        Action.ASSESSMENT_VIEW,
        "province__code",
    )


def assessment_get(user: Any, pk: int) -> Assessment:
    assessment = (
        Assessment.objects.select_related("province", "province__cluster", "reviewed_by_body").filter(pk=pk).first()
    )
    if assessment is None:
        raise Http404("ไม่พบการประเมิน / Assessment not found")
    permissions.require_read(user, Action.ASSESSMENT_VIEW, assessment)
    return assessment


def score_get(user: Any, pk: int) -> CriterionScore:
    score = (
        CriterionScore.objects.select_related("assessment", "assessment__province", "criterion").filter(pk=pk).first()
    )
    if score is None:
        raise Http404("ไม่พบเกณฑ์ / Criterion not found")
    permissions.require_read(user, Action.ASSESSMENT_VIEW, score)
    return score


def evidence_get(user: Any, pk: int) -> Evidence:
    evidence = Evidence.objects.select_related("score__assessment__province").filter(pk=pk).first()
    if evidence is None:
        raise Http404("ไม่พบหลักฐาน / Evidence not found")
    permissions.require_read(user, Action.ASSESSMENT_VIEW, evidence)
    return evidence


def to_review(user: Any) -> list[Assessment]:
    """Submitted assessments this user's cluster (Bangkok: regional subcommittee) is to review."""
    qs = permissions.scoped(
        Assessment.objects.filter(status=AssessmentStatus.SUBMITTED).select_related("province"),
        user,
        Action.ASSESSMENT_REVIEW,
        "province__code",
    )
    return [a for a in qs.order_by("submitted_at", "pk") if rules.may_review(user, a)]


def to_complete(user: Any) -> QuerySet[Assessment]:
    """Drafts and returned assessments the user may write (the province's own work).

    Scoped as "province in (the areas of the scope)" rather than a condition on the joined province's
    code: the same rows (an assessment's area is always a province: ``assessment_open`` refuses others),
    but SQLite then reads the 77 provinces through the level index and probes the (small) assessment
    table per province in scope, instead of reading every area's code first (the home page's count:
    18–26 ms → 0.5 ms at national volume)."""
    areas = permissions.scoped(Area.objects.filter(level=AreaLevel.PROVINCE), user, Action.ASSESSMENT_EDIT, "code")
    return Assessment.objects.filter(
        status__in=[AssessmentStatus.DRAFT, AssessmentStatus.RETURNED], province__in=areas.values("pk")
    ).select_related("province")


def to_complete_count(user: Any) -> int:
    """``to_complete(user).count()`` (the worklist's, on every home page), built once per process for the
    editing scope (all it is made of)."""
    prefixes = permissions.grants_for(user).prefixes(Action.ASSESSMENT_EDIT)
    return prepared.count(("assessment.to_complete", prefixes), lambda: to_complete(user))


def sees_any_province(user: Any) -> bool:
    """The menu entry is worth showing to those who may read at least one whole province's assessment."""
    return any(len(p) <= 2 for p in permissions.grants_for(user).prefixes(Action.ASSESSMENT_VIEW))


def provinces_to_open(user: Any) -> list[Area]:
    return list(
        permissions.scoped(
            Area.objects.filter(level=AreaLevel.PROVINCE), user, Action.ASSESSMENT_EDIT, "code"
        ).order_by("code")
    )


@dataclass
class ScoreRow:
    score: CriterionScore
    evidence: list[tuple[Evidence, str]]  # (evidence, url)
    records: list[proposals.Record]  # what the system found now, offered as evidence


def score_rows(assessment: Assessment) -> list[ScoreRow]:
    """The criteria of an assessment with their evidence, and the records the system finds for each now."""
    found = proposals.propose_levels(assessment.province, assessment.fiscal_year) if assessment.editable else {}
    rows = []
    scores = assessment.scores.select_related("criterion").prefetch_related("evidence").order_by("criterion__number")
    for score in scores:
        items = []
        for ev in score.evidence.all():
            if ev.kind == "document":
                url = reverse("assessment:evidence_file", args=[ev.pk])
            elif ev.kind == "link":
                url = ev.url
            else:
                target = proposals.record_label_url(ev.kind, ev.object_id or 0)
                url = target[1] if target else ""
            items.append((ev, url))
        proposal = found.get(score.criterion.number)
        rows.append(ScoreRow(score, items, proposal.records if proposal else []))
    return rows


def level_texts() -> list[tuple[int, str, str]]:
    return [(lv.level, lv.th, lv.en) for lv in LEVELS]


def ranking_for(
    user: Any, year: int, track: str = Track.SELF_MANAGING
) -> tuple[list[ranking.Candidate], list[ranking.Tie]]:
    """The reviewed assessments of the provinces in the user's scope, ranked, with every tie explained."""
    provinces = [p for p in scope_provinces("nation", None) if permissions.can(user, Action.ASSESSMENT_VIEW, p)]
    found, _groups = candidates(provinces, year, track)
    return ranking.rank(found)


def years(user: Any) -> list[int]:
    return sorted(set(assessments_for(user).values_list("fiscal_year", flat=True)), reverse=True)


def trend(user: Any, province: Area, track: str = Track.SELF_MANAGING) -> list[Assessment]:
    return list(assessments_for(user).filter(province=province, track=track).order_by("fiscal_year"))


def trend_table(
    user: Any, track: str = Track.SELF_MANAGING
) -> tuple[list[int], list[tuple[Area, list[Decimal | None]]]]:
    """Readiness per province (rows) and fiscal year (columns) for the provinces in scope."""
    reviewed = list(
        assessments_for(user)
        .filter(track=track, status=AssessmentStatus.REVIEWED)
        .order_by("province__code", "fiscal_year")
    )
    all_years = sorted({a.fiscal_year for a in reviewed})
    by_province: dict[str, tuple[Area, dict[int, Decimal | None]]] = {}
    for a in reviewed:
        by_province.setdefault(a.province.code, (a.province, {}))[1][a.fiscal_year] = a.readiness
    rows = [(area, [values.get(y) for y in all_years]) for area, values in by_province.values()]
    return all_years, rows


def map_context(user: Any, year: int | None, track: str = Track.SELF_MANAGING) -> dict[str, Any]:
    """The province tile map of readiness for a year (provinces outside the user's scope are hatched)."""
    names = {a.code: a.name_th for a in Area.objects.filter(level=AreaLevel.PROVINCE)}
    values: dict[str, Decimal | None] = {}
    urls: dict[str, str] = {}
    if year is not None:
        for a in assessments_for(user).filter(fiscal_year=year, track=track, status=AssessmentStatus.REVIEWED):
            values[a.province.code] = a.readiness
            urls[a.province.code] = reverse("assessment:detail", args=[a.pk])
    shown = {code: (f"{v}%" if v is not None else "—") for code, v in values.items()}
    tiles, bounds = cartogram.tiles(names, values, shown, urls)
    width, height = cartogram.size()
    return {
        "tiles": tiles,
        "map_width": width,
        "map_height": height,
        "tile": cartogram.TILE,
        "palette": [
            (cartogram.PALETTE[round(i * (len(cartogram.PALETTE) - 1) / max(len(bounds) - 1, 1))], b)
            for i, b in enumerate(bounds)
        ],
        "map_rows": sorted((t for t in tiles if t.value is not None), key=lambda t: t.code),
    }


def selections_for(user: Any) -> QuerySet[PilotSelection]:
    """Selections whose scope the user may see (a regional selection: any province of the region)."""
    qs = PilotSelection.objects.select_related("region", "resolution", "resolution__body").order_by(
        "-created_at", "-pk"
    )
    return qs.filter(pk__in=[s.pk for s in qs if _sees_selection(user, s)])


def _sees_selection(user: Any, selection: PilotSelection) -> bool:
    prefixes = permissions.grants_for(user).prefixes(Action.ASSESSMENT_VIEW)
    if "" in prefixes:
        return True
    codes = selection.scope_codes
    return any(code.startswith(p) or p.startswith(code) for code in codes for p in prefixes if code)


def selection_get(user: Any, pk: int) -> PilotSelection:
    selection = PilotSelection.objects.select_related("region", "resolution", "resolution__body").filter(pk=pk).first()
    if selection is None or not _sees_selection(user, selection):
        raise Http404("ไม่พบข้อเสนอจังหวัดนำร่อง / Pilot selection not found")
    return selection


def selections_to_adopt(user: Any) -> list[PilotSelection]:
    """Proposed selections the user sees and may resolve: ``selections_for`` narrowed to PROPOSED, tested
    in one reading (the worklist asks on every home page)."""
    # Its callers count the selections or take their ids: only what the scope checks read is joined (an area
    # scope's area), not the region, resolution and body a selection's page shows.
    proposed = PilotSelection.objects.filter(status=SelectionStatus.PROPOSED).select_related("area")
    return [
        s
        for s in proposed.order_by("-created_at", "-pk")
        if _sees_selection(user, s) and permissions.can(user, Action.ASSESSMENT_SELECT, s)
    ]


def certifications_for(user: Any) -> QuerySet[Certification]:
    return permissions.scoped(
        Certification.objects.select_related("province", "resolution", "resolution__body", "selection"),
        user,
        Action.ASSESSMENT_VIEW,
        "province__code",
    )


@dataclass(frozen=True)
class PublicStatus:
    """One province's public facts: its latest reviewed readiness and its certified status, per track."""

    code: str
    name_th: str
    name_en: str
    track: str
    reviewed_year: int | None
    readiness: Decimal | None
    certified: str  # the status's key ("pilot", "expansion") or ""
    certified_year: int | None


def public_status(prefixes: list[str], fiscal_year: int | None = None) -> list[PublicStatus]:
    """For the public portal: provinces under ``prefixes`` with a reviewed assessment or a certificate.

    Only reviewed results (the cluster's, not the province's draft) and certificates adopted by resolution
    are public; nothing about people. ``fiscal_year`` limits both to that year or before.
    """
    provinces = Area.objects.filter(level=AreaLevel.PROVINCE)
    if prefixes and "" not in prefixes:
        provinces = provinces.filter(code__in=[p[:2] for p in prefixes])
    reviewed = Assessment.objects.filter(province__in=provinces, status=AssessmentStatus.REVIEWED)
    certs = Certification.objects.filter(province__in=provinces)
    if fiscal_year:
        reviewed, certs = reviewed.filter(fiscal_year__lte=fiscal_year), certs.filter(fiscal_year__lte=fiscal_year)
    latest: dict[tuple[str, str], Assessment] = {}
    for row in reviewed.select_related("province").order_by("fiscal_year"):
        latest[(row.province.code, row.track)] = row
    certified: dict[tuple[str, str], Certification] = {}
    for cert in certs.select_related("province").order_by("fiscal_year"):
        certified[(cert.province.code, cert.track)] = cert
    names = {p.code: p for p in provinces.filter(code__in={k[0] for k in [*latest, *certified]})}
    out = []
    for key in sorted(set(latest) | set(certified)):
        a, c = latest.get(key), certified.get(key)
        area = names[key[0]]
        out.append(
            PublicStatus(
                code=key[0],
                name_th=area.name_th,
                name_en=area.name_en,
                track=key[1],
                reviewed_year=a.fiscal_year if a else None,
                readiness=a.readiness if a else None,
                certified=c.status if c else "",
                certified_year=c.fiscal_year if c else None,
            )
        )
    return out


def decided_selections(viewer: Any, ids: Any) -> dict[int, tuple[str, str]]:
    """``meetings.decisions`` describer: the pilot selections a resolution adopted."""
    out = {}
    for s in PilotSelection.objects.filter(pk__in=list(ids)):
        if _sees_selection(viewer, s):
            out[s.pk] = (str(s), reverse("assessment:selection", args=[s.pk]))
    return out


def decided_certifications(viewer: Any, ids: Any) -> dict[int, tuple[str, str]]:
    out = {}
    for c in Certification.objects.filter(pk__in=list(ids)).select_related("province"):
        if permissions.can(viewer, Action.ASSESSMENT_VIEW, c):
            out[c.pk] = (str(c), reverse("assessment:certifications") + f"?province={c.province.code}")
    return out
