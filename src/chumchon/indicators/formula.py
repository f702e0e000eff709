"""Indicator formulas (สูตรตัวชี้วัด): a small safe language over measure names — no ``eval``.

    formula  := term (("+" | "-") term)*
    term     := factor (("*" | "/") factor)*
    factor   := number | measure | "(" formula ")" | "-" factor

``×`` ``÷`` ``−`` are accepted for ``*`` ``/`` ``-``. A measure is a registered name
(``indicators.measures``): letters, digits, ``_`` and ``.``. Evaluated per area, a measure missing for
an area counts 0; a division by zero gives no value for that area.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from chumchon.core.bilingual import bilingual
from chumchon.indicators.error_codes import IndicatorErrorCode
from chumchon.indicators.measures import is_known

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_.]*)|(.))")
_SYMBOLS = {"×": "*", "÷": "/", "−": "-", "+": "+", "-": "-", "*": "*", "/": "/", "(": "(", ")": ")"}


@dataclass(frozen=True)
class Num:
    value: Decimal


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class BinOp:
    op: str
    left: Node
    right: Node


Node = Num | Name | Neg | BinOp


def _syntax(detail_th: str, detail_en: str) -> ValidationError:
    return ValidationError(
        bilingual(f"สูตรไม่ถูกต้อง: {detail_th}", f"The formula is not valid: {detail_en}"),
        code=IndicatorErrorCode.FORMULA_SYNTAX,
    )


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        number, name, other = m.groups()
        if number is not None:
            out.append(("num", number))
        elif name is not None:
            out.append(("name", name))
        elif other is not None and other.strip():
            if other not in _SYMBOLS:
                raise _syntax(f"ไม่รู้จักเครื่องหมาย “{other}”", f"unknown sign “{other}”")
            out.append(("op", _SYMBOLS[other]))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise _syntax("สูตรจบก่อนครบ", "it ends too early")
        self.i += 1
        return tok

    def formula(self) -> Node:
        node = self.term()
        while (tok := self.peek()) is not None and tok in (("op", "+"), ("op", "-")):
            self.i += 1
            node = BinOp(tok[1], node, self.term())
        return node

    def term(self) -> Node:
        node = self.factor()
        while (tok := self.peek()) is not None and tok in (("op", "*"), ("op", "/")):
            self.i += 1
            node = BinOp(tok[1], node, self.factor())
        return node

    def factor(self) -> Node:
        kind, text = self.take()
        if kind == "num":
            return Num(Decimal(text))
        if kind == "name":
            return Name(text)
        if (kind, text) == ("op", "-"):
            return Neg(self.factor())
        if (kind, text) == ("op", "("):
            node = self.formula()
            if self.take() != ("op", ")"):
                raise _syntax("วงเล็บไม่ครบคู่", "a bracket is not closed")
            return node
        raise _syntax(f"ไม่คาดว่าจะพบ “{text}”", f"“{text}” was not expected here")


def parse(text: str) -> Node:
    tokens = _tokens(text)
    if not tokens:
        raise _syntax("ยังไม่ได้เขียนสูตร", "it is empty")
    parser = _Parser(tokens)
    node = parser.formula()
    if parser.peek() is not None:
        raise _syntax(f"มีส่วนเกินท้ายสูตร “{parser.peek()[1]}”", f"something is left over: “{parser.peek()[1]}”")  # type: ignore[index]
    return node


def names_in(node: Node) -> set[str]:
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Neg):
        return names_in(node.operand)
    if isinstance(node, BinOp):
        return names_in(node.left) | names_in(node.right)
    return set()


def check(text: str) -> Node:
    """Parse ``text`` and refuse a measure nobody registered (bilingual ValidationError)."""
    node = parse(text)
    unknown = sorted(n for n in names_in(node) if not is_known(n))
    if unknown:
        listed = ", ".join(unknown)
        raise ValidationError(
            bilingual(f"สูตรอ้างถึงตัวนับที่ไม่มีในระบบ: {listed}", f"The formula refers to an unknown measure: {listed}"),
            code=IndicatorErrorCode.UNKNOWN_MEASURE,
        )
    return node


def evaluate(node: Node, values: Callable[[str], Mapping[str, Decimal]]) -> dict[str, Decimal]:
    """The formula's value per area: ``values(name)`` gives a measure's {area code: value}."""
    cache: dict[str, Mapping[str, Decimal]] = {}

    def get(name: str) -> Mapping[str, Decimal]:
        if name not in cache:
            cache[name] = values(name)
        return cache[name]

    areas: set[str] = set()
    for name in names_in(node):
        areas.update(get(name))
    out: dict[str, Decimal] = {}
    for area in sorted(areas):
        result = _eval_one(node, area, get)
        if result is not None:
            out[area] = result
    return out


def _eval_one(node: Node, area: str, get: Callable[[str], Mapping[str, Decimal]]) -> Decimal | None:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        return get(node.name).get(area, Decimal(0))
    if isinstance(node, Neg):
        inner = _eval_one(node.operand, area, get)
        return None if inner is None else -inner
    left = _eval_one(node.left, area, get)
    right = _eval_one(node.right, area, get)
    if left is None or right is None:
        return None
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if right == 0:
        return None
    try:
        return left / right
    except InvalidOperation:
        return None
