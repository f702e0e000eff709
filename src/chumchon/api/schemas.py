"""Shared pieces of every API module: the error body and the documented error codes."""

from __future__ import annotations

import re
import types
from decimal import Decimal
from typing import Annotated, Any, Union, get_args, get_origin

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator, ConfigDict, WithJsonSchema, field_validator, model_validator


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


def _decimal_pattern(max_digits: int, places: int, signed: bool) -> str:
    return rf"^{'-?' if signed else ''}[0-9]{{1,{max_digits - places}}}(\.[0-9]{{1,{places}}})?$"


def _decimal_parser(max_digits: int, places: int, signed: bool = False) -> Any:
    pattern = _decimal_pattern(max_digits, places, signed)

    def parse(value: Any) -> Any:
        if isinstance(value, Decimal):
            return value  # a default
        if not isinstance(value, str) or not re.match(pattern, value):
            raise ValueError(
                f"ต้องเป็นตัวเลขในรูปข้อความ ไม่เกิน {max_digits} หลัก ทศนิยม {places} ตำแหน่ง / "
                f"a number written as text, at most {max_digits} digits with {places} after the point"
            )
        return Decimal(value.strip())

    return BeforeValidator(parse)


def _decimal_schema(max_digits: int, places: int, signed: bool = False) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": _decimal_pattern(max_digits, places, signed)})


# Money and measures in request bodies: a decimal number written as text ("1500.50"), no bigger than its
# column holds, so what the schema allows the database can store; a JSON number is refused too (binary
# floats lose cents).
Money = Annotated[Decimal, _decimal_parser(16, 2), _decimal_schema(16, 2)]
Money14 = Annotated[Decimal, _decimal_parser(14, 2), _decimal_schema(14, 2)]
Quantity = Money14
SignedFigure = Annotated[Decimal, _decimal_parser(18, 4, True), _decimal_schema(18, 4, True)]
SignedTarget = Annotated[Decimal, _decimal_parser(18, 2, True), _decimal_schema(18, 2, True)]


def _strict_scalar(name: str, annotation: Any, raw: Any) -> None:
    """A true/false field takes JSON true or false and a whole-number field a JSON number without a
    fraction, as the schema says: pydantic would otherwise take 0, "yes" or "5" for them."""
    union = get_origin(annotation) in (Union, types.UnionType)  # "int | None", not "dict[str, int]"
    kinds = set(get_args(annotation)) if union else {annotation}
    if bool in kinds and not isinstance(raw, bool):
        raise ValueError(f"ช่อง {name} ต้องเป็น true หรือ false / field {name} must be true or false")
    whole = isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer())  # JSON Schema: 2.0 is an integer
    if int in kinds and bool not in kinds and (isinstance(raw, bool) or not whole):
        raise ValueError(f"ช่อง {name} ต้องเป็นจำนวนเต็ม / field {name} must be a whole number")


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
        for name, field in cls.model_fields.items():
            raw = inner.get(field.alias or name)
            if raw is not None:
                _strict_scalar(name, field.annotation, raw)
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


# A DOPA area code in a request: 2 (province) to 8 (village) digits; empty where the field is optional.
AREA_CODE = r"^([0-9]{2,8})?$"
