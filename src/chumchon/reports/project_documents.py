"""The project report, the printable proposal and the agreement for signing.

Official documents (the proposal and the agreement) print amounts in figures and in words
(``core.thai.baht_text``), dates in B.E., and Thai digits throughout the PDF, as Thai official
letters do (``Document.official``); the HTML view shows the same text.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chumchon.core.thai import baht_text, format_baht, format_date_be
from chumchon.projects.selectors import project_progress
from chumchon.reports.document import Block, Facts, Para, Signatures, Table
from chumchon.reports.models import ReportKind
from chumchon.reports.sections import ReportContext, ReportSection, register_report_section


def _date(value: object) -> str:
    return format_date_be(value) if value else "—"  # type: ignore[arg-type]


def _amount(value: Decimal | None) -> str:
    value = value or Decimal(0)
    return f"{format_baht(value)} บาท ({baht_text(value)})"


def _facts(ctx: ReportContext) -> list[tuple[str, str]]:
    p = ctx.project
    return [
        (_("Project"), p.title_th),
        (_("Programme"), f"{p.programme.name_th} ({_('fiscal year')} {p.programme.fiscal_year})"),
        (_("Area"), f"{p.area.name_th} ({p.area.code})"),
        (_("Proposed by"), p.proposer.name_th),
        (_("Target households"), f"{p.target_households:,}"),
        (_("Period"), f"{_date(p.starts_on)} – {_date(p.ends_on)}"),
    ]


def _budget_table(ctx: ReportContext) -> Table:
    lines = list(ctx.project.budget_lines.all())
    rows = [[str(i), line.item, format_baht(line.amount)] for i, line in enumerate(lines, 1)]
    total = sum((line.amount for line in lines), Decimal(0))
    rows.append(["", _("Total"), format_baht(total)])
    return Table([_("No."), _("Budget item"), _("Amount (baht)")], rows, [True, False, True])


def project_summary(ctx: ReportContext) -> list[Block]:
    p = ctx.project
    return [
        Facts(
            [
                *_facts(ctx),
                (_("Status"), p.get_status_display()),
                (_("Requested (baht)"), format_baht(p.requested_amount)),
                (_("Approved (baht)"), format_baht(p.approved_amount) if p.approved_amount is not None else "—"),
                (_("Disbursed (baht)"), format_baht(p.disbursed_amount)),
                (_("Reported spending (baht)"), format_baht(p.spent_amount)),
                (_("Progress"), f"{project_progress(p):.1f}%"),
            ]
        ),
        Para(p.objectives or ""),
    ]


def project_money(ctx: ReportContext) -> list[Block]:
    tranches = list(ctx.project.tranches.all())
    blocks: list[Block] = [_budget_table(ctx)]
    if tranches:
        blocks.append(
            Table(
                [_("Tranche"), _("Disbursed on"), _("Amount (baht)")],
                [[str(t.number), _date(t.disbursed_on), format_baht(t.amount)] for t in tranches],
                [True, False, True],
            )
        )
    return blocks


def proposal_body(ctx: ReportContext) -> list[Block]:
    p = ctx.project
    return [
        Facts(_facts(ctx)),
        Para(_("Objectives") + ": " + (p.objectives or "—")),
        Para(_("Target groups") + ": " + (p.target_groups or "—")),
        _budget_table(ctx),
        Para(_("Amount requested") + ": " + _amount(p.requested_amount)),
        Signatures([(_("Proposer"), ""), (_("Chair of the proposing body"), "")]),
    ]


def agreement_body(ctx: ReportContext) -> list[Block]:
    p = ctx.project
    amount = p.approved_amount if p.approved_amount is not None else p.requested_amount
    resolution = p.approval_resolution
    blocks: list[Block] = [
        Para(
            _(
                "This agreement is made between the Community Organizations Development Institute (CODI), "
                "the provider of funds, and %(body)s, the recipient, for the project below."
            )
            % {"body": p.proposer.name_th}
        ),
        Facts(_facts(ctx)),
        Para(_("Amount of the grant") + ": " + _amount(amount)),
    ]
    if resolution is not None:
        blocks.append(
            Para(
                _("Approved by %(body)s, resolution %(number)s of %(date)s.")
                % {"body": resolution.body.name_th, "number": resolution.number, "date": _date(resolution.meeting_date)}
            )
        )
    blocks += [
        _budget_table(ctx),
        Para(
            _(
                "The recipient agrees to use the grant only for the items above, to report progress every "
                "%(days)s days and to return any money not used for them."
            )
            % {"days": p.report_interval_days}
        ),
        Signatures(
            [
                (_("For the provider of funds"), ""),
                (_("For the recipient"), ""),
                (_("Witness"), ""),
                (_("Witness"), ""),
            ]
        ),
    ]
    return blocks


def register() -> None:
    for section in (
        ReportSection("project_summary", gettext_lazy("The project"), 10, (ReportKind.PROJECT,), project_summary),
        ReportSection(
            "project_money", gettext_lazy("Budget and disbursements"), 20, (ReportKind.PROJECT,), project_money
        ),
        ReportSection("proposal", gettext_lazy("Proposal"), 10, (ReportKind.PROPOSAL,), proposal_body),
        ReportSection("agreement", gettext_lazy("Agreement"), 10, (ReportKind.AGREEMENT,), agreement_body),
    ):
        register_report_section(section)
