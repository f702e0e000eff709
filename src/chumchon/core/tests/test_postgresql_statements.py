"""On PostgreSQL the connection binds parameters on the server and prepares repeated statements
(``chumchon.conf.postgresql_options``); deselected on SQLite (the ``postgres_only`` mark)."""

from __future__ import annotations

import pytest
from django.db import connection

from chumchon.areas.models import Area

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]


def test_parameters_bound_by_the_server() -> None:
    with connection.cursor() as cursor:
        assert type(cursor.cursor).__name__ == "ServerBindingCursor"
        cursor.execute("SELECT %s::text || %s::text", ["ตำบล", "'; --"])
        assert cursor.fetchone()[0] == "ตำบล'; --"


def test_a_repeated_statement_is_prepared_and_answers_the_same() -> None:
    Area.objects.create(code="99", level="province", name_th="ทดสอบ", name_en="Test")
    answers = [list(Area.objects.filter(code=code).values_list("name_th", flat=True)) for code in ("99", "98", "99")]
    assert answers == [["ทดสอบ"], [], ["ทดสอบ"]]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "areas_area"' in s and '"areas_area"."code" = $1' in s for s in prepared), prepared
