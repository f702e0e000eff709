"""Disclosure control — the one module every public page, download and public API answer goes through.

Rules (issue 14, item 1):

* **Aggregates only.** Public answers are built from materialised area figures, programme and project
  rows and public bodies; nothing here ever reads a person, a household or a target list. As a second
  line of defence every public response body passes :func:`guard_text`, which refuses text holding a
  valid Thai national ID.
* **Small counts are suppressed.** A count of households or persons from 1 to
  ``settings.PUBLIC_MIN_COUNT - 1`` (default 5) is a *primary* suppression. A zero is published (it
  says nothing about anybody in particular).
* **Complementary (secondary) suppression**, so a hidden cell cannot be worked out by subtraction
  from the published table, its parent total and its children. A published table is described as a
  set of additive relations ``total = Σ parts`` (parent = Σ children at every level of the area tree;
  nation = Σ regions = Σ clusters; region = Σ its provinces; …). Two steps, repeated to a fixed point:

  1. *Heuristic* (the "simple heuristic" of sdcTable and of Hundepool et al.): every relation with
     exactly one hidden cell gets a second one — the smallest published non-zero part (a total only
     when no part is left).
  2. *Audit* (exact, linear algebra): with the published cells moved to the right-hand side, a hidden
     cell is recoverable exactly when its unit vector lies in the row space of the relations over the
     hidden cells, i.e. when the reduced row-echelon form holds the row ``e_i``. Relations chained
     across levels or across the two groupings (regions and clusters) can recover a cell the
     heuristic alone leaves exposed; each such cell gets one more complement and the audit runs again.

  Sources: A. Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, ch. 4 ("Magnitude
  tabular data" / "secondary cell suppression"); Eurostat, *Handbook on Statistical Disclosure Control*
  (ESSnet SDC, v1.2, 2010, §4.3 and §5.3, https://ec.europa.eu/eurostat/cros/system/files/SDC_Handbook.pdf);
  sdcTable's ``protectTable(method = "SIMPLEHEURISTIC")`` with its attacker-problem check
  (https://cran.r-project.org/package=sdcTable). Limits: the guarantee is against *exact* recovery
  from the published relations; bounds that an attacker can derive from non-negativity are not
  widened (no protection intervals).
* Ratios (H, M0) are published only when the counts they are made of are published.
* Every page says what was hidden and why (:class:`Note`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext as _

from chumchon.core.national_id import is_valid_national_id

PRIMARY = "primary"
SECONDARY = "secondary"


def min_count() -> int:
    """The threshold below which a count is not published (``CHUMCHON_PUBLIC_MIN_COUNT``, default 5)."""
    return int(getattr(settings, "PUBLIC_MIN_COUNT", 5))


def is_sensitive(value: int, threshold: int | None = None) -> bool:
    limit = min_count() if threshold is None else threshold
    return 0 < value < limit


@dataclass(frozen=True)
class Relation:
    """``total = Σ parts`` in one published table."""

    total: Hashable
    parts: tuple[Hashable, ...]


@dataclass
class Suppressed:
    """The outcome: which cells are hidden, and why."""

    values: dict[Hashable, int]
    hidden: dict[Hashable, str] = field(default_factory=dict)  # key -> PRIMARY | SECONDARY

    def value(self, key: Hashable) -> int | None:
        """The published value, or None when hidden (or unknown)."""
        if key in self.hidden:
            return None
        return self.values.get(key)

    def is_hidden(self, key: Hashable) -> bool:
        return key in self.hidden


def suppress(values: Mapping[Hashable, int], relations: Iterable[Relation], threshold: int | None = None) -> Suppressed:
    """Primary suppression of small counts, then complementary suppression to a fixed point."""
    limit = min_count() if threshold is None else threshold
    rels = [r for r in relations if r.parts]
    result = Suppressed(values=dict(values))
    for key, value in values.items():
        if is_sensitive(value, limit):
            result.hidden[key] = PRIMARY
    by_cell: dict[Hashable, list[int]] = defaultdict(list)
    for index, rel in enumerate(rels):
        for key in (rel.total, *rel.parts):
            by_cell[key].append(index)
    while True:
        changed = _heuristic(result, rels)
        exposed = _recoverable(result, rels)
        for key in exposed:
            changed |= _complement(result, rels, by_cell, key)
        if not exposed and not changed:
            return result
        if exposed and not changed:  # nothing left to hide around them (cannot happen with sums)
            return result


def _pick(result: Suppressed, rel: Relation) -> Hashable | None:
    """The complement in one relation: the smallest published non-zero part, else a zero part, else the total."""
    parts = [k for k in rel.parts if k not in result.hidden and k in result.values]
    for pool in ([k for k in parts if result.values[k] > 0], parts):
        if pool:
            return min(pool, key=lambda k: (result.values[k], str(k)))
    if rel.total not in result.hidden and rel.total in result.values:
        return rel.total
    return None


def _heuristic(result: Suppressed, rels: Sequence[Relation]) -> bool:
    changed = False
    again = True
    while again:
        again = False
        for rel in rels:
            cells = (rel.total, *rel.parts)
            if sum(1 for k in cells if k in result.hidden) == 1:
                pick = _pick(result, rel)
                if pick is not None:
                    result.hidden[pick] = SECONDARY
                    changed = again = True
    return changed


def _complement(
    result: Suppressed, rels: Sequence[Relation], by_cell: Mapping[Hashable, list[int]], key: Hashable
) -> bool:
    """Hide one more cell next to an exposed one: the smallest candidate among its relations."""
    candidates = [p for p in (_pick(result, rels[i]) for i in by_cell.get(key, ())) if p is not None]
    if not candidates:
        # Every neighbour is hidden already: widen to the relations of its hidden neighbours.
        for index in by_cell.get(key, ()):
            for other in (rels[index].total, *rels[index].parts):
                candidates += [p for p in (_pick(result, rels[i]) for i in by_cell.get(other, ())) if p is not None]
    if not candidates:
        return False
    pick = min(candidates, key=lambda k: (result.values[k], str(k)))
    result.hidden[pick] = SECONDARY
    return True


def _recoverable(result: Suppressed, rels: Sequence[Relation]) -> list[Hashable]:
    """Hidden cells whose value follows exactly from the published cells and the relations.

    Reduced row-echelon form over the hidden cells (exact fractions, sparse rows): a hidden cell i is
    determined iff some row of the RREF is the unit vector e_i.
    """
    hidden = result.hidden
    rows: list[dict[Hashable, Fraction]] = []
    for rel in rels:
        row: dict[Hashable, Fraction] = {}
        if rel.total in hidden:
            row[rel.total] = Fraction(1)
        for part in rel.parts:
            if part in hidden:
                row[part] = row.get(part, Fraction(0)) - 1
        row = {k: v for k, v in row.items() if v}
        if row:
            rows.append(row)
    pivots: dict[Hashable, dict[Hashable, Fraction]] = {}  # pivot column -> its (reduced) row
    for row in rows:
        # Reduce against existing pivots.
        for col in [c for c in row if c in pivots]:
            factor = row.get(col)
            if factor:
                for c, v in pivots[col].items():
                    nv = row.get(c, Fraction(0)) - factor * v
                    if nv:
                        row[c] = nv
                    else:
                        row.pop(c, None)
        if not row:
            continue
        col = min(row, key=str)
        lead = row[col]
        row = {c: v / lead for c, v in row.items()}
        # Eliminate the new pivot column from the earlier rows (keeps the form reduced).
        for other in pivots.values():
            factor = other.get(col)
            if factor:
                for c, v in row.items():
                    nv = other.get(c, Fraction(0)) - factor * v
                    if nv:
                        other[c] = nv
                    else:
                        other.pop(c, None)
        pivots[col] = row
    return sorted((col for col, row in pivots.items() if len(row) == 1), key=str)


# --- notes -----------------------------------------------------------------------------------------


@dataclass
class Note:
    """What a page or download hid, and why; shown on every public page."""

    primary: int = 0
    secondary: int = 0

    def add(self, suppressed: Suppressed, keys: Iterable[Hashable]) -> None:
        for key in keys:
            reason = suppressed.hidden.get(key)
            if reason == PRIMARY:
                self.primary += 1
            elif reason == SECONDARY:
                self.secondary += 1

    @property
    def any(self) -> bool:
        return bool(self.primary or self.secondary)

    def text(self) -> str:
        limit = min_count()
        base = _(
            "Figures are shown only as totals for areas; no household or person is named. "
            "Counts of fewer than %(n)s households or persons are hidden (shown as “—”)."
        ) % {"n": limit}
        if not self.any:
            return base + " " + _("Nothing on this page needed hiding.")
        return (
            base
            + " "
            + _(
                "On this page %(p)s figure(s) were hidden because they count fewer than %(n)s, and %(s)s more "
                "so that the hidden ones cannot be worked out by subtracting from totals."
            )
            % {"p": self.primary, "s": self.secondary, "n": limit}
        )

    def as_dict(self) -> dict[str, object]:
        return {"min_count": min_count(), "hidden_small": self.primary, "hidden_complementary": self.secondary}


# --- the last line of defence ------------------------------------------------------------------------

_THIRTEEN = re.compile(r"(?<!\d)(\d[\d\- ]{11,20}\d)(?!\d)")


class DisclosureError(RuntimeError):
    """A public answer was about to carry personal data."""


def national_ids_in(text: str) -> list[str]:
    """Valid Thai national IDs written in ``text`` (with or without dashes/spaces)."""
    found = []
    for match in _THIRTEEN.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        if len(digits) == 13 and is_valid_national_id(digits):
            found.append(digits)
    return found


def guard_text(text: str) -> str:
    """Refuse a public body holding a national ID; return it unchanged otherwise."""
    if national_ids_in(text):
        raise DisclosureError("a public answer held a national ID")
    return text
