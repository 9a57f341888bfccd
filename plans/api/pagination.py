"""Keyset (cursor) pagination: every page in one query, however deep, and no COUNT.

A list is ordered by a few non-null fields ending with the primary key, so the order is
total. The `next` link carries an opaque cursor: the last row's values of those fields; the
next page is the rows after it, found by a tuple comparison the database answers from the
ordering's index, where an offset would read and skip every earlier row.

A view names its order in `keyset_ordering` (e.g. ["-reported_on", "-created_at", "-pk"]) or
returns it from `get_keyset_ordering()`; its queryset must be ordered the same way (the
paginator orders it). A cursor that does not decode, or was made for another order, is a 400.
"""

from __future__ import annotations

import base64
import datetime
import json
from functools import reduce
from operator import and_, or_

from django.db.models import Q
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
BAD_CURSOR = "Invalid cursor: follow the `next` link of the previous page."


def _attr(obj, path: str):
    """The value of `plan__title` (obj.plan.title) or an annotation on a row."""
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def _encode(values: list) -> str:
    plain = [v.isoformat() if isinstance(v, datetime.date) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _decode(cursor: str, *, length: int) -> list:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError) as error:
        raise ValidationError({"cursor": [BAD_CURSOR]}) from error
    if not isinstance(values, list) or len(values) != length:
        raise ValidationError({"cursor": [BAD_CURSOR]})
    if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
        raise ValidationError({"cursor": [BAD_CURSOR]})
    return values


def after(ordering: list[str], values: list) -> Q:
    """Rows after `values` in `ordering`: (a > x) | (a = x & b > y) | (a = x & b = y & c > z)..."""
    terms = []
    for i, field in enumerate(ordering):
        name = field.lstrip("-")
        step = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": values[i]})
        equal = [Q(**{f.lstrip("-"): v}) for f, v in zip(ordering[:i], values[:i], strict=True)]
        terms.append(reduce(and_, [*equal, step]))
    return reduce(or_, terms)


class KeysetPagination(BasePagination):
    """`?cursor=` from the previous page's `next`; `?page_size=` up to MAX_PAGE_SIZE."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_PAGE_SIZE:
            message = f"A whole number from 1 to {MAX_PAGE_SIZE}."
            raise ValidationError({self.page_size_query_param: [message]})
        return size

    def paginate_queryset(self, queryset, request, view=None):
        ordering = list(
            view.get_keyset_ordering()
            if hasattr(view, "get_keyset_ordering")
            else view.keyset_ordering
        )
        size = self._page_size(request)
        cursor = request.query_params.get(self.cursor_query_param)
        queryset = queryset.order_by(*ordering)
        if cursor:
            values = _decode(cursor, length=len(ordering))
            try:
                queryset = queryset.filter(after(ordering, values))
            except (ValueError, TypeError) as error:
                raise ValidationError({"cursor": [BAD_CURSOR]}) from error
        try:
            if getattr(view, "keyset_ids_first", False):
                rows = _ids_first(queryset, size + 1)
            else:
                rows = list(queryset[: size + 1])
        except (ValueError, TypeError) as error:  # a cursor value of the wrong type
            raise ValidationError({"cursor": [BAD_CURSOR]}) from error
        self.request = request
        self.next_cursor = None
        if len(rows) > size:
            rows = rows[:size]
            last = rows[-1]
            self.next_cursor = _encode([_attr(last, f.lstrip("-")) for f in ordering])
        return rows

    def get_next_link(self) -> str | None:
        if self.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_first_link(self) -> str:
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page; null on the last page.",
                    "example": "https://plans.example.nhs.uk/api/actions/?cursor=WyJBIHBsYW4iLDEyXQ",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: copy it from the previous page's `next`.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows a page (default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]


def _ids_first(queryset, limit: int) -> list:
    """The first `limit` rows: their keys sorted and sliced alone, then those rows in full.

    Sorting 20,000 narrow (key, sort key) tuples, not whole rows with their joins and
    subqueries, is what keeps a page of all actions cheap (as plans.paging does for the web).
    """
    ids = list(queryset.values_list("pk", flat=True)[:limit])
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]
