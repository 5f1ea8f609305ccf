"""Fast inserts and updates of many rows, shared by the bulk importers (OneRoster, CASE).

Django's bulk_create and bulk_update build a model instance and prepare every
value through the field machinery (about 60 µs a row with our tables), which
made a 300,000-enrollment import spend most of its minute there. These write
plain tuples instead: COPY on PostgreSQL, executemany on SQLite. Values are
converted once per field type, the way Django itself stores them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

Converter = Callable[[Any], Any] | None


def _converters(model: type[models.Model], columns: Sequence[str]) -> list[Converter]:
    ops = connection.ops
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    found: list[Converter] = []
    for column in columns:
        field = by_attname[column]
        kind = field.get_internal_type()
        if kind == "JSONField":
            found.append(lambda value, field=field: field.get_db_prep_save(value, connection))
        elif connection.vendor == "postgresql":
            found.append(None)  # psycopg adapts dates, datetimes and booleans itself
        elif kind == "DateTimeField":
            found.append(ops.adapt_datetimefield_value)
        elif kind == "DateField":
            found.append(ops.adapt_datefield_value)
        else:
            found.append(None)
    return found


def _converted(rows: Iterable[Sequence[Any]], converters: list[Converter]) -> Iterable[tuple[Any, ...]]:
    active = [(i, c) for i, c in enumerate(converters) if c is not None]
    if not active:
        yield from (tuple(row) for row in rows)
        return
    cache: dict[Any, Any] = {}  # few distinct dates and timestamps: convert each once
    for row in rows:
        values = list(row)
        for i, convert in active:
            value = values[i]
            if value is None:
                continue
            if isinstance(value, (dict, list)):  # JSON: unhashable, converted every time
                values[i] = convert(value)
                continue
            key = (i, value)
            if key not in cache:
                cache[key] = convert(value)
            values[i] = cache[key]
        yield tuple(values)


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT rows (tuples in `columns` order). Call inside the import's transaction."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    converters = _converters(model, columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in _converted(rows, converters):
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({placeholders})",  # noqa: S608
                list(_converted(rows, converters)),
            )


def update_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """UPDATE by primary key: each row is (*values in `columns` order, pk)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    converters = [*_converters(model, columns), None]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608
            list(_converted(rows, converters)),
        )
