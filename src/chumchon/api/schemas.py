"""Shared pieces of every API module: the error body and the documented error codes."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import ConfigDict, field_validator, model_validator


class ErrorOut(Schema):
    """Every error: ``{"detail": "ไทย / English"}`` (validation errors add ``errors``)."""

    detail: str
    errors: list[dict[str, Any]] | None = None


# Status codes each kind of endpoint may answer besides success; declare them so the OpenAPI
# schema documents every code the API can return.
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
LIST_ERRORS: dict[int, Any] = {401: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


NO_NUL_PATTERN = "^[^\\x00]*$"


def _document_no_nul(schema: dict[str, Any]) -> None:
    """Say in the schema what ``InputSchema._no_nul`` enforces: free text never holds NUL (so a
    schema-valid body is never refused for it)."""

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string" and "pattern" not in node and "format" not in node:
                node["pattern"] = NO_NUL_PATTERN
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema.get("properties", {}))


class InputSchema(Schema):
    """Base of every request body schema: text may not contain NUL, which PostgreSQL cannot store (422, not
    a server error; ``core.nul`` guards paths and query strings the same way)."""

    # Unknown fields are refused, not silently dropped (a misspelt field would otherwise "succeed"
    # changing nothing); the schema says so too (``additionalProperties: false``).
    model_config = ConfigDict(extra="forbid", json_schema_extra=_document_no_nul)

    @model_validator(mode="before")
    @classmethod
    def _object_only(cls, value: Any) -> Any:
        """A request body is a JSON object of known fields: a list, a string, a number or null is
        refused (422), and so is a field the endpoint does not take, by name."""
        inner = getattr(value, "_obj", value)  # ninja hands the parsed body over wrapped (DjangoGetter)
        if not isinstance(inner, dict):
            raise ValueError("เนื้อหาคำขอต้องเป็นออบเจกต์ JSON / the request body must be a JSON object")
        known = set(cls.model_fields) | {f.alias for f in cls.model_fields.values() if f.alias}
        unknown = sorted(str(k) for k in inner if k not in known)
        if unknown:
            names = ", ".join(repr(k)[:80] for k in unknown[:10])
            raise ValueError(f"มีช่องข้อมูลที่ไม่รู้จัก: {names} / unknown field(s): {names}")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        texts = value if isinstance(value, list) else [value]  # a list of text too (an agenda)
        if any(isinstance(t, str) and "\x00" in t for t in texts):
            raise ValueError("ข้อความมีอักขระ NUL ซึ่งใช้ไม่ได้ / text must not contain NUL characters")
        return value


class BoundedPagination(LimitOffsetPagination):
    """ninja's limit/offset paging with documented upper bounds: an unbounded ``limit`` or ``offset``
    past a 64-bit integer reached the database and came back as a server error (Schemathesis)."""

    MAX_LIMIT = 1000
    MAX_OFFSET = 2**31 - 1

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000, description="rows per page (at most 1,000)")
        offset: int = Field(0, ge=0, le=2**31 - 1, description="rows to skip")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=self.MAX_LIMIT, **kwargs)
