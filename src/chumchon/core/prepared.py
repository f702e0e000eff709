"""Statements built once per process (คำสั่ง SQL ที่สร้างครั้งเดียว): counts asked the same way on every page view.

The home page's worklist asks a dozen counts on every view. Django builds and compiles each statement anew
(0.2–1 ms of CPU a statement at national size) for the database to answer it in a few hundredths of a
millisecond. ``count(key, build)`` runs ``build().count()`` the first time it meets ``key`` in this process,
records the statement Django sent, and afterwards sends that statement again — the rows are counted fresh
every time; only the statement's text and parameters are kept.

**The key must name everything the statement is made of**: the caller puts into it every value ``build`` reads
(the user's prefixes for the permission, the user's id, the day), and ``build`` reads nothing else. The
statement is then a function of the key alone, so it cannot go stale: a write changes the rows (counted
anew), not the statement, and a write that changes what the statement is built from (a role assignment, hence
the prefixes) changes the key. A builder that reads the database to decide its conditions (approval rules,
the provinces' groupings) does not belong here unless what it read is in the key.

``objects(key, build)`` does the same for model instances (with their ``select_related`` rows; no
prefetching): the statement is kept with what Django's own iterable derives from it — the columns' fields, the
converters Django applies to them (dates, decimals, JSON…), the related rows' populators — and each row is
made an instance as Django makes it (``Model.from_db``, the related instances, the annotations).

The statement is kept per database connection alias and vendor. A count that sends no statement (an empty
scope: Django answers 0 itself) is kept as its answer; one that sends several is not kept (built every time).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Aggregate, Model, QuerySet
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators  # type: ignore[attr-defined]  # not in the stubs

MAX_KEPT = 2048  # statements kept per store; past it the least recently used is dropped

T = TypeVar("T")
V = TypeVar("V")
_Statement = tuple[str, Any]  # (sql, params)
_lock = threading.Lock()


class _Store(Generic[V]):
    """Kept statements by key, the least recently used dropped first past ``MAX_KEPT``: the area pages keep one
    per area visited (9,349 areas), and a full store must not drop the home pages' few, asked on every view."""

    def __init__(self) -> None:
        self._items: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable) -> V | None:
        with _lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def keep(self, key: Hashable, value: V) -> None:
        with _lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > MAX_KEPT:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with _lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items


_counts: _Store[_Statement | int] = _Store()  # count(): the statement, or the answer of one that sent none
_groups: _Store[tuple[tuple[str, ...], _Statement]] = _Store()  # counts(): the names, the statement
_rows: _Store[_Statement] = _Store()  # rows()
_objects: _Store[_ObjectsPlan] = _Store()  # objects()
_values: _Store[_ValuesPlan] = _Store()  # values()


def _recorded(using: str, run: Callable[[], T]) -> tuple[T, list[tuple[str, Any]]]:
    """``run()``, and the statements it sent."""
    sent: list[tuple[str, Any]] = []

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connections[using].execute_wrapper(record):
        result = run()
    return result, sent


def _full_key(key: Hashable, using: str) -> Hashable:
    return (using, connections[using].vendor, key)


def _fetchall(using: str, statement: _Statement) -> list[Any]:
    """The rows of a kept statement, as the driver returns them."""
    sql, params = statement
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _row(using: str, statement: _Statement) -> tuple[Any, ...]:
    sql, params = statement
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return tuple(row)


def count(key: Hashable, build: Callable[[], QuerySet[Any]], *, using: str = DEFAULT_DB_ALIAS) -> int:
    """``build().count()``, its statement built once per process for ``key`` (see the module docstring)."""
    full_key = _full_key(key, using)
    kept = _counts.get(full_key)
    if isinstance(kept, int):
        return kept
    if kept is not None:
        return int(_row(using, kept)[0])
    queryset = build()
    answer, sent = _recorded(using, queryset.count)
    if len(sent) <= 1:
        _counts.keep(full_key, sent[0] if sent else answer)
    return answer


def counts(
    key: Hashable, build: Callable[[], tuple[QuerySet[Any], Mapping[str, Aggregate]]], *, using: str = DEFAULT_DB_ALIAS
) -> dict[str, int]:
    """``queryset.aggregate(**aggregates)`` of ``build()``'s ``(queryset, aggregates)`` as integers, its statement
    built once per process for ``key``. Integer aggregates only (``Count``, ``Sum`` of an integer column): the
    database's answer then needs no conversion."""
    full_key = _full_key(key, using)
    kept = _groups.get(full_key)
    if kept is not None:
        names, statement = kept
        return {name: int(value or 0) for name, value in zip(names, _row(using, statement), strict=True)}
    queryset, aggregates = build()
    answer, sent = _recorded(using, lambda: queryset.aggregate(**aggregates))
    if len(sent) == 1:
        _groups.keep(full_key, (tuple(answer), sent[0]))  # the statement's columns come in the aggregates' order
    return {name: int(value or 0) for name, value in answer.items()}


def _plain(value: Any) -> bool:
    """A value the database driver returns as Django would (no converter turns it into another type)."""
    return value is None or (isinstance(value, (str, int)) and not isinstance(value, bool))


# Integer columns: the only converter Django gives them (an expression's ``int()``) leaves the driver's int as it is.
_INTEGER_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallAutoField",
        "SmallIntegerField",
    }
)


def _unconverted(queryset: QuerySet[Any], using: str) -> bool:
    """Whether Django converts none of the columns ``queryset`` reads but integers (its compiler's converters:
    dates, decimals, booleans, JSON on SQLite…): the driver's rows are then the rows Django returns."""
    query = queryset.query
    compiler = query.get_compiler(using=using)
    converted = compiler.get_converters([*query.select, *query.annotation_select.values()])
    return all(expression.output_field.get_internal_type() in _INTEGER_TYPES for _, expression in converted.values())


def rows(
    key: Hashable, build: Callable[[], QuerySet[Any, tuple[Any, ...]]], *, using: str = DEFAULT_DB_ALIAS
) -> list[tuple[Any, ...]]:
    """``list(build())`` of a ``values_list`` queryset (not ``flat``), its statement built once per process for
    ``key``. Kept only when Django converts none of its columns and every value read the first time is text, an
    integer or NULL: otherwise read through Django every time."""
    full_key = _full_key(key, using)
    kept = _rows.get(full_key)
    if kept is not None:
        return [tuple(row) for row in _fetchall(using, kept)]
    queryset = build()
    found, sent = _recorded(using, lambda: [tuple(row) for row in queryset])
    if len(sent) == 1 and _unconverted(queryset, using) and all(_plain(value) for row in found for value in row):
        _rows.keep(full_key, sent[0])
    return found


@dataclass(frozen=True)
class _ObjectsPlan:
    """What ``ModelIterable`` derives from a queryset's compiled statement to make its rows instances."""

    statement: _Statement
    model: type[Model]
    fields: slice  # the model's columns
    init_list: list[str]  # their attnames
    annotations: list[tuple[str, int]]  # (name, column)
    converters: list[tuple[int, tuple[list[Any], Any]]]  # (column, (Django's converters, expression))
    populators: list[Any]  # Django's RelatedPopulator of each select_related model


def _objects_plan(queryset: QuerySet[Any], statement: _Statement, using: str) -> _ObjectsPlan | None:
    """``ModelIterable``'s view of ``queryset``'s statement, when ``objects()`` can make its rows as it does:
    model instances (with their ``select_related`` rows), no prefetching, no extra columns."""
    query = queryset.query
    if (
        queryset._iterable_class is not ModelIterable
        or query.extra_select
        or getattr(queryset, "_prefetch_related_lookups", None)
        or getattr(queryset, "_known_related_objects", None)
    ):
        return None
    compiler = query.get_compiler(using=using)
    compiler.as_sql()  # fills what follows, as execute_sql does
    klass_info, select = compiler.klass_info, compiler.select
    if not klass_info or compiler.has_extra_select:
        return None
    select_fields = klass_info["select_fields"]
    fields = slice(select_fields[0], select_fields[-1] + 1)
    return _ObjectsPlan(
        statement=statement,
        model=klass_info["model"],
        fields=fields,
        init_list=[column[0].target.attname for column in select[fields]],
        annotations=sorted(compiler.annotation_col_map.items()),
        converters=sorted(compiler.get_converters([column[0] for column in select[: compiler.col_count]]).items()),
        populators=get_related_populators(klass_info, select, using),
    )


def objects(key: Hashable, build: Callable[[], QuerySet[Any]], *, using: str = DEFAULT_DB_ALIAS) -> list[Any]:
    """``list(build())`` of a queryset of model instances, its statement built once per process for ``key`` (see
    the module docstring); read through Django every time when Django makes its rows otherwise (prefetching…)."""
    full_key = _full_key(key, using)
    plan = _objects.get(full_key)
    if plan is None:
        queryset = build()
        found, sent = _recorded(using, lambda: list(queryset))
        made = _objects_plan(queryset, sent[0], using) if len(sent) == 1 else None
        if made is not None:
            _objects.keep(full_key, made)
        return found
    rows = _fetchall(using, plan.statement)
    found = []
    for values in _converted(rows, plan.converters, using):  # as ModelIterable makes them
        instance = plan.model.from_db(using, plan.init_list, values[plan.fields])
        for populator in plan.populators:
            populator.populate(values, instance)
        for name, position in plan.annotations:
            setattr(instance, name, values[position])
        found.append(instance)
    return found


@dataclass(frozen=True)
class _ValuesPlan:
    """What ``ValuesIterable`` derives from a queryset's compiled statement to make its rows dictionaries."""

    statement: _Statement
    names: list[str]
    converters: list[tuple[int, tuple[list[Any], Any]]]  # (column, (Django's converters, expression))


def _converted(rows: list[Any], converters: list[tuple[int, tuple[list[Any], Any]]], using: str) -> list[list[Any]]:
    """The rows as ``SQLCompiler.apply_converters`` gives them."""
    connection = connections[using]
    found = []
    for row in rows:
        values = list(row)
        for position, (functions, expression) in converters:
            value = values[position]
            for function in functions:
                value = function(value, expression, connection)
            values[position] = value
        found.append(values)
    return found


def values(
    key: Hashable, build: Callable[[], QuerySet[Any, dict[str, Any]]], *, using: str = DEFAULT_DB_ALIAS
) -> list[dict[str, Any]]:
    """``list(build())`` of a ``values()`` queryset, its statement built once per process for ``key`` (see the
    module docstring): each row's columns through Django's converters, named as Django names them."""
    full_key = _full_key(key, using)
    plan = _values.get(full_key)
    if plan is None:
        queryset = build()
        found, sent = _recorded(using, lambda: list(queryset))
        query = queryset.query
        if len(sent) == 1 and queryset._iterable_class is ValuesIterable and not query.extra_select:
            compiler = query.get_compiler(using=using)
            compiler.as_sql()  # fills what follows, as execute_sql does
            if not compiler.has_extra_select:
                select = [column[0] for column in compiler.select[: compiler.col_count]]
                names = [*query.values_select, *query.annotation_select]
                _values.keep(full_key, _ValuesPlan(sent[0], names, sorted(compiler.get_converters(select).items())))
        return found
    rows = _fetchall(using, plan.statement)
    return [dict(zip(plan.names, row, strict=True)) for row in _converted(rows, plan.converters, using)]


def forget() -> None:
    """Drop every kept statement (tests)."""
    for store in (_counts, _groups, _rows, _objects, _values):
        store.clear()
