"""Shared pieces of every API module: the error body and the documented error codes."""

from __future__ import annotations

import re
import types
from decimal import Decimal
from typing import Annotated, Any, Union, get_args, get_origin

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator, ConfigDict, WithJsonSchema, field_validator, model_validator

from chumchon.core.bilingual import bilingual


class ErrorOut(Schema):
    """Every error: ``{"detail": "ไทย / English"}`` (validation errors add ``errors``)."""

    detail: str
    errors: list[dict[str, Any]] | None = None


# Status codes each kind of endpoint may answer besides success; declare them so the OpenAPI
# schema documents every code the API can return.
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
LIST_ERRORS: dict[int, Any] = {401: ErrorOut, 422: ErrorOut}
# 409: the record's state does not allow the step (codes declared by the apps, ``core.errors``).
WRITE_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


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


class DecimalSpec:
    """A Decimal taken as a whole number in range or a string like ``"1234.50"`` (``int_digits`` digits
    before the point, ``places`` after) — never a binary float, which loses satang; ``schema``
    documents exactly what ``parse`` takes, so a schema-valid body always fits its column."""

    def __init__(self, int_digits: int, places: int, *, signed: bool = False, pattern: str = "", top: int = 0) -> None:
        sign = "-?" if signed else ""
        self.pattern = pattern or f"^{sign}[0-9]{{1,{int_digits}}}(\\.[0-9]{{1,{places}}})?$"
        self.top = top or 10**int_digits - 1
        self.low = -self.top if signed else 0
        self.wrong = bilingual(
            f"ต้องเป็นตัวเลขตั้งแต่ {self.low} ถึง {self.top} ทศนิยมไม่เกิน {places} ตำแหน่ง (จำนวนเต็มหรือข้อความ)",
            f"must be a number from {self.low} to {self.top} with at most {places} decimal places "
            "(an integer or a string)",
        )
        self.schema: dict[str, Any] = {
            "anyOf": [
                {"type": "integer", "minimum": self.low, "maximum": self.top},
                {"type": "string", "pattern": self.pattern},
            ]
        }

    def parse(self, value: Any) -> Decimal:
        if isinstance(value, Decimal):
            return value
        if isinstance(value, bool):
            raise ValueError(self.wrong)
        if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            if self.low <= value <= self.top:
                return Decimal(int(value))
        elif isinstance(value, str) and re.fullmatch(self.pattern, value):
            return Decimal(value)
        raise ValueError(self.wrong)


# Money and measures in request bodies, no bigger than their columns hold (max_digits, decimal_places).
_MONEY = DecimalSpec(14, 2)  # DecimalField(max_digits=16, decimal_places=2)
_MONEY14 = DecimalSpec(12, 2)  # max_digits=14
_FIGURE = DecimalSpec(14, 4, signed=True)  # max_digits=18, decimal_places=4
_TARGET = DecimalSpec(16, 2, signed=True)  # max_digits=18
Money = Annotated[Decimal, BeforeValidator(_MONEY.parse), WithJsonSchema(_MONEY.schema)]
Money14 = Annotated[Decimal, BeforeValidator(_MONEY14.parse), WithJsonSchema(_MONEY14.schema)]
Quantity = Money14
SignedFigure = Annotated[Decimal, BeforeValidator(_FIGURE.parse), WithJsonSchema(_FIGURE.schema)]
SignedTarget = Annotated[Decimal, BeforeValidator(_TARGET.parse), WithJsonSchema(_TARGET.schema)]


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


def _document_form(schema: dict[str, Any]) -> None:
    """A form field has no null: an optional field is left out. Say so (drop ``null`` from the choices),
    and state the no-NUL rule as ``InputSchema`` does."""
    for prop in schema.get("properties", {}).values():
        choices = prop.get("anyOf")
        if isinstance(choices, list) and {"type": "null"} in choices:
            rest = [c for c in choices if c != {"type": "null"}]
            del prop["anyOf"]
            if len(rest) == 1:
                prop.update(rest[0])
            else:
                prop["anyOf"] = rest
    _document_no_nul(schema)


class FormInput(Schema):
    """Base of the text fields of a multipart request (beside its files): every value arrives as text,
    so scalars are parsed as a form is ("true", "12.50"); text may not hold NUL, as ``InputSchema``."""

    model_config = ConfigDict(json_schema_extra=lambda schema: _document_form(schema))

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
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
