"""Schemathesis against /api/openapi.json (GET endpoints): no server errors, no undocumented status
codes, responses match their schemas. Runs in-process through Django's WSGI app."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from chumchon.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_test_connection() -> Any:
    """The raw WSGI app closes the DB connection after each request (Django's test client stops
    that); the test transaction must survive, as it does for the test client."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_key(make_user: Any) -> str:
    from chumchon.accounts.services import api_token_create

    user = make_user(Role.CDD_DISTRICT_OFFICER, area="2401")
    return api_token_create(user=user, name="schemathesis", actor=user)[1]


# Loaded at import: the schema view needs no database (from_fixture does not work with pytest 9).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application()).include(method="GET")


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("CHUMCHON_API_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_get_endpoints_conform(case: Any, api_key: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {api_key}"})
