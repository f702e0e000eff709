"""Reads of organizations: bodies and the registry (``bodies``), welfare-fund figures and roll-ups (``welfare``)."""

from chumchon.organizations.selectors.bodies import (
    BodiesAtAreas,
    LeaderRow,
    Viewer,
    body_get,
    body_history,
    body_list,
    bodies_at_area,
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
from chumchon.organizations.selectors.welfare import (  # noqa: E402
    FundYear,
    WelfareScope,
    Rollup,
    TargetProgress,
    fund_years,
    funds_in,
    national_target,
    welfare_rollup,
    welfare_years,
)

__all__ += [
    "FundYear",
    "WelfareScope",
    "Rollup",
    "TargetProgress",
    "fund_years",
    "funds_in",
    "national_target",
    "welfare_rollup",
    "welfare_years",
]
