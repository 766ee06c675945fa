"""Reading a neighbour's answer as a tolerant reader that still refuses a wrong shape.

A client takes the fields it uses by name and ignores any other, so a neighbour may add fields
without a new version. A field it uses that is missing, null where it may not be, or of another
JSON type is refused: the answer raises `campus.http.BadAnswer`, which callers handle as a
neighbour that is down (a dashboard without that part, a 502), never as a 500. The shapes are
DRF serializers, with the strict fields the services' own inputs use (`campus.serializers`):
no ``5`` read as ``"5"``.

    >>> from campus.serializers import StrictCharField
    >>> class Titled(serializers.Serializer):
    ...     key = StrictCharField()
    >>> reply_read(Reply(200, {"key": "k", "new": 1}), Titled, callee="catalog")
    {'key': 'k'}
"""

from rest_framework import serializers

from .http import BadAnswer, Reply

__all__ = ["reply_read", "reply_status"]


def reply_read(
    reply: Reply,
    shape: type[serializers.Serializer],
    *,
    callee: str,
    many: bool = False,
    statuses: tuple[int, ...] = (200,),
):
    """The fields ``shape`` declares, from the body (a list of them with ``many``) of an
    answer with one of ``statuses``; raises `BadAnswer` naming the first problem, or the
    status when it is not one of those."""
    reply_status(reply, *statuses, callee=callee)
    checked = shape(data=reply.body, many=many)
    if not checked.is_valid():
        raise BadAnswer(callee, f"an answer of the wrong shape: {_first(checked.errors)}")
    return checked.validated_data


def reply_status(reply: Reply, *expected: int, callee: str) -> None:
    """Raises `BadAnswer` unless the answer's status is one of ``expected``."""
    if reply.status not in expected:
        raise BadAnswer(callee, f"HTTP {reply.status}, not {' or '.join(map(str, expected))}")


def _first(errors, path: str = "") -> str:
    """The first problem DRF found, with where it is (``results[2].title: ...``)."""
    if isinstance(errors, dict):
        name, inner = next(iter(errors.items()))
        if isinstance(name, int):  # an item of a list
            return _first(inner, f"{path}[{name}]")
        where = name if name == "non_field_errors" else f"{path}.{name}".lstrip(".")
        return _first(inner, where)
    if isinstance(errors, list) and errors and not isinstance(errors[0], str):
        index = next(i for i, e in enumerate(errors) if e)
        return _first(errors[index], f"{path}[{index}]")
    text = str(errors[0]) if isinstance(errors, list) and errors else str(errors)
    return f"{path}: {text}" if path else text
