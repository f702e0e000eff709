"""Shared pieces of every API module: the error body and the documented error codes."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import field_validator


class ErrorOut(Schema):
    """Every error: ``{"detail": "ไทย / English"}`` (validation errors add ``errors``)."""

    detail: str
    errors: list[dict[str, Any]] | None = None


# Status codes each kind of endpoint may answer besides success; declare them so the OpenAPI
# schema documents every code the API can return.
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
LIST_ERRORS: dict[int, Any] = {401: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class InputSchema(Schema):
    """Base of every request body schema: text may not contain NUL, which PostgreSQL cannot store (422, not
    a server error; ``core.nul`` guards paths and query strings the same way)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("ข้อความมีอักขระ NUL ซึ่งใช้ไม่ได้ / text must not contain NUL characters")
        return value
