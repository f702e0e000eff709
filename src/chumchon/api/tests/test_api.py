"""The API: authentication (session + CSRF, bearer tokens), JSON errors, docs served locally."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chumchon.accounts.models import ApiToken, Role
from chumchon.accounts.services import api_token_create, api_token_revoke
from chumchon.areas.models import Area
from chumchon.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_unauthenticated_calls_get_401_json() -> None:
    r = Client().get("/api/areas/24")
    assert r.status_code == 401
    assert r.json() == {"detail": "ต้องเข้าสู่ระบบ / Authentication required"}


def test_session_write_needs_csrf(make_user: Any) -> None:
    user = make_user(Role.NATIONAL_ADMIN, nation=True)
    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    url = "/api/areas/240104"
    r = c.patch(url, data=json.dumps({"name_en": "Khlong Na X"}), content_type="application/json")
    assert r.status_code == 403
    assert Area.objects.get(code="240104").name_en != "Khlong Na X"
    assert not AuditEvent.objects.exists()
    # With the CSRF cookie and header, as the browser's htmx sends it, the write goes through.
    c.get("/areas/240104/")
    token = c.cookies["csrftoken"].value
    r = c.patch(
        url, data=json.dumps({"name_en": "Khlong Na X"}), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert r.status_code == 200, r.content
    assert r.json()["name_en"] == "Khlong Na X"
    event = AuditEvent.objects.get(model_label="areas.area")
    assert event.actor == user and event.changes["name_en"][1] == "Khlong Na X"


def test_bearer_token_authenticates_without_csrf(make_user: Any) -> None:
    user = make_user(Role.NATIONAL_ADMIN, area="24")
    token, key = api_token_create(user=user, name="script", actor=user)
    assert key.startswith("cc_") and token.prefix == key[:8]
    assert key not in json.dumps(AuditEvent.objects.get(model_label="accounts.apitoken").changes)
    c = Client(enforce_csrf_checks=True)
    headers = {"Authorization": f"Bearer {key}"}
    assert c.get("/api/areas/2401", headers=headers).status_code == 200
    assert c.get("/api/areas/25", headers=headers).status_code == 404
    r = c.patch(
        "/api/areas/2401", data=json.dumps({"name_en": "Mueang"}), content_type="application/json", headers=headers
    )
    assert r.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_expired_and_unknown_tokens_are_refused(make_user: Any) -> None:
    user = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    token, key = api_token_create(user=user, name="old", actor=user)
    _, key2 = api_token_create(user=user, name="short", actor=user, expires_at=timezone.now() + dt.timedelta(hours=1))
    ApiToken.objects.filter(name="short").update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    api_token_revoke(token=token, actor=user)
    c = Client()
    for k in (key, key2, "cc_nonsense"):
        assert c.get("/api/areas/240104", headers={"Authorization": f"Bearer {k}"}).status_code == 401


def test_token_for_someone_else_is_refused(make_user: Any) -> None:
    from django.core.exceptions import PermissionDenied

    a = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    b = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    with pytest.raises(PermissionDenied):
        api_token_create(user=b, name="x", actor=a)
    assert not ApiToken.objects.exists()


def test_validation_errors_are_json_with_detail(make_user: Any) -> None:
    c = Client()
    c.force_login(make_user(Role.NATIONAL_ADMIN, nation=True))
    r = c.patch("/api/areas/240104", data=json.dumps({"name_th": ""}), content_type="application/json")
    assert r.status_code == 422
    body = r.json()
    assert " / " in body["detail"] and body["errors"]
    r = c.get("/api/bodies/not-a-number")
    assert r.status_code == 422
    assert c.get("/api/areas/99999999").status_code == 404


def test_nul_characters_never_reach_the_database(make_user: Any) -> None:
    """PostgreSQL cannot store NUL, so no stored text holds one: a search for it finds nothing, a code
    holding one is not found, JSON text holding one is a 422 and a page refuses it (400), never a 500."""
    c = Client()
    admin = make_user(Role.NATIONAL_ADMIN, nation=True)
    c.force_login(admin)
    for url in ("/api/bodies?kind=%0F%00x", "/api/bodies?q=a%00", "/api/areas?q=24%00"):
        r = c.get(url)
        assert r.status_code == 200 and r.json() in ([], {"items": [], "count": 0}), url
    assert c.get("/api/areas?q=24").json()  # the same search without NUL finds Chachoengsao
    assert c.get("/api/areas/24%0001").status_code == 404
    r = c.patch("/api/areas/240104", data=json.dumps({"name_en": "a\u0000b"}), content_type="application/json")
    assert r.status_code == 422 and "NUL" in json.dumps(r.json(), ensure_ascii=False)
    assert "\x00" not in Area.objects.get(code="240104").name_en
    page = c.get("/areas/24?q=%00")
    assert page.status_code == 400 and "NUL" in page.content.decode()


def test_paging_bounds_are_documented_and_enforced(make_user: Any) -> None:
    """A limit or offset too big for the database is a documented 422, not a server error."""
    c = Client()
    c.force_login(make_user(Role.NATIONAL_ADMIN, nation=True))
    for query in ("limit=3264078944541957160960", "offset=99999999999999999999999", "limit=1001", "limit=0"):
        r = c.get(f"/api/bodies?{query}")
        assert r.status_code == 422, query
        assert " / " in r.json()["detail"]
    assert c.get("/api/bodies?limit=1000&offset=2147483647").json() == {"items": [], "count": 0}
    params = {
        p["name"]: p["schema"] for p in c.get("/api/openapi.json").json()["paths"]["/api/bodies"]["get"]["parameters"]
    }
    assert params["limit"]["maximum"] == 1000 and params["offset"]["maximum"] == 2**31 - 1


def test_area_lookup_by_name_is_scoped(make_user: Any) -> None:
    c = Client()
    c.force_login(make_user(Role.CDD_PROVINCIAL_OFFICER, area="24"))
    found = c.get("/api/areas", {"q": "คลองนา"}).json()
    assert [a["code"] for a in found] == ["240104"]
    assert found[0]["parent_code"] == "2401"
    home = c.get("/api/areas").json()
    assert [a["code"] for a in home] == ["24"]
    assert home[0]["codi_region"] == "R5" and home[0]["cluster"] == "C08"


def test_openapi_documents_every_error_code() -> None:
    schema = Client().get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    paths = schema["paths"]
    for path in (
        "/api/areas",
        "/api/areas/{code}",
        "/api/areas/{code}/children",
        "/api/bodies",
        "/api/bodies/{body_id}",
    ):
        assert path in paths, path
    assert set(paths["/api/areas/{code}"]["patch"]["responses"]) >= {"200", "400", "401", "403", "404", "422"}
    assert set(paths["/api/areas/{code}"]["get"]["responses"]) >= {"200", "401", "404"}


def test_docs_page_uses_only_local_static() -> None:
    c = Client()
    r = c.get("/api/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "swagger" in html.lower()
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs, "the docs page should load Swagger UI files"
    assert all(ref.startswith("/static/") for ref in refs), refs
    # No remote host anywhere (a random CSRF token may contain any letters, so look for URLs, not words).
    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE), "remote URL in docs page"
    for ref in refs:
        if ref.endswith(".js"):
            assert c.get(ref).status_code == 200, ref


def test_patch_out_of_scope_is_404_like_missing_and_a_non_object_body_is_refused(make_user: Any) -> None:
    """A write to an object outside the user's scope answers as for one that does not exist (404), as
    pages do; a PATCH whose body is not a JSON object changes nothing and is refused (422)."""
    from chumchon.organizations.models import Body, BodyKind

    c = Client()
    c.force_login(make_user(Role.NATIONAL_ADMIN, area="24"))
    patch = {"data": json.dumps({"name_en": "X"}), "content_type": "application/json"}
    assert c.patch("/api/areas/25", **patch).status_code == 404  # Prachin Buri: outside the scope
    assert c.patch("/api/areas/99999999", **patch).status_code == 404  # missing
    assert Area.objects.get(code="25").name_en != "X"
    other = Body.objects.create(kind=BodyKind.COMMUNITY_ORGANISATION, name_th="องค์กรนอกพื้นที่", area_id="25")
    assert c.patch(f"/api/bodies/{other.pk}", **patch).status_code == 404
    assert c.patch("/api/bodies/99999999", **patch).status_code == 404
    # Visible but not changeable stays 403 with the reason.
    member = Client()
    member.force_login(make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104"))
    assert member.patch("/api/areas/240104", **patch).status_code == 403
    before = Area.objects.get(code="240104").name_en
    for raw in ("[]", '"name"', "1", "null", "[1, 2]", "true", "not json"):
        for url in ("/api/areas/240104", f"/api/bodies/{other.pk}"):
            r = c.patch(url, data=raw, content_type="application/json")
            assert r.status_code in (400, 422), (url, raw, r.status_code)
            assert " / " in r.json()["detail"]
    # Unknown fields are refused by name, in both languages, and change nothing.
    for url in ("/api/areas/240104", f"/api/bodies/{other.pk}"):
        r = c.patch(url, data=json.dumps({"name_en": "Y", "nmae_th": "ผิด"}), content_type="application/json")
        assert r.status_code == 422, (url, r.status_code)
        assert "ช่องข้อมูลที่ไม่รู้จัก" in r.json()["detail"] and "unknown field(s): 'nmae_th'" in r.json()["detail"]
    assert Area.objects.get(code="240104").name_en == before
