"""Moving ApiToken into accounts and RoleAssignment.body into organizations keeps every row.

Migrates the three apps back to before the moves, writes rows with the historical models, migrates
forward again, and checks that every token still authenticates and every role keeps its body.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0001_initial"), ("organizations", "0001_initial"), ("api", "0001_initial")]
AFTER = [
    ("accounts", "0003_remove_roleassignment_body"),
    ("organizations", "0002_bodyroleassignment"),
    ("api", "0002_delete_apitoken"),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_tokens_and_role_bodies_survive_the_moves_and_moving_back() -> None:
    """One trip down and up (each trip re-runs every later migration, the slow part): rows written before the
    moves survive them, and a body link written after them is put back into the old column on the way down."""
    from chumchon.accounts.models import token_digest

    old = _migrate(BEFORE)
    User = old.get_model("accounts", "User")
    Body = old.get_model("organizations", "Body")
    RoleAssignment = old.get_model("accounts", "RoleAssignment")
    OldToken = old.get_model("api", "ApiToken")
    user = User.objects.create(username="script_owner", is_active=True)
    council = Body.objects.create(kind="tambon_council", name_th="สภาองค์กรชุมชนตำบลทดสอบ", scope_kind="nation")
    held = RoleAssignment.objects.create(user=user, role="tambon_council_secretary", scope_kind="nation", body=council)
    free = RoleAssignment.objects.create(user=user, role="tambon_council_member", scope_kind="nation")
    key = "cc_an-existing-key-made-before-the-move"
    token = OldToken.objects.create(user=user, name="nightly", prefix=key[:8], token_hash=token_digest(key))

    try:
        new = _migrate(AFTER)
        Link = new.get_model("organizations", "BodyRoleAssignment")
        assert list(Link.objects.values_list("assignment_id", "body_id")) == [(held.pk, council.pk)]
        assert not Link.objects.filter(assignment_id=free.pk).exists()
        NewToken = new.get_model("accounts", "ApiToken")
        assert list(NewToken.objects.values_list("pk", "token_hash")) == [(token.pk, token_digest(key))]

        # Moving back: a link made after the moves returns to RoleAssignment.body.
        member = new.get_model("accounts", "User").objects.create(username="member")
        fund = new.get_model("organizations", "Body").objects.create(
            kind="welfare_fund", name_th="กองทุนทดสอบ", scope_kind="nation"
        )
        seat = new.get_model("accounts", "RoleAssignment").objects.create(
            user=member, role="welfare_fund_committee", scope_kind="nation"
        )
        Link.objects.create(assignment_id=seat.pk, body_id=fund.pk)
        back = _migrate(BEFORE)
        assert back.get_model("accounts", "RoleAssignment").objects.get(pk=seat.pk).body_id == fund.pk
        assert back.get_model("accounts", "RoleAssignment").objects.get(pk=held.pk).body_id == council.pk
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    from chumchon.accounts.services import api_token_authenticate

    authenticated = api_token_authenticate(key)
    assert authenticated is not None and authenticated.username == "script_owner"
