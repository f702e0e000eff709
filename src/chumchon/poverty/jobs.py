"""Poverty's background jobs, registered with ``core.jobs`` on import (workers discover each app's ``jobs``).

``poverty.recompute`` (the engine), ``poverty.indicator_sets_load`` (the indicator sets) and
``poverty.import`` (survey imports) are defined beside the code they run.
"""

from chumchon.poverty import engine, indicators_data
from chumchon.poverty.imports import job as survey_import_job

__all__ = ["engine", "indicators_data", "survey_import_job"]
