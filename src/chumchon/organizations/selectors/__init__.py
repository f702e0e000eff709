"""Reads of organizations: bodies and the registry (``bodies``), welfare-fund figures and roll-ups (``welfare``)."""

from chumchon.organizations.selectors.bodies import (
    BodiesAtAreas,
    LeaderRow,
    Viewer,
    bodies_at_area,
    body_get,
    body_history,
    body_list,
    leaders_of,
    member_organisations,
    search_tokens,
)

__all__ = [
    "BodiesAtAreas",
    "LeaderRow",
    "Viewer",
    "bodies_at_area",
    "body_get",
    "body_history",
    "body_list",
    "leaders_of",
    "member_organisations",
    "search_tokens",
]
from chumchon.organizations.selectors.welfare import (
    FundYear,
    Rollup,
    TargetProgress,
    WelfareScope,
    fund_years,
    funds_in,
    national_target,
    welfare_rollup,
    welfare_years,
)

__all__ += [
    "FundYear",
    "Rollup",
    "TargetProgress",
    "WelfareScope",
    "fund_years",
    "funds_in",
    "national_target",
    "welfare_rollup",
    "welfare_years",
]
