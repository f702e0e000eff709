"""On PostgreSQL the connection binds parameters on the server and prepares repeated statements
(``chumchon.conf.postgresql_options``); skipped on SQLite."""

from __future__ import annotations

import pytest
from django.db import connection

from chumchon.areas.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


@pytest.mark.usefixtures("postgresql")
def test_parameters_bound_by_the_server() -> None:
    with connection.cursor() as cursor:
        assert type(cursor.cursor).__name__ == "ServerBindingCursor"
        cursor.execute("SELECT %s::text || %s::text", ["ตำบล", "'; --"])
        assert cursor.fetchone()[0] == "ตำบล'; --"


@pytest.mark.usefixtures("postgresql")
def test_a_repeated_statement_is_prepared_and_answers_the_same() -> None:
    Area.objects.create(code="99", level="province", name_th="ทดสอบ", name_en="Test")
    answers = [list(Area.objects.filter(code=code).values_list("name_th", flat=True)) for code in ("99", "98", "99")]
    assert answers == [["ทดสอบ"], [], ["ทดสอบ"]]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "areas_area"' in s and '"areas_area"."code" = $1' in s for s in prepared), prepared
