"""Indicator-set data files (``*.json``) and their idempotent loader ``indicator_sets_load``.

Each file holds one set: code, names, years, ``k`` ("1/3"), source, notes, ``dimensions`` (code and
exact weight) and ``indicators`` (number, code, texts, level, dimension or null, weight, threshold,
eligibility, verify). Loading twice changes nothing. Texts, thresholds and sources are refreshed
from the files, except the names and source of an indicator a national admin has since verified
(``verify`` cleared in the database while the file still says verify); the dimension mapping, the weights and k are set only when a row is first created
(they are a national admin's to edit afterwards) unless ``reset_weights=True``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from chumchon.core.jobs import Progress, SilentProgress, register_job
from chumchon.poverty.models import Dimension, DimensionCode, Indicator, IndicatorSet

DATA_DIR = Path(__file__).resolve().parent


def indicator_set_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.json"))


def indicator_sets_load(
    *, files: list[Path] | None = None, reset_weights: bool = False, progress: Progress | None = None
) -> dict[str, Any]:
    """Create or refresh the indicator sets from the data files; returns counts per set."""

    progress = progress or SilentProgress()
    files = files if files is not None else indicator_set_files()
    progress.set_total(len(files))
    report: dict[str, Any] = {}
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        k = Fraction(data.get("k", "1/3"))
        with transaction.atomic():
            iset, created = IndicatorSet.objects.get_or_create(
                code=data["code"],
                defaults={
                    "name_th": data["name_th"],
                    "year_from_be": data["year_from_be"],
                    "year_to_be": data["year_to_be"],
                    "k_num": k.numerator,
                    "k_den": k.denominator,
                },
            )
            iset.name_th, iset.name_en = data["name_th"], data.get("name_en", "")
            iset.year_from_be, iset.year_to_be = data["year_from_be"], data["year_to_be"]
            iset.source, iset.notes = data.get("source", ""), data.get("notes", "")
            if reset_weights:
                iset.k_num, iset.k_den = k.numerator, k.denominator
            iset.save()
            dims: dict[str, Dimension] = {}
            for order, d in enumerate(data["dimensions"]):
                DimensionCode(d["code"])  # unknown codes fail loudly
                dim, dim_created = Dimension.objects.get_or_create(
                    indicator_set=iset,
                    code=d["code"],
                    defaults={"weight_num": d["weight_num"], "weight_den": d["weight_den"], "order": order},
                )
                if reset_weights and not dim_created:
                    dim.weight_num, dim.weight_den, dim.order = d["weight_num"], d["weight_den"], order
                    dim.save()
                dims[d["code"]] = dim
            n_created = 0
            for row in data["indicators"]:
                texts = {
                    "code": row["code"],
                    "name_th": row["name_th"],
                    "name_en": row.get("name_en", ""),
                    "group_th": row.get("group_th", ""),
                    "level": row["level"],
                    "threshold_text": row.get("threshold_text", ""),
                    "threshold_value": Decimal(row["threshold_value"]) if row.get("threshold_value") else None,
                    "threshold_unit": row.get("threshold_unit", ""),
                    "eligibility": row.get("eligibility", ""),
                    "verify": bool(row.get("verify", False)),
                    "source": row.get("source", ""),
                }
                mapping = {
                    "dimension": dims[row["dimension"]] if row.get("dimension") else None,
                    "weight": int(row.get("weight", 1)),
                }
                ind = Indicator.objects.filter(indicator_set=iset, number=row["number"]).first()
                if ind is None:
                    Indicator.objects.create(indicator_set=iset, number=row["number"], **texts, **mapping)
                    n_created += 1
                    continue
                changes = dict(texts, **(mapping if reset_weights else {}))
                if not ind.verify and texts["verify"]:
                    # A national admin confirmed this indicator's texts (poverty.services.indicators):
                    # the file's placeholder does not overwrite them.
                    for kept in ("name_th", "name_en", "source", "verify"):
                        changes.pop(kept)
                if any(getattr(ind, f) != v for f, v in changes.items()):
                    for f, v in changes.items():
                        setattr(ind, f, v)
                    ind.save()
            report[iset.code] = {"created": created, "indicators_created": n_created}
        progress.advance(1, iset.code)
    return report


@register_job("poverty.indicator_sets_load", _("Load the indicator sets"))
def indicator_sets_load_job(*, progress: Progress, reset_weights: bool = False) -> dict[str, Any]:
    return indicator_sets_load(progress=progress, reset_weights=reset_weights)
