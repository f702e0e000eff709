"""core.access: the seam through which layers below accounts ask the permission module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from chumchon.accounts import permissions
from chumchon.accounts.permissions import PermissionPolicy
from chumchon.core import access
from chumchon.core.access import Action
from chumchon.core.dopa import prefix_end, prefix_q


@pytest.fixture
def closed() -> Iterator[None]:
    before = access.policy()
    access.register_policy(access._Closed())
    try:
        yield
    finally:
        access.register_policy(before)


def test_accounts_registers_the_deciding_policy() -> None:
    assert isinstance(access.policy(), PermissionPolicy)
    assert permissions.Action is Action  # one vocabulary, importable from either module


@pytest.mark.django_db
def test_without_a_policy_every_answer_is_no(closed: None, make_user: Any) -> None:
    from chumchon.areas.models import Area

    admin = make_user("national_admin", nation=True)
    assert not access.can(admin, Action.AREA_VIEW, "24")
    assert access.prefixes_for(admin, Action.AREA_VIEW) == frozenset()
    assert not access.scoped(Area.objects.all(), admin, Action.AREA_VIEW, "code").exists()
    with pytest.raises(Http404):
        access.require_read(admin, Action.AREA_VIEW, "24")
    with pytest.raises(PermissionDenied):
        access.require_write(admin, Action.AREA_EDIT, "24")


@pytest.mark.django_db
def test_the_seam_answers_what_the_permission_module_answers(make_user: Any) -> None:
    from chumchon.areas.models import Area

    secretary = make_user("tambon_council_secretary", area="240104")
    for action, target in [(Action.ORG_EDIT, "240104"), (Action.ORG_EDIT, "240105"), (Action.AUDIT_VIEW, "240104")]:
        assert access.can(secretary, action, target) is permissions.can(secretary, action, target)
    assert access.prefixes_for(secretary, Action.AREA_VIEW) == frozenset({"240104"})
    assert not access.is_national(secretary, Action.AREA_VIEW)
    codes = set(access.scoped(Area.objects.all(), secretary, Action.AREA_VIEW, "code").values_list("code", flat=True))
    assert codes == {"240104"}
    with pytest.raises(Http404):
        access.require_read(secretary, Action.AREA_VIEW, "240105")
    with pytest.raises(PermissionDenied, match=r"ไม่มีสิทธิ์.*not allowed"):
        access.require_write(secretary, Action.AREA_EDIT, "240104")
    assert access.admin_actions("areas.Area") == (Action.AREA_VIEW, Action.AREA_EDIT)


def test_acting_user_refuses_an_anonymous_request() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        access.acting_user(request)


def test_prefix_filter() -> None:
    assert prefix_q({""}) == prefix_q(("", "24"))  # the nation: no filter
    assert str(prefix_q(())) == str(prefix_q(frozenset()))
    assert "code__" in str(prefix_q({"24"}))
    assert prefix_end("24") == "25" and prefix_end("249") == "24:"
