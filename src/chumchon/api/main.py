"""The JSON API (ส่วนเชื่อมต่อโปรแกรม) at /api/, with its OpenAPI schema at /api/openapi.json.

Each topic is a module in this package exposing ``router`` (a ``ninja.Router``) and optionally
``PREFIX`` (default ``/<module name>``); every such module is mounted here. Errors are JSON
``{"detail": "ไทย / English"}``: out-of-scope reads answer 404, out-of-scope writes 403.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from chumchon.api.auth import API_AUTH
from chumchon.core.errors import is_conflict

# Modules of this package that are not routers.
_NOT_ROUTERS = frozenset({"main", "urls", "models", "services", "selectors", "schemas", "auth", "apps", "admin"})

api = NinjaAPI(
    title="Chumchon API",
    version="1",
    description=(
        "API ของระบบชุมชน: ข้อมูลพื้นที่ องค์กร ผลความยากจนรายพื้นที่ และข้อมูลอื่นตามสิทธิ์ของผู้ใช้ / "
        "Chumchon API: areas, bodies, poverty figures per area and more, always narrowed to the caller's scope. "
        "Authenticate with the browser session (writes need the CSRF token) or "
        "`Authorization: Bearer <key>`."
    ),
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(request: HttpRequest, status: int, detail: str, errors: list[Any] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "ไม่พบข้อมูล / Not found")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or "ไม่มีสิทธิ์ / Forbidden")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "ต้องเข้าสู่ระบบ / Authentication required")


@api.exception_handler(DjangoValidationError)
def _invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [{"field": f, "messages": [str(m) for m in ms]} for f, ms in exc.message_dict.items()]
        detail = "; ".join(f"{e['field']}: {' '.join(e['messages'])}" for e in errors)
        return _error(request, 400, detail, errors)
    status = 409 if is_conflict(exc) else 400
    return _error(request, status, " ".join(str(m) for m in exc.messages))


@api.exception_handler(NinjaValidationError)
def _unprocessable(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = list(exc.errors)
    # Our own refusals (a body that is not an object, an unknown field, NUL in text) are already
    # bilingual: they make the detail, so the caller reads the reason without digging in ``errors``.
    reasons = [str(e.get("msg", "")).removeprefix("Value error, ") for e in errors if isinstance(e, dict)]
    own = [r for r in dict.fromkeys(reasons) if " / " in r]
    detail = "ข้อมูลที่ส่งมาไม่ถูกต้อง / Invalid request data"
    return _error(request, 422, f"{detail}: {'; '.join(own)}" if own else detail, errors)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = str(exc)
    if exc.status_code == 400 and detail == "Cannot parse request body":  # ninja's words for a body not JSON
        detail = "อ่านเนื้อหาคำขอไม่ได้: ต้องเป็น JSON / Cannot parse request body: it must be JSON"
    return _error(request, exc.status_code, detail)


def _mount_routers() -> None:
    import chumchon.api as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.ispkg or info.name in _NOT_ROUTERS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"chumchon.api.{info.name}")
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(getattr(module, "PREFIX", f"/{info.name}"), router)


_mount_routers()
