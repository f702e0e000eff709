"""Cross-area duplicates: recorded by survey imports, resolved by a provincial officer.

The rule for counting (``models/duplicates.py``): until resolved, a person held by two areas of a
round counts in the record the round held first; "same person, lives in A" leaves the other record
out; "different people" counts both. Every change here is audited (national IDs masked in the
trail), and a resolution recomputes both areas' results after commit.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, can, can_anywhere
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core.access import not_allowed
from chumchon.core.bilingual import bilingual as bi
from chumchon.core.national_id import mask_national_id
from chumchon.poverty import engine
from chumchon.poverty.error_codes import PovertyErrorCode
from chumchon.poverty.errors import PovertyError
from chumchon.poverty.models import DuplicateStatus, PersonDuplicate, RoundStatus, SurveyImport, SurveyRound


def may_resolve(user: User | None, duplicate: PersonDuplicate) -> bool:
    """An officer holding the right over either record's area (a cross-province pair: both provinces)."""
    return any(can(user, Action.PERSON_RESOLVE_DUPLICATE, code) for code in duplicate.scope_codes)


def may_resolve_anywhere(user: User | None) -> bool:
    return can_anywhere(user, Action.PERSON_RESOLVE_DUPLICATE)


def duplicates_list_viewed(*, actor: User, shown: int, channel: str = "") -> None:
    """Audit a page of the cross-area duplicates (personal data) shown to ``actor``; nothing when empty."""
    if shown:
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            model_label="poverty.personduplicate",
            area_code="",
            personal_data=True,
            note=f"cross-area duplicates list ({shown}{', ' + channel if channel else ''})",
        )


def duplicate_viewed(*, actor: User, duplicate: PersonDuplicate, detail: str) -> None:
    """Audit one cross-area duplicate (personal data) shown to ``actor``."""
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=duplicate,
        area_code=duplicate.second_tambon,
        personal_data=True,
        note=f"cross-area duplicate {duplicate.pk} ({detail})",
    )


def _audit_values(d: PersonDuplicate) -> dict[str, str]:
    return {
        "national_id": mask_national_id(d.national_id),
        "first": f"{d.first_tambon}/{d.first_household_id}",
        "second": f"{d.second_tambon}/{d.second_household_id}",
        "status": d.status,
        "lives_in": d.lives_in,
    }


@transaction.atomic
def duplicates_from_import_in_transaction(
    *,
    survey_import: SurveyImport,
    imported: Mapping[str, tuple[str, str]] | Callable[[Collection[str]], Mapping[str, tuple[str, str]]],
    held_elsewhere: Iterable[tuple[str, str, str]],
    replaced_tambons: Iterable[str],
) -> set[str]:
    """Bring the round's duplicate pairs in line with an import just written.

    ``imported``: national ID → (household id, tambon) of the import's persons (or a function giving
    that mapping for the national IDs asked, so a large import's persons stay on disk); ``held_elsewhere``:
    (national ID, household id, tambon) of records of those IDs in areas the import did not replace.
    A new pair gets the record held elsewhere as its first (counted) record; an existing pair whose
    two records are both still there keeps its resolution (household ids brought up to date); a
    pair whose record in a replaced area is gone is removed. Returns the subdistricts outside the
    import whose counts may have changed (their pair was removed): the caller recomputes them."""
    survey_round = survey_import.survey_round
    actor = survey_import.created_by
    replaced = set(replaced_tambons)
    held = {(nid, tambon): hid for nid, hid, tambon in held_elsewhere}
    pairs = PersonDuplicate.objects.select_for_update().filter(survey_round=survey_round)
    existing = list(pairs.filter(Q(first_tambon__in=replaced) | Q(second_tambon__in=replaced)))
    if callable(imported):  # only the IDs looked up below
        imported = imported({d.national_id for d in existing} | {nid for nid, _ in held})
    known: set[tuple[str, str, str]] = set()
    recompute: set[str] = set()
    for d in existing:
        sides = [(d.first_tambon, "first_household_id"), (d.second_tambon, "second_household_id")]
        current: dict[str, str] = {}
        for tambon, field in sides:
            if tambon in replaced:
                hid, where = imported.get(d.national_id, ("", ""))
                current[field] = hid if where == tambon else ""
            else:
                current[field] = held.get((d.national_id, tambon), "")
        if not all(current.values()):
            recompute.update(t for t, _ in sides if t not in replaced)
            values = _audit_values(d)
            d.delete()
            audit_record(
                actor=actor,
                action=AuditAction.DELETE,
                model_label="poverty.personduplicate",
                object_pk=str(d.pk or ""),
                changes={k: [v, None] for k, v in values.items()},
                area_code="",
                personal_data=True,
                note=f"import {survey_import.pk}: one of the two records is gone",
            )
            continue
        if any(getattr(d, f) != v for f, v in current.items()):
            for f, v in current.items():
                setattr(d, f, v)
            d.save(update_fields=list(current))
        known.add((d.national_id, d.first_tambon, d.second_tambon))
    for (nid, tambon), hid in sorted(held.items()):
        new_hid, new_tambon = imported.get(nid, ("", ""))
        if not new_tambon or (nid, tambon, new_tambon) in known or (nid, new_tambon, tambon) in known:
            continue
        duplicate_flag_in_transaction(
            survey_round=survey_round,
            national_id=nid,
            first=(tambon, hid),
            second=(new_tambon, new_hid),
            actor=actor,
            note=f"import {survey_import.pk}: cross-area duplicate flagged",
        )
        known.add((nid, tambon, new_tambon))
    return recompute


@transaction.atomic
def duplicate_flag_in_transaction(
    *,
    survey_round: SurveyRound,
    national_id: str,
    first: tuple[str, str],
    second: tuple[str, str],
    actor: User | None,
    note: str = "",
) -> PersonDuplicate:
    """Record a pair: ``first`` = (tambon, household id) of the record the round held first (counted
    until resolved), ``second`` the record that came later. Audited with the ID masked."""
    d = PersonDuplicate.objects.create(
        survey_round=survey_round,
        national_id=national_id,
        first_tambon=first[0],
        first_household_id=first[1],
        second_tambon=second[0],
        second_household_id=second[1],
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=d,
        changes={k: [None, v] for k, v in _audit_values(d).items()},
        area_code=second[0],
        personal_data=True,
        note=note,
    )
    return d


def recompute_areas(survey_round: SurveyRound, tambons: Iterable[str]) -> None:
    """Recompute some subdistricts of a ready round (a round never computed is left to its import)."""
    codes = sorted(set(tambons))
    status = SurveyRound.objects.filter(pk=survey_round.pk).values_list("status", flat=True).first()
    if codes and status == RoundStatus.READY:
        engine.recompute_tambons(survey_round, codes)


@transaction.atomic
def duplicate_resolve_in_transaction(
    *, duplicate: PersonDuplicate, actor: User, same_person: bool, lives_in: str = "", note: str = ""
) -> PersonDuplicate:
    """Resolve a pair: the same person living in ``lives_in`` (one of the pair's two subdistricts), or
    two different people. Both areas' results are recomputed after commit."""
    if not may_resolve(actor, duplicate):
        raise not_allowed(Action.PERSON_RESOLVE_DUPLICATE)
    locked = PersonDuplicate.objects.select_for_update().select_related("survey_round").get(pk=duplicate.pk)
    if same_person and lives_in not in (locked.first_tambon, locked.second_tambon):
        raise PovertyError(
            bi("เลือกพื้นที่ที่บุคคลนี้อาศัยอยู่จริง", "Choose the area this person lives in"),
            code=PovertyErrorCode.BAD_RESOLUTION,
        )
    before = _audit_values(locked)
    locked.status = DuplicateStatus.SAME_PERSON if same_person else DuplicateStatus.DIFFERENT_PEOPLE
    locked.lives_in = lives_in if same_person else ""
    locked.note = note.strip()
    locked.resolved_by = actor
    locked.resolved_at = timezone.now()
    locked.full_clean()
    locked.save()
    after = _audit_values(locked)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        area_code=locked.second_tambon,
        personal_data=True,
        note=locked.note,
    )
    survey_round = locked.survey_round
    tambons = (locked.first_tambon, locked.second_tambon)
    transaction.on_commit(lambda: recompute_areas(survey_round, tambons))
    duplicate.refresh_from_db()
    return locked


# The entry point pages and the API call, in its own durable transaction.
duplicate_resolve = transaction.atomic(durable=True)(duplicate_resolve_in_transaction)
