"""Survey imports as shown: a preview of the uploaded files and the stored error report."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, grants_for
from chumchon.areas.selectors import prefix_q
from chumchon.core import tabular
from chumchon.core.national_id import mask_national_id, mask_national_ids_in_text
from chumchon.core.tabular import ColumnSpec
from chumchon.poverty.imports.columns import specs_for
from chumchon.poverty.models import SurveyImport


def imports_for(user: User | AnonymousUser) -> QuerySet[SurveyImport]:
    """The imports a user may see: in their SURVEY_IMPORT scope (national imports: national users only)."""
    prefixes = grants_for(user).prefixes(Action.SURVEY_IMPORT)
    qs = SurveyImport.objects.select_related("survey_round", "created_by")
    if not prefixes:
        return qs.none()
    return qs if "" in prefixes else qs.filter(prefix_q(prefixes, "area_code")).exclude(area_code="")


@dataclass
class FilePreview:
    key: str
    filename: str
    format: str
    encoding: str
    headers: list[str]
    rows: list[dict[str, Any]]
    specs: list[ColumnSpec]
    mapping: dict[str, str]


def _masked_cell(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    masked = mask_national_ids_in_text(text)
    return value if masked == text else masked


def survey_import_preview(survey_import: SurveyImport, *, rows: int = 5, show_ids: bool = True) -> list[FilePreview]:
    """The first rows of each file with the detected encoding and the current mapping; national IDs
    masked unless ``show_ids`` (the viewer holds PERSON_VIEW_ID): the mapped national-ID column
    whatever it holds, and any 13-digit number in any other cell."""
    specs = specs_for(survey_import.survey_round)
    out = []
    for key, field, filename in (
        ("households", survey_import.household_file, survey_import.household_filename),
        ("persons", survey_import.person_file, survey_import.person_filename),
    ):
        table = tabular.open_tabular(field.path, filename=filename)
        sample = [r for _, r in table.preview(rows)]
        if not show_ids:
            id_column = survey_import.mapping.get(key, {}).get("national_id", "")
            sample = [
                {
                    h: (mask_national_id(str(v)) if h == id_column and v not in (None, "") else _masked_cell(v))
                    for h, v in r.items()
                }
                for r in sample
            ]
        out.append(
            FilePreview(
                key=key,
                filename=filename,
                format=table.format,
                encoding=table.encoding,
                headers=table.headers,
                rows=sample,
                specs=specs[key],
                mapping=dict(survey_import.mapping.get(key, {})),
            )
        )
    return out


def error_rows(survey_import: SurveyImport, *, show_ids: bool = True) -> list[list[str]]:
    """The stored error report's rows (for the page and the downloads); national IDs quoted in them
    masked unless ``show_ids`` (the viewer holds PERSON_VIEW_ID)."""

    if not survey_import.error_report:
        return []
    with survey_import.error_report.open("rb") as handle:
        text = handle.read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    if not show_ids:
        rows = [[mask_national_ids_in_text(cell) for cell in row] for row in rows]
    return rows
