"""The codes the reports app's errors carry (messages stay "ไทย / English")."""

from enum import StrEnum


class ReportErrorCode(StrEnum):
    PUBLIC_NOT_FOR_KIND = "report.public_not_for_kind"
    AREA_LEVEL = "report.area_level"
    PROJECT_REQUIRED = "report.project_required"
