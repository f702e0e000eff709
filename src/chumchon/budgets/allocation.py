"""Fair allocation (หลักเกณฑ์การกระจายงบประมาณอย่างทั่วถึงและเป็นธรรม — seed 001): the formula.

A parent amount T (whole baht) is split among n children by a transparent formula:

    raw_i = T · [ w_base · p_i / Σ p  +  Σ_k w_k · f_k(i) / Σ_j f_k(j) ]   (weights normalised to Σ = 1)

where p_i is the number of provinces child i stands for (1 for a province or tambon), so the
equal part is equal per province whichever grouping it passes through, with features f_k: ``population`` (households of the latest ready survey round; proxy: the number
of tambons when no round has been computed), ``tambons`` (number of subdistricts), ``poor``
(target poor households), ``intensity`` (Alkire–Foster M0 × households = S/W, the score-weighted
poor households, which is additive) and ``absorption`` (disbursed ÷ allocated of the same
programme code in the previous fiscal year). A feature that is zero everywhere is shared equally,
so a missing data source never silently drops its weight.

Floors and caps (whole baht per province, scaled by the number of provinces below a node) are
applied by clamping and redistributing the rest proportionally among the unclamped: the result is
x_i = clamp(λ·raw_i, floor_i, cap_i) with the one λ that makes Σ x_i = T, found exactly on the
piecewise-linear sum (this is the fixed point of "clamp, redistribute, repeat"). Whole baht come
from the largest-remainder (Hamilton) method: floor every share, then give the remaining baht one
by one to the largest fractional parts (ties: lower code first), so the parts sum exactly to T and
integer floors and caps still hold. All arithmetic is Fraction; nothing passes through float.

The split is hierarchical: region → cluster → province (→ tambon), each level splitting its
parent's whole-baht amount, so every level sums exactly to its parent. Each line keeps its terms
(the contribution of each weight, the clamp adjustment and the rounding), which add up exactly to
its amount.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

FEATURES = ("population", "tambons", "poor", "intensity", "absorption")
FEATURE_LABELS = {
    "base": ("Equal share", "ส่วนแบ่งเท่ากัน"),
    "population": ("Households", "จำนวนครัวเรือน"),
    "tambons": ("Number of tambons", "จำนวนตำบล"),
    "poor": ("Target poor households", "ครัวเรือนยากจนเป้าหมาย"),
    "intensity": ("Poverty intensity (M0 × households)", "ความรุนแรงของความยากจน (M0 × ครัวเรือน)"),
    "absorption": ("Past absorption (disbursed ÷ allocated, previous FY)", "อัตราการเบิกจ่ายปีก่อน"),
    "clamp": ("Floor/cap adjustment", "ปรับตามขั้นต่ำ/เพดาน"),
    "rounding": ("Rounding to whole baht", "ปัดเศษเป็นบาท"),
}
TERM_ORDER = ("base", *FEATURES, "clamp", "rounding")


class FormulaError(ValueError):
    pass


def _fraction(value: Any, name: str) -> Fraction:
    if isinstance(value, float):
        raise FormulaError(f"{name}: use a decimal string, not a float / ใช้ข้อความทศนิยม ไม่ใช่ float")
    try:
        result = Fraction(str(value)) if not isinstance(value, Fraction) else value
    except (ValueError, ZeroDivisionError):
        raise FormulaError(f"{name}: not a number / ไม่ใช่ตัวเลข: {value!r}") from None
    if result < 0:
        raise FormulaError(f"{name}: must not be negative / ต้องไม่ติดลบ")
    return result


@dataclass(frozen=True)
class FormulaParams:
    """The formula of a scenario; stored in ``Allocation.params`` as JSON with decimal strings."""

    base: Fraction = Fraction(1, 2)
    weights: Mapping[str, Fraction] = field(default_factory=lambda: {"population": Fraction(1, 2)})
    floor: int = 0  # whole baht per province
    cap: int | None = None  # whole baht per province; None = no cap
    down_to: str = "province"  # or "tambon"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FormulaParams:
        if not data:
            return cls()
        weights = {k: _fraction(v, k) for k, v in dict(data.get("weights") or {}).items() if k in FEATURES}
        unknown = set(dict(data.get("weights") or {})) - set(FEATURES)
        if unknown:
            raise FormulaError(f"unknown weights / น้ำหนักที่ไม่รู้จัก: {', '.join(sorted(unknown))}")
        base = _fraction(data.get("base", "0"), "base")
        if base + sum(weights.values(), Fraction(0)) == 0:
            raise FormulaError("all weights are zero / น้ำหนักทั้งหมดเป็นศูนย์")
        floor = _fraction(data.get("floor") or 0, "floor")
        cap = data.get("cap")
        cap_f = _fraction(cap, "cap") if cap not in (None, "") else None
        if floor.denominator != 1 or (cap_f is not None and cap_f.denominator != 1):
            raise FormulaError("floor and cap are whole baht / ขั้นต่ำและเพดานต้องเป็นจำนวนเต็มบาท")
        if cap_f is not None and cap_f < floor:
            raise FormulaError("the cap is below the floor / เพดานต่ำกว่าขั้นต่ำ")
        down_to = str(data.get("down_to") or "province")
        if down_to not in ("province", "tambon"):
            raise FormulaError("down_to must be province or tambon")
        return cls(base, weights, int(floor), int(cap_f) if cap_f is not None else None, down_to)

    def to_json(self) -> dict[str, Any]:
        return {
            "base": _dec_str(self.base),
            "weights": {k: _dec_str(v) for k, v in self.weights.items() if v},
            "floor": self.floor,
            "cap": self.cap,
            "down_to": self.down_to,
        }

    def normalised(self) -> tuple[Fraction, dict[str, Fraction]]:
        total = self.base + sum(self.weights.values(), Fraction(0))
        return self.base / total, {k: v / total for k, v in self.weights.items() if v}


def _dec_str(value: Fraction) -> str:
    """A Fraction as a decimal string (exact when it terminates; else 12 places)."""
    d = Decimal(value.numerator) / Decimal(value.denominator)
    return format(d.normalize(), "f") if d == d.to_integral_value() or len(str(d)) < 20 else format(round(d, 12), "f")


@dataclass
class Item:
    """One child in a split: its key, features, and the number of provinces it stands for."""

    key: str
    features: Mapping[str, Fraction]
    leaves: int = 1


@dataclass
class Share:
    key: str
    amount: int
    exact: Fraction
    terms: dict[str, Fraction]


def _clamp(x: Fraction, low: Fraction, high: Fraction | None) -> Fraction:
    if x < low:
        return low
    if high is not None and x > high:
        return high
    return x


def clamp_proportional(
    total: Fraction, raw: Sequence[Fraction], floors: Sequence[Fraction], caps: Sequence[Fraction | None]
) -> list[Fraction]:
    """x_i = clamp(λ·raw_i, floor_i, cap_i) with Σ x_i = total, exactly (λ ≥ 0)."""
    n = len(raw)
    if sum(floors, Fraction(0)) > total:
        raise FormulaError("the floors exceed the amount / ขั้นต่ำรวมเกินวงเงิน")
    if all(c is not None for c in caps) and sum((c for c in caps if c is not None), Fraction(0)) < total:
        raise FormulaError("the caps are below the amount / เพดานรวมต่ำกว่าวงเงิน")
    if all(r == 0 for r in raw):
        raw = [Fraction(1)] * n  # nothing to weigh by: split equally

    def g(lam: Fraction) -> Fraction:
        return sum((_clamp(lam * r, f, c) for r, f, c in zip(raw, floors, caps, strict=True)), Fraction(0))

    points = {Fraction(0)}
    for r, f, c in zip(raw, floors, caps, strict=True):
        if r > 0:
            points.add(f / r)
            if c is not None:
                points.add(c / r)
    ordered = sorted(points)
    bounds: list[tuple[Fraction, Fraction | None]] = list(itertools.pairwise(ordered))
    bounds.append((ordered[-1], None))  # beyond the last breakpoint only uncapped items still grow
    for lo, hi in bounds:
        if hi is not None and g(hi) < total:
            continue
        # On (lo, hi) every item is either pinned at a bound or proportional: solve the linear piece.
        mid = (lo + hi) / 2 if hi is not None else lo + 1
        pinned = Fraction(0)
        slope = Fraction(0)
        for r, f, c in zip(raw, floors, caps, strict=True):
            v = mid * r
            if v <= f:
                pinned += f
            elif c is not None and v >= c:
                pinned += c
            else:
                slope += r
        if slope == 0 and g(lo) != total:
            break
        lam = lo if slope == 0 else (total - pinned) / slope
        result = [_clamp(lam * r, f, c) for r, f, c in zip(raw, floors, caps, strict=True)]
        if sum(result, Fraction(0)) == total:
            return result
        break
    # Only reachable when zero-raw items are pinned at their floors while every other item is
    # capped: weigh every item equally instead (documented fallback).
    if any(r == 0 for r in raw):
        return clamp_proportional(total, [Fraction(1)] * n, floors, caps)
    raise FormulaError("the caps are below the amount / เพดานรวมต่ำกว่าวงเงิน")


def hamilton(exact: Sequence[Fraction], keys: Sequence[str]) -> list[int]:
    """Largest-remainder apportionment of exact shares with an integer sum to whole units."""
    total = sum(exact, Fraction(0))
    if total.denominator != 1:
        raise FormulaError("the total must be whole baht / ยอดรวมต้องเป็นจำนวนเต็มบาท")
    base = [x.numerator // x.denominator for x in exact]
    left = int(total) - sum(base)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - base[i]), keys[i]))
    for i in order[:left]:
        base[i] += 1
    return base


def split(total: int, items: Sequence[Item], params: FormulaParams) -> list[Share]:
    """Split ``total`` whole baht among ``items`` by the formula; see the module docstring."""
    n = len(items)
    if n == 0:
        return []
    t = Fraction(total)
    w_base, weights = params.normalised()
    # The equal part is equal per province: a cluster standing for 4 provinces gets 4 parts.
    leaves = sum(item.leaves for item in items)
    terms: list[dict[str, Fraction]] = [{"base": t * w_base * item.leaves / leaves} for item in items]
    for name, w in weights.items():
        values = [Fraction(item.features.get(name, 0)) for item in items]
        s = sum(values, Fraction(0))
        for i, v in enumerate(values):
            terms[i][name] = t * w * (v / s if s else Fraction(items[i].leaves, leaves))
    raw = [sum(tr.values(), Fraction(0)) for tr in terms]
    floors = [Fraction(params.floor * item.leaves) for item in items]
    caps = [Fraction(params.cap * item.leaves) if params.cap is not None else None for item in items]
    exact = clamp_proportional(t, raw, floors, caps)
    amounts = hamilton(exact, [item.key for item in items])
    shares = []
    for item, tr, r, x, a in zip(items, terms, raw, exact, amounts, strict=True):
        tr = dict(tr)
        tr["clamp"] = x - r
        tr["rounding"] = a - x
        shares.append(Share(item.key, a, x, tr))
    return shares


def terms_to_display(terms: Mapping[str, Fraction], amount: int) -> dict[str, str]:
    """Terms as satang-rounded decimal strings that still add up exactly to ``amount``."""
    out: dict[str, str] = {}
    running = Decimal(0)
    for name in TERM_ORDER:
        if name not in terms or name == "rounding":
            continue
        value = terms[name]
        d = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
        out[name] = str(d)
        running += d
    out["rounding"] = str(Decimal(amount) - running)
    return out


# --------------------------------------------------------------------------- the area tree


@dataclass
class Line:
    level: str
    code: str
    parent_code: str
    name: str
    amount: int
    terms: dict[str, Fraction]
    features: dict[str, Fraction]

    def terms_json(self) -> dict[str, str]:
        return terms_to_display(self.terms, self.amount)

    def features_json(self) -> dict[str, str]:
        return {k: _dec_str(v) for k, v in self.features.items()}


@dataclass
class Node:
    level: str
    code: str
    name: str
    features: dict[str, Fraction]
    children: list[Node] = field(default_factory=list)
    leaves: int = 1
    # absorption is a ratio: carry numerator and denominator so parents aggregate exactly
    absorb: tuple[Fraction, Fraction] = (Fraction(0), Fraction(0))


def allocate_tree(total: int, root_children: Sequence[Node], params: FormulaParams, parent_code: str) -> list[Line]:
    """Split ``total`` among ``root_children`` and recursively down each child's own children."""
    items = [Item(node.code, node.features, node.leaves) for node in root_children]
    shares = split(total, items, params)
    lines: list[Line] = []
    # Floors and caps are per province: below the province level only the formula applies.
    for node, share in zip(root_children, shares, strict=True):
        lines.append(Line(node.level, node.code, parent_code, node.name, share.amount, share.terms, node.features))
        if node.children:
            child_params = params
            if node.children[0].level == "tambon":
                child_params = FormulaParams(params.base, params.weights, 0, None, params.down_to)
            lines.extend(allocate_tree(share.amount, node.children, child_params, node.code))
    return lines
