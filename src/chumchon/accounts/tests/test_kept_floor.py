"""The signed-in floor kept between requests per data version (core.sessions, core.kept): what every
signed-in page pays before its own work — the user and their role assignments, the provinces' groupings,
the menu's "sees any job" — is read once and kept while the data versions read with the session stay
the same; a log-out, a changed role, a deactivated user, a moved province or a new job is seen by the
very next request.

Transactional: the data versions move only when a write commits. The kept copies live in this process
and nothing in the process drops them on a write (``core.kept`` has no listener): each request reads the
versions from the database with its session, exactly as another worker does, so what is seen here after
a write is what every worker sees.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chumchon.accounts import permissions
from chumchon.accounts.models import Role, RoleAssignment
from chumchon.areas.models import Area, CodiRegion, region_province_codes
from chumchon.core import dataversion, kept
from chumchon.core.access import Action
from chumchon.core.models import Job

pytestmark = pytest.mark.django_db(transaction=True)

ME = "/accounts/me/"


@pytest.fixture(autouse=True)
def _fresh() -> None:
    kept.forget_local()
    dataversion.bump(["core"])  # core's version exists, as on any database that ever ran a job


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(client: Client, path: str = ME) -> tuple[Any, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [q["sql"] for q in queries.captured_queries]


def unmasked(html: bytes) -> bytes:
    """The page without its CSRF tokens (masked afresh on every response)."""
    return re.sub(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', rb"\1", html)


def grants(response: Any) -> permissions.Grants:
    return permissions.grants_for(response.wsgi_request.user)


def test_the_second_request_reads_only_the_session_and_its_page(areas_loaded: None, make_user: Any) -> None:
    client = signed_in(make_user(Role.CODI_REGIONAL_STAFF, region="R5"))
    first, read_first = get(client)
    second, read_second = get(client)
    assert first.status_code == second.status_code == 200
    assert unmasked(first.content) == unmasked(second.content)
    # The session and the versions are one statement; nothing reads the versions on its own.
    assert not any(sql.lstrip().startswith('SELECT "app"') for sql in read_first + read_second)
    assert "django_session" in read_second[0] and "core_dataversion" in read_second[0]
    # Kept: the user with their assignments, the groupings and the jobs' EXISTS are not read again.
    joined = " ".join(read_second)
    assert '"accounts_user"' not in joined and '"core_job"' not in joined
    assert 'codi_region_id" > ' not in joined
    assert len(read_second) == len(read_first) - 3
    assert grants(second) == grants(first) and grants(second).prefixes(Action.PROJECT_SIGN)


def test_a_log_out_is_seen_at_once(areas_loaded: None, make_user: Any) -> None:
    client = signed_in(make_user(Role.CODI_REGIONAL_STAFF, region="R5"))
    assert get(client)[0].status_code == 200
    Session.objects.all().delete()  # as a log-out elsewhere: the sessions' writes move no version
    response, _ = get(client)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_changed_role_is_seen_by_the_next_request(areas_loaded: None, make_user: Any) -> None:
    user = make_user(Role.CODI_REGIONAL_STAFF, region="R5")
    client = signed_in(user)
    assert get(client)[0].status_code == 200
    before, _ = get(client)  # served from the kept copy
    assert grants(before).prefixes(Action.PROJECT_SIGN)

    assignment = RoleAssignment.objects.get(user=user)
    assignment.role = Role.TAMBON_COUNCIL_MEMBER
    assignment.save()
    after, _ = get(client)
    assert not grants(after).prefixes(Action.PROJECT_SIGN)
    assert grants(after).prefixes(Action.AREA_VIEW) == grants(before).prefixes(Action.AREA_VIEW)

    RoleAssignment.objects.filter(user=user).delete()
    gone, _ = get(client)
    assert gone.status_code == 200 and not grants(gone).by_action


def test_a_deactivated_user_is_signed_out_by_the_next_request(areas_loaded: None, make_user: Any) -> None:
    user = make_user(Role.CODI_REGIONAL_STAFF, region="R5")
    client = signed_in(user)
    assert get(client)[0].status_code == 200
    assert get(client)[0].status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response, _ = get(client)
    assert response.status_code == 302


def test_a_province_moved_to_another_region_is_seen_by_the_next_request(areas_loaded: None, make_user: Any) -> None:
    client = signed_in(make_user(Role.CODI_REGIONAL_STAFF, region="R5"))
    get(client)
    before, _ = get(client)
    province = Area.objects.get(code=region_province_codes(CodiRegion.objects.get(code="R5").pk)[0])
    assert province.code in grants(before).prefixes(Action.AREA_VIEW)

    province.codi_region = CodiRegion.objects.exclude(code="R5").first()
    province.save()
    after, _ = get(client)
    assert province.code not in grants(after).prefixes(Action.AREA_VIEW)
    assert grants(after).prefixes(Action.AREA_VIEW) < grants(before).prefixes(Action.AREA_VIEW)


def test_a_new_job_in_scope_shows_the_jobs_menu_entry_on_the_next_request(areas_loaded: None, make_user: Any) -> None:
    user = make_user(Role.CODI_REGIONAL_STAFF, region="R5")
    client = signed_in(user)
    get(client)
    assert b'id="nav-jobs"' not in get(client)[0].content  # kept: no job yet
    province = region_province_codes(CodiRegion.objects.get(code="R5").pk)[0]
    Job.objects.create(kind="test", area_code=province + "01")
    assert b'id="nav-jobs"' in get(client)[0].content
    Job.objects.all().delete()
    assert b'id="nav-jobs"' not in get(client)[0].content


def test_one_users_kept_floor_never_reaches_another(areas_loaded: None, make_user: Any) -> None:
    staff = signed_in(make_user(Role.CODI_REGIONAL_STAFF, region="R5"))
    secretary = signed_in(make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104"))
    for _ in range(2):
        a, _ = get(staff)
        b, _ = get(secretary)
        assert a.wsgi_request.user.pk != b.wsgi_request.user.pk
        assert grants(b).prefixes(Action.AREA_VIEW) == frozenset({"240104"})
        assert grants(a).prefixes(Action.AREA_VIEW) != grants(b).prefixes(Action.AREA_VIEW)


def test_each_request_gets_its_own_user_object(areas_loaded: None, make_user: Any) -> None:
    client = signed_in(make_user(Role.CODI_REGIONAL_STAFF, region="R5"))
    first, _ = get(client)
    first.wsgi_request.user.first_name = "changed in one request only"
    second, _ = get(client)
    assert second.wsgi_request.user is not first.wsgi_request.user
    assert second.wsgi_request.user.first_name != "changed in one request only"


def test_an_expired_session_is_no_session_and_the_plain_read_works_outside_a_request(
    areas_loaded: None, make_user: Any
) -> None:
    from django.utils import timezone

    from chumchon.core.sessions import SessionStore

    user = make_user(Role.CODI_REGIONAL_STAFF, region="R5")
    client = signed_in(user)
    key = client.session.session_key
    assert SessionStore(key).load()["_auth_user_id"] == str(user.pk)  # outside a request: Django's own read
    assert get(client)[0].status_code == 200
    Session.objects.filter(session_key=key).update(expire_date=timezone.now())
    assert get(client)[0].status_code == 302
    assert SessionStore(key).load() == {}
