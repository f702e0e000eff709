"""Cross-area duplicates (บุคคลซ้ำข้ามพื้นที่): one national ID held by two areas of one survey round.

People move: a tambon's survey may list someone another tambon of the same round already holds.
The import does not refuse the file; it records a ``PersonDuplicate`` for each such pair of person
records (national ID, tambon and household on each side), and until a provincial officer resolves
it the person counts ONCE, in the record the round held first (``first_*``: the one already in the
store when the other was imported). The resolution decides afterwards:

* ``same_person`` with ``lives_in`` = the tambon the person lives in: the other record is left out of
  every count;
* ``different_people`` (an ID typed wrong in one area): both records count.

``excluded_records`` is what the engine leaves out: (national ID, tambon) of the second record of an
open pair and of the record not lived in of a same-person pair. Re-importing either area keeps the
pair and its resolution while both records are still there; a pair whose record is gone is removed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chumchon.poverty.models.rounds import SurveyRound


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("Waiting for resolution")
    SAME_PERSON = "same_person", _("Same person")
    DIFFERENT_PEOPLE = "different_people", _("Different people")


class PersonDuplicate(models.Model):
    survey_round = models.ForeignKey(
        SurveyRound, verbose_name=_("survey round"), on_delete=models.CASCADE, related_name="person_duplicates"
    )
    national_id = models.CharField(_("national ID"), max_length=13)
    first_tambon = models.CharField(_("first subdistrict"), max_length=6, db_index=True)
    first_household_id = models.CharField(_("first household"), max_length=64)
    second_tambon = models.CharField(_("second subdistrict"), max_length=6, db_index=True)
    second_household_id = models.CharField(_("second household"), max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN, db_index=True
    )
    # For a same-person resolution: the subdistrict the person lives in (first_tambon or second_tambon).
    lives_in = models.CharField(_("lives in"), max_length=6, blank=True)
    note = models.TextField(_("note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    created_at = models.DateTimeField(_("found"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("cross-area duplicate")
        verbose_name_plural = _("cross-area duplicates")
        constraints = [
            models.UniqueConstraint(
                fields=["survey_round", "national_id", "first_tambon", "second_tambon"],
                name="poverty_person_duplicate_unique_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(first_tambon=models.F("second_tambon")),
                name="poverty_person_duplicate_two_areas",
            ),
            models.CheckConstraint(
                condition=models.Q(status="same_person", lives_in=models.F("first_tambon"))
                | models.Q(status="same_person", lives_in=models.F("second_tambon"))
                | (~models.Q(status="same_person") & models.Q(lives_in="")),
                name="poverty_person_duplicate_lives_in_one_side",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_tambon}/{self.second_tambon} ({self.status})"

    @property
    def scope_codes(self) -> tuple[str, ...]:
        """Both sides; permission is asked per side (an officer of either province sees the pair)."""
        return (self.first_tambon, self.second_tambon)

    @property
    def excluded_tambon(self) -> str:
        """The side left out of counts ("" when both count)."""
        if self.status == DuplicateStatus.OPEN:
            return self.second_tambon
        if self.status == DuplicateStatus.SAME_PERSON:
            return self.second_tambon if self.lives_in == self.first_tambon else self.first_tambon
        return ""


def excluded_records(survey_round_id: int) -> list[tuple[str, str, str]]:
    """(national ID, tambon, household id) of every person record the round's counts leave out."""
    out = set()
    rows = PersonDuplicate.objects.filter(survey_round_id=survey_round_id).exclude(
        status=DuplicateStatus.DIFFERENT_PEOPLE
    )
    for d in rows:
        tambon = d.excluded_tambon
        household = d.first_household_id if tambon == d.first_tambon else d.second_household_id
        out.add((d.national_id, tambon, household))
    return sorted(out)
