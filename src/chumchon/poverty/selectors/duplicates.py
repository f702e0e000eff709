"""Cross-area duplicates for the provincial officer who resolves them, and the flags the Logbook shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from chumchon.accounts.permissions import Action, can, grants_for
from chumchon.areas.models import Area
from chumchon.core.dopa import prefix_q
from chumchon.core.national_id import format_national_id, mask_national_id
from chumchon.core.templatetags.thai import localized_name
from chumchon.poverty import store
from chumchon.poverty.models import DuplicateStatus, PersonDuplicate, SurveyRound

# What the Logbook shows beside a flagged member (TargetPerson.duplicate).
FLAG_OPEN = "open"  # waiting for a provincial officer; counted here only if this is the first record
FLAG_ELSEWHERE = "elsewhere"  # the same person, counted in the other area


def duplicates_for(
    user: Any, *, survey_round: SurveyRound | None = None, status: str = ""
) -> QuerySet[PersonDuplicate]:
    """The pairs with either record in the user's scope for resolving duplicates (404-free list)."""
    prefixes = grants_for(user).prefixes(Action.PERSON_RESOLVE_DUPLICATE)
    if not prefixes:
        return PersonDuplicate.objects.none()
    qs = PersonDuplicate.objects.filter(
        prefix_q(prefixes, "first_tambon") | prefix_q(prefixes, "second_tambon")
    ).select_related("survey_round", "resolved_by")
    if survey_round is not None:
        qs = qs.filter(survey_round=survey_round)
    if status in DuplicateStatus.values:
        qs = qs.filter(status=status)
    return qs


def area_names(codes: set[str]) -> dict[str, str]:
    """code → the area's name in the active language, with its district and province for context."""
    out = {}
    for area in Area.objects.filter(code__in=codes).select_related("parent__parent"):
        parts = [localized_name(area)]
        district = area.parent
        if district is not None:
            parts.append(localized_name(district))
            if district.parent is not None:
                parts.append(localized_name(district.parent))
        out[area.code] = ", ".join(parts)
    return out


def may_see(user: Any, duplicate: PersonDuplicate) -> bool:
    return any(can(user, Action.PERSON_RESOLVE_DUPLICATE, code) for code in duplicate.scope_codes)


def shows_ids(user: Any, duplicate: PersonDuplicate) -> bool:
    """Unmasked only for a viewer holding PERSON_VIEW_ID over one of the two records' areas."""
    return any(can(user, Action.PERSON_VIEW_ID, code) for code in duplicate.scope_codes)


@dataclass
class DuplicateSide:
    tambon: Area | None
    tambon_code: str
    household_id: str
    found: bool
    name: str = ""
    sex: str = ""
    birth_date: dt.date | None = None
    house_no: str = ""
    village_code: str = ""
    members: int = 0
    welfare_verified: bool = False
    counted: bool = True


def _side(
    survey_round: SurveyRound, tambon_code: str, household_id: str, national_id: str, counted: bool
) -> DuplicateSide:
    hh, persons = store.read_tambon(survey_round, tambon_code)
    side = DuplicateSide(
        tambon=Area.objects.filter(code=tambon_code).first(),
        tambon_code=tambon_code,
        household_id=household_id,
        found=False,
        counted=counted,
    )
    person = next((p for p in persons.to_pylist() if p.get("national_id") == national_id), None)
    if person is not None:
        side.found = True
        side.name = person.get("name_th") or ""
        side.sex = person.get("sex") or ""
        side.birth_date = person.get("birth_date")
        side.welfare_verified = bool(person.get("welfare_verified"))
        side.members = sum(1 for p in persons.column("household_id").to_pylist() if p == household_id)
    household = next((h for h in hh.to_pylist() if h.get("household_id") == household_id), None)
    if household is not None:
        side.house_no = household.get("house_no") or ""
        side.village_code = household.get("village_code") or ""
    return side


def duplicate_sides(duplicate: PersonDuplicate) -> tuple[DuplicateSide, DuplicateSide]:
    """Both records, side by side, read from the round's survey store."""
    excluded = duplicate.excluded_tambon
    return (
        _side(
            duplicate.survey_round,
            duplicate.first_tambon,
            duplicate.first_household_id,
            duplicate.national_id,
            excluded != duplicate.first_tambon,
        ),
        _side(
            duplicate.survey_round,
            duplicate.second_tambon,
            duplicate.second_household_id,
            duplicate.national_id,
            excluded != duplicate.second_tambon,
        ),
    )


def shown_id(duplicate: PersonDuplicate, show_ids: bool) -> str:
    return format_national_id(duplicate.national_id) if show_ids else mask_national_id(duplicate.national_id)


def duplicate_flags(survey_round: SurveyRound, tambon_code: str) -> dict[str, str]:
    """National ID → flag for the members of a tambon held by another area too: ``FLAG_OPEN`` on both
    records while unresolved, ``FLAG_ELSEWHERE`` on the record left out after "same person, lives in
    the other area"; none after "different people" or on the record lived in."""
    flags: dict[str, str] = {}
    pairs = PersonDuplicate.objects.filter(survey_round=survey_round).exclude(status=DuplicateStatus.DIFFERENT_PEOPLE)
    for d in pairs.filter(prefix_q([tambon_code], "first_tambon") | prefix_q([tambon_code], "second_tambon")):
        if d.status == DuplicateStatus.OPEN:
            flags.setdefault(d.national_id, FLAG_OPEN)
        elif d.excluded_tambon == tambon_code:
            flags[d.national_id] = FLAG_ELSEWHERE
    return flags


def household_flags(survey_round: SurveyRound, tambon_code: str, household_id: str) -> list[str]:
    """The flags of a household's members (for the case page)."""
    pairs = PersonDuplicate.objects.filter(survey_round=survey_round).exclude(status=DuplicateStatus.DIFFERENT_PEOPLE)
    out = []
    for d in pairs.filter(first_tambon=tambon_code, first_household_id=household_id) | pairs.filter(
        second_tambon=tambon_code, second_household_id=household_id
    ):
        if d.status == DuplicateStatus.OPEN:
            out.append(FLAG_OPEN)
        elif d.excluded_tambon == tambon_code:
            out.append(FLAG_ELSEWHERE)
    return sorted(set(out))
