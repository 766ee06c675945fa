"""Bounded lists: every list endpoint answers one page, ``limit`` items from ``offset`` on.

The body stays a JSON list; where the list goes on, a ``Link`` header (RFC 8288) names the next
and previous pages (``rel="next"``, ``rel="prev"``), as GitHub's API does, and ``X-Total-Count``
says how many there are. A caller that wants everything follows ``next`` (requests parses the
header into ``response.links``). Why: an answer's size, and the time to make and read it, must
not grow with the table behind it; a dashboard that needs three titles should not be sent the
whole catalog.

    GET /courses?limit=2          ->  [..2 courses..]
    Link: <http://127.0.0.1:8000/courses?limit=2&offset=2>; rel="next"
"""

from collections.abc import Callable, Iterator, Sequence

from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "PageFilter",
    "QueryRows",
    "page_response",
    "page_split",
]

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Past this, an offset would overflow the database's integer (SQLite answers "datatype mismatch"
# to an OFFSET over 2**63): a 400 names it rather than a 500. No table here comes near it.
MAX_OFFSET = 2**31 - 1


class _GivenInteger(serializers.IntegerField):
    """An optional integer that, when given, must be one: DRF reads ``?limit=`` (empty) from a
    query as if ``limit`` were absent, and so would serve the default page."""

    def get_value(self, dictionary):
        if self.field_name in dictionary:
            return dictionary[self.field_name]
        return super().get_value(dictionary)


class PageFilter(serializers.Serializer):
    """``limit`` (1 to 1000, default 100) and ``offset`` (0 to 2**31 - 1): anything else is a 400.

    Subclasses add their filters. A query parameter no filter declares, or one that is not a
    list given twice (``?limit=5&limit=500``), is a 400 naming it: DRF would ignore the first and
    keep the last, so a misspelt filter would quietly serve every row.
    """

    limit = _GivenInteger(required=False, min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT)
    offset = _GivenInteger(required=False, min_value=0, max_value=MAX_OFFSET, default=0)

    def to_internal_value(self, data):
        problems = {}
        getlist = getattr(data, "getlist", lambda name: [data[name]])  # a QueryDict, or a dict
        for name in data:
            field = self.fields.get(name)
            if field is None:
                problems[name[:100]] = ["Unknown query parameter."]
            elif not isinstance(field, serializers.ListField) and len(getlist(name)) > 1:
                problems[name] = ["Given more than once."]
        if problems:
            raise serializers.ValidationError(problems)
        return super().to_internal_value(data)


class QueryRows(Sequence):
    """A query's rows as data objects, read only as far as asked: ``len()`` is one ``COUNT``, a
    slice one ``LIMIT``/``OFFSET`` query. A selector returns one so that a page of a table costs
    that page, not the table: ``to_data`` turns each row read into what callers see.

        >>> rows = QueryRows(Course.objects.all(), course_to_data)     # doctest: +SKIP
        >>> rows[0:2]                                                  # doctest: +SKIP
        [CourseData(...), CourseData(...)]
    """

    def __init__(self, queryset, to_data: Callable):
        self.queryset, self.to_data = queryset, to_data

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.to_data(row) for row in self.queryset[index]]
        return self.to_data(self.queryset[index])

    def __iter__(self) -> Iterator:
        return (self.to_data(row) for row in self.queryset)


def page_split(validated: dict) -> tuple[dict, dict]:
    """(the filters, the page) of a validated `PageFilter` subclass."""
    query = {k: v for k, v in validated.items() if k not in ("limit", "offset")}
    return query, {"limit": validated["limit"], "offset": validated["offset"]}


def page_response(request, items: Sequence, output, *, limit: int, offset: int) -> Response:
    """The page of ``items`` serialized by ``output``, with its ``Link`` and total headers.
    Only that page is read from ``items`` (and its length: a `QueryRows` counts in SQL)."""
    url = request.build_absolute_uri()
    total = len(items)
    links = []
    if offset + limit < total:
        links.append(f'<{_page_url(url, limit, offset + limit)}>; rel="next"')
    if offset > 0:
        links.append(f'<{_page_url(url, limit, max(0, offset - limit))}>; rel="prev"')
    headers = {"X-Total-Count": str(total)}
    if links:
        headers["Link"] = ", ".join(links)
    page = items[offset : offset + limit] if offset < total else []  # past the end: no query
    return Response(output(page, many=True).data, headers=headers)


def _page_url(url: str, limit: int, offset: int) -> str:
    return replace_query_param(replace_query_param(url, "limit", limit), "offset", offset)
