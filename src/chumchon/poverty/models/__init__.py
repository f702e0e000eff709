"""Poverty models, split by concept (engine: indicators, rounds; H6 appends its own imports below)."""

from chumchon.poverty.models.indicators import Dimension, DimensionCode, Indicator, IndicatorLevel, IndicatorSet
from chumchon.poverty.models.rounds import AreaPovertyResult, ResultLevel, RoundStatus, SurveyRound

__all__ = [
    "AreaPovertyResult",
    "Dimension",
    "DimensionCode",
    "Indicator",
    "IndicatorLevel",
    "IndicatorSet",
    "ResultLevel",
    "RoundStatus",
    "SurveyRound",
]

# H6: targets, Logbook, survey imports.
from chumchon.poverty.models.logbook import (
    CASE_TRANSITIONS,
    AssistanceRecord,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    HelpKind,
)
from chumchon.poverty.models.survey_imports import ImportStatus, SurveyImport
from chumchon.poverty.models.targets import (
    AdditionKind,
    AdditionReason,
    AdditionStatus,
    FieldAddition,
    VulnerableGroup,
)

__all__ += [
    "CASE_TRANSITIONS",
    "AdditionKind",
    "AdditionReason",
    "AdditionStatus",
    "AssistanceRecord",
    "Case",
    "CaseEvent",
    "CaseEventKind",
    "CaseStatus",
    "FieldAddition",
    "HelpKind",
    "ImportStatus",
    "SurveyImport",
    "VulnerableGroup",
]

# Issue 9: cross-area duplicates.
from chumchon.poverty.models.duplicates import DuplicateStatus, PersonDuplicate  # noqa: E402

__all__ += ["DuplicateStatus", "PersonDuplicate"]
