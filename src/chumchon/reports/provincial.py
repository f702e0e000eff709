"""The built-in sections of the people's provincial development report and of the area KPI report.

Each section reads materialised data only (poverty's ``AreaPovertyResult``, project and body rows) and
returns blocks. A public version takes every count of households or persons from
``portal.figures`` (the published table, suppressed once with the portal's rules) and otherwise
aggregates only; an internal version reads the rows themselves. Nothing here reads a person.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from chumchon.areas.models import Area, AreaLevel
from chumchon.budgets.models import Programme
from chumchon.capital.models import CapitalCategory, CapitalEntry
from chumchon.core.thai import format_baht, format_date_be
from chumchon.meetings.models import Meeting, MeetingKind, Resolution
from chumchon.organizations.models import Body, BodyKind
from chumchon.plans.models import Plan, PlanLevel, PlanProposal, PlanStatus, ProposalStatus
from chumchon.portal import figures
from chumchon.portal import selectors as portal_selectors
from chumchon.portal.places import Place, place_get
from chumchon.poverty.charts import bar_layout
from chumchon.poverty.models import AreaPovertyResult, DimensionCode, SurveyRound
from chumchon.poverty.models.indicators import DIMENSION_ORDER
from chumchon.poverty.models.rounds import RoundStatus
from chumchon.projects.models import Project, ProjectStatus
from chumchon.projects.selectors import Rollup, rollup
from chumchon.reports.document import Block, Chart, Facts, Para, Table
from chumchon.reports.models import ReportKind
from chumchon.reports.sections import ReportContext, ReportSection, register_report_section

HIDDEN = "—"  # a suppressed or missing figure


def n(value: int | None) -> str:
    return HIDDEN if value is None else f"{value:,}"


def pct(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return 100 * part / whole


def pct_text(value: float | Decimal | None) -> str:
    return HIDDEN if value is None else f"{float(value):.1f}%"


def money(value: Decimal | None) -> str:
    return format_baht(value or Decimal(0))


def _lang() -> str:
    return "en" if (get_language() or "th").startswith("en") else "th"


def area_name(area: Area) -> str:
    return area.name_en if _lang() == "en" and area.name_en else area.name_th


def ready_rounds() -> list[SurveyRound]:
    return list(SurveyRound.objects.filter(status=RoundStatus.READY).order_by("year_be", "id"))


def _place(ctx: ReportContext) -> Place:
    place = ctx.cache.get("place")
    if place is None:
        place = place_get(ctx.area.code)
        if place is None:  # every province, district and tambon is a public place
            raise ValueError(f"no public place for area {ctx.area.code}")
        ctx.cache["place"] = place
    return place


def _result(survey_round: SurveyRound, code: str) -> AreaPovertyResult | None:
    return (
        AreaPovertyResult.objects.filter(survey_round=survey_round, area_code=code, group_code="")
        .exclude(level="nation")
        .first()
    )


# --- area profile and community capital ----------------------------------------------------------------


def profile_section(ctx: ReportContext) -> list[Block]:
    code = ctx.area.code
    under = Area.objects.filter(code__startswith=code).exclude(code=code)
    levels = Counter(under.values_list("level", flat=True))
    rows: list[tuple[str, str]] = []
    if getattr(ctx.area, "codi_region", None) is not None:
        rows.append((_("CODI region"), str(ctx.area.codi_region)))
    for level, label in (
        (AreaLevel.DISTRICT, _("Districts")),
        (AreaLevel.SUBDISTRICT, _("Tambons")),
        (AreaLevel.VILLAGE, _("Villages and communities")),
    ):
        if levels.get(level):
            rows.append((label, n(levels[level])))
    rounds = ready_rounds()
    if rounds:
        latest = rounds[-1]
        if ctx.public:
            table = figures.round_table(latest)
            key = _place(ctx).key
            households, persons = table.value("households", key), table.value("persons", key)
        else:
            r = _result(latest, code)
            households, persons = (r.households, r.persons) if r else (None, None)
        rows.append((_("Households surveyed (%(round)s)") % {"round": latest.name}, n(households)))
        rows.append((_("Persons in surveyed households"), n(persons)))
    bodies = Body.objects.filter(is_active=True, area__code__startswith=code)
    rows.append((_("Active community organisations and committees"), n(bodies.count())))
    blocks: list[Block] = [Facts(rows)]
    # Community capital recorded by the tambons and villages (ทุนชุมชน), by category.
    entries = CapitalEntry.objects.filter(area__code__startswith=code, retired_on__isnull=True)
    by_kind = Counter(entries.values_list("kind", flat=True))
    if by_kind:
        categories: Counter[str] = Counter()
        for kind, count in by_kind.items():
            categories[kind.split(".")[0]] += count
        labels = dict(CapitalCategory.choices)
        blocks.append(Para(_("Community capital recorded by the tambons and communities, by kind of capital:")))
        blocks.append(
            Table(
                [_("Kind of capital"), _("Recorded items")],
                [[str(labels.get(c, c)), n(k)] for c, k in sorted(categories.items(), key=lambda x: -x[1])],
                [False, True],
            )
        )
    else:
        blocks.append(Para(_("No community capital has been recorded in this area yet.")))
    return blocks


# --- poverty by dimension and its trend ----------------------------------------------------------------


def poverty_section(ctx: ReportContext) -> list[Block] | None:
    rounds = ready_rounds()
    if not rounds:
        return [Para(_("No survey round has been computed yet."))]
    latest = rounds[-1]
    labels = dict(DimensionCode.choices)
    rows = []
    if ctx.public:
        table = figures.round_table(latest)
        key = _place(ctx).key
        households = table.value("households", key)
        target = table.value("target_poor_households", key)
        af_poor = table.value("af_poor_households", key)
        dims = {d: table.value(f"dim:{d}", key) for d in table.dimensions}
    else:
        r = _result(latest, ctx.area.code)
        if r is None:
            return [Para(_("The latest survey round has no figures for this area."))]
        households, target, af_poor = r.households, r.target_poor_households, r.af_poor_households
        dims = {d: int(v) for d, v in (r.deprived_by_dimension or {}).items()}
    order = [d for d in DIMENSION_ORDER if d in dims] + sorted(d for d in dims if d not in DIMENSION_ORDER)
    for d in order:
        rows.append((str(labels.get(d, d)), dims[d], pct(dims[d], households)))
    blocks: list[Block] = [
        Para(
            _("Survey round %(round)s (%(date)s): the share of surveyed households deprived in each dimension.")
            % {
                "round": latest.name,
                "date": format_date_be(latest.computed_at, lang=_lang()) if latest.computed_at else "",
            }
        ),
        Facts(
            [
                (_("Households surveyed"), n(households)),
                (_("Target poor households"), n(target)),
                (_("Multidimensionally poor households"), n(af_poor)),
                (_("Headcount ratio H"), pct_text(pct(af_poor, households))),
            ]
        ),
    ]
    layout = bar_layout([(label, share, n(count)) for label, count, share in rows if share is not None], max_value=100)
    if layout is not None:
        blocks.append(Chart(_("Households deprived, by dimension (%)"), layout))
    blocks.append(
        Table(
            [_("Dimension"), _("Deprived households"), _("Share of households")],
            [[label, n(count), pct_text(share)] for label, count, share in rows],
            [False, True, True],
            note=_("— : not published (fewer households than the disclosure threshold) or no data.")
            if ctx.public
            else "",
        )
    )
    return blocks


def trend_section(ctx: ReportContext) -> list[Block] | None:
    rows = []
    for survey_round in ready_rounds():
        if ctx.public:
            table = figures.round_table(survey_round)
            key = _place(ctx).key
            if not table.has(key):
                continue
            hh, target, poor = (
                table.value(m, key) for m in ("households", "target_poor_households", "af_poor_households")
            )
        else:
            r = _result(survey_round, ctx.area.code)
            if r is None:
                continue
            hh, target, poor = r.households, r.target_poor_households, r.af_poor_households
        rows.append((survey_round, hh, target, poor, pct(poor, hh)))
    if not rows:
        return None
    blocks: list[Block] = []
    layout = bar_layout([(f"{r[0].name}", r[4], n(r[3])) for r in rows if r[4] is not None], max_value=100)
    if layout is not None:
        blocks.append(Chart(_("Headcount ratio H over the survey rounds (%)"), layout))
    blocks.append(
        Table(
            [
                _("Survey round"),
                _("Households surveyed"),
                _("Target poor households"),
                _("Multidimensionally poor households"),
                _("H"),
            ],
            [[r[0].name, n(r[1]), n(r[2]), n(r[3]), pct_text(r[4])] for r in rows],
            [False, True, True, True, True],
        )
    )
    return blocks


# --- plans and their coverage --------------------------------------------------------------------------


def plans_section(ctx: ReportContext) -> list[Block] | None:
    code = ctx.area.code
    plans = Plan.objects.filter(Q(area__code__startswith=code))
    if ctx.public:  # a draft plan is its owners' work in progress (the portal publishes adopted plans only)
        plans = plans.exclude(status=PlanStatus.DRAFT)
    if not plans.exists():
        return [Para(_("No plan has been recorded in this area yet."))]
    level_labels, status_labels = dict(PlanLevel.choices), dict(PlanStatus.choices)
    counts = plans.values("level", "status").annotate(c=Count("id"), n_items=Count("items")).order_by("level", "status")
    rows = [
        [
            str(level_labels.get(r["level"], r["level"])),
            str(status_labels.get(r["status"], r["status"])),
            n(r["c"]),
            n(r["n_items"]),
        ]
        for r in counts
    ]
    proposals = PlanProposal.objects.filter(item__plan__in=plans)
    by_status = Counter(proposals.values_list("status", flat=True))
    answered = sum(v for k, v in by_status.items() if k != ProposalStatus.PENDING)
    covered = by_status.get(ProposalStatus.ACCEPTED, 0) + by_status.get(ProposalStatus.MERGED, 0)
    blocks: list[Block] = [
        Table([_("Plan level"), _("Status"), _("Plans"), _("Items")], rows, [False, False, True, True]),
        Facts(
            [
                (_("Items proposed to a higher plan"), n(sum(by_status.values()))),
                (_("Answered"), n(answered)),
                (_("Taken into the higher plan (accepted or merged)"), n(covered)),
                (_("Declined"), n(by_status.get(ProposalStatus.DECLINED, 0))),
                (_("Awaiting an answer"), n(by_status.get(ProposalStatus.PENDING, 0))),
            ]
        ),
    ]
    if sum(by_status.values()):
        layout = bar_layout(
            [
                (str(ProposalStatus(s).label), pct(c, sum(by_status.values())) or 0.0, n(c))
                for s, c in sorted(by_status.items())
            ],
            max_value=100,
        )
        if layout is not None:
            blocks.append(Chart(_("Proposals to higher plans, by answer (%)"), layout))
    return blocks


# --- projects and money --------------------------------------------------------------------------------


def _projects(ctx: ReportContext) -> Any:
    qs = Project.objects.filter(area__code__startswith=ctx.area.code, parent__isnull=True)
    if ctx.public:
        qs = qs.filter(status__in=portal_selectors.PUBLIC_STATUSES)
    if ctx.fiscal_year:
        qs = qs.filter(programme__fiscal_year=ctx.fiscal_year)
    return qs


def projects_section(ctx: ReportContext) -> list[Block] | None:
    qs = _projects(ctx)
    groups = rollup(qs, key_field="programme_id")
    total = groups.pop("")
    if not total.projects:
        return [Para(_("No project in this area for the period."))]
    # A programme runs once per fiscal year (and may repeat under one name): one row per name and year.
    labels = {
        str(p.pk): f"{p.name_en if _lang() == 'en' and p.name_en else p.name_th} ({p.fiscal_year})"
        for p in Programme.objects.filter(pk__in=list(groups))
    }
    merged: dict[str, Rollup] = {}
    for key, r in groups.items():
        m = merged.setdefault(labels.get(key, key), Rollup(key=labels.get(key, key)))
        m.projects += r.projects
        m.approved += r.approved
        m.disbursed += r.disbursed
        m.spent += r.spent
    names = {label: label for label in merged}
    rows = sorted(merged.items())
    blocks: list[Block] = [
        Facts(
            [
                (_("Projects"), n(total.projects)),
                (_("Approved (baht)"), money(total.approved)),
                (_("Disbursed (baht)"), money(total.disbursed)),
                (_("Reported spending (baht)"), money(total.spent)),
                (_("Disbursed share of approved"), pct_text(total.disbursed_pct)),
                (_("Progress (weighted by approved amount)"), pct_text(total.progress_pct)),
            ]
        ),
        Table(
            [_("Programme"), _("Projects"), _("Approved (baht)"), _("Disbursed (baht)"), _("Reported spending (baht)")],
            [[names.get(k, k), n(r.projects), money(r.approved), money(r.disbursed), money(r.spent)] for k, r in rows],
            [False, True, True, True, True],
        ),
    ]
    layout = bar_layout(
        [(names.get(k, k), float(r.disbursed_pct or 0), money(r.disbursed)) for k, r in rows if r.approved],
        max_value=100,
    )
    if layout is not None:
        blocks.append(Chart(_("Disbursed share of the approved amount, by programme (%)"), layout))
    status_labels = dict(ProjectStatus.choices)
    blocks.append(
        Table(
            [_("Status"), _("Projects")],
            [[str(status_labels.get(s, s)), n(c)] for s, c in sorted(total.by_status.items())],
            [False, True],
        )
    )
    return blocks


# --- committees and meetings ---------------------------------------------------------------------------


def committees_section(ctx: ReportContext) -> list[Block] | None:
    code = ctx.area.code
    bodies = Body.objects.filter(is_active=True, area__code__startswith=code)
    if not bodies.exists():
        return [Para(_("No community organisation or committee is registered in this area yet."))]
    kinds = dict(BodyKind.choices)
    rows = [
        [str(kinds.get(r["kind"], r["kind"])), n(r["c"]), n(r["m"] or 0)]
        for r in bodies.values("kind").annotate(c=Count("id"), m=Sum("member_count")).order_by("kind")
    ]
    meetings = Meeting.objects.filter(body__area__code__startswith=code)
    resolutions = Resolution.objects.filter(body__area__code__startswith=code)
    if ctx.fiscal_year:
        meetings = meetings.filter(fiscal_year=ctx.fiscal_year)
    facts = [
        (_("Meetings recorded"), n(meetings.count())),
        (_("Provincial assemblies (สมัชชาจังหวัด)"), n(meetings.filter(kind=MeetingKind.ANNUAL_ASSEMBLY).count())),
        (_("Resolutions recorded"), n(resolutions.count())),
    ]
    return [Table([_("Kind of body"), _("Bodies"), _("Members")], rows, [False, True, True]), Facts(facts)]


# --- the area KPI report: project and budget KPIs from the data (indicators: the lead's section) -------


def kpi_section(ctx: ReportContext) -> list[Block] | None:
    qs = _projects(ctx)
    child_len = {2: 4, 4: 6, 6: 8}.get(len(ctx.area.code))
    total = rollup(qs)[""]
    overdue = total.overdue
    rows = [
        (_("Projects"), n(total.projects)),
        (_("Approved projects"), n(total.approved_projects)),
        (_("Requested (baht)"), money(total.requested)),
        (_("Approved (baht)"), money(total.approved)),
        (_("Disbursed share of approved"), pct_text(total.disbursed_pct)),
        (
            _("Spent share of disbursed"),
            pct_text(pct(int(total.spent), int(total.disbursed)) if total.disbursed else None),
        ),
        (_("Progress (weighted by approved amount)"), pct_text(total.progress_pct)),
        (_("Progress reports overdue"), n(overdue)),
    ]
    blocks: list[Block] = [Facts(rows)]
    if child_len:
        groups = rollup(qs, key_length=child_len)
        groups.pop("", None)
        names = {a.code: area_name(a) for a in Area.objects.filter(code__in=list(groups))}
        keys = sorted(groups)
        blocks.append(
            Table(
                [_("Area"), _("Projects"), _("Approved (baht)"), _("Disbursed"), _("Progress")],
                [
                    [
                        names.get(k, k),
                        n(groups[k].projects),
                        money(groups[k].approved),
                        pct_text(groups[k].disbursed_pct),
                        pct_text(groups[k].progress_pct),
                    ]
                    for k in keys
                ],
                [False, True, True, True, True],
            )
        )
        layout = bar_layout(
            [(names.get(k, k), float(groups[k].progress_pct or 0), "") for k in keys if groups[k].approved],
            max_value=100,
        )
        if layout is not None:
            blocks.append(Chart(_("Progress by area (%)"), layout))
    return blocks


AREA_KINDS = (ReportKind.PROVINCIAL, ReportKind.AREA_KPI)


def register() -> None:
    P, K = ReportKind.PROVINCIAL, ReportKind.AREA_KPI
    for section in (
        ReportSection("profile", gettext_lazy("Area profile and community capital"), 10, (P,), profile_section),
        ReportSection("poverty", gettext_lazy("Poverty by dimension"), 20, (P,), poverty_section),
        ReportSection("trend", gettext_lazy("Poverty over the survey rounds"), 30, (P,), trend_section),
        ReportSection("plans", gettext_lazy("Plans and their coverage"), 40, (P,), plans_section),
        ReportSection("projects", gettext_lazy("Projects and money"), 50, (P,), projects_section),
        ReportSection("kpi", gettext_lazy("Project and budget KPIs"), 10, (K,), kpi_section),
        ReportSection("kpi_projects", gettext_lazy("Projects and money by programme"), 20, (K,), projects_section),
        ReportSection("committees", gettext_lazy("Committees and meetings"), 60, (P,), committees_section),
    ):
        register_report_section(section)
