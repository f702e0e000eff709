"""The self-managing-province section of the provincial report — การประเมินจังหวัดจัดการตนเอง.

Reads the assessment app's records for the report's province: the latest assessment of each track up to
the report's fiscal year (public reports: reviewed ones only, as on the portal), its level per criterion,
the readiness score, and the status certified by resolution.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from chumchon.areas.models import AreaLevel
from chumchon.assessment.models import Assessment, AssessmentStatus, Certification, Track
from chumchon.poverty.charts import bar_layout
from chumchon.reports.document import Block, Chart, Facts, Para, Table
from chumchon.reports.sections import ReportContext


def _latest(ctx: ReportContext, track: str) -> Assessment | None:
    rows = Assessment.objects.filter(province=ctx.area, track=track)
    if ctx.public:
        rows = rows.filter(status=AssessmentStatus.REVIEWED)
    if ctx.fiscal_year:
        rows = rows.filter(fiscal_year__lte=ctx.fiscal_year)
    return rows.order_by("-fiscal_year").first()


def _level_text(level: int | None) -> str:
    return "–" if level is None else str(level)


def assessment_section(ctx: ReportContext) -> list[Block] | None:
    if ctx.area.level != AreaLevel.PROVINCE:
        return None
    blocks: list[Block] = []
    tracks = dict(Track.choices)
    statuses = dict(AssessmentStatus.choices)
    for track in (Track.SELF_MANAGING, Track.INTEGRATED):
        assessment = _latest(ctx, track)
        certs = Certification.objects.filter(province=ctx.area, track=track)
        if ctx.fiscal_year:
            certs = certs.filter(fiscal_year__lte=ctx.fiscal_year)
        cert = certs.order_by("-fiscal_year").first()
        if assessment is None and cert is None:
            continue
        facts = [(_("Track"), str(tracks[track]))]
        if assessment is not None:
            facts += [
                (_("Fiscal year assessed"), str(assessment.fiscal_year)),
                (_("Status"), str(statuses[assessment.status])),
                (_("Readiness (%)"), "–" if assessment.readiness is None else f"{assessment.readiness}"),
            ]
        if cert is not None:
            facts.append((_("Certified status"), f"{cert.get_status_display()} ({cert.fiscal_year})"))
        blocks.append(Facts(facts))
        if assessment is None:
            continue
        scores = list(assessment.scores.select_related("criterion").order_by("criterion__number"))
        reviewed = assessment.status == AssessmentStatus.REVIEWED
        blocks.append(
            Table(
                [_("Criterion"), _("Province's level"), _("Reviewed level") if reviewed else _("Proposed level")],
                [
                    [
                        f"{s.criterion.number}. {s.criterion.title}",
                        _level_text(s.level),
                        _level_text(s.reviewed_level if reviewed else s.proposed_level),
                    ]
                    for s in scores
                ],
                [False, True, True],
                note=_("Levels 0–4; readiness is the reviewed levels' sum as a share of 40."),
            )
        )
        if reviewed:
            layout = bar_layout(
                [(str(s.criterion.number), float(s.reviewed_level or 0), "") for s in scores], unit="", max_value=4
            )
            if layout is not None:
                blocks.append(Chart(_("Reviewed level by criterion"), layout))
    if not blocks:
        return [Para(_("This province has no self-managing-province assessment for this year yet."))]
    return blocks
