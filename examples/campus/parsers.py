"""The JSON request parser: any bytes become either one unambiguous value or a 400.

DRF's own JSONParser hands the body to ``json.load``, which accepts more than JSON that every
receiver reads the same way, and fails with a 500 on some input (a RecursionError on deep
nesting). This parser accepts I-JSON (RFC 7493) only, by the rules of `campus.ijson`, which
events are held to as well.

Anything else raises DRF's ``ParseError`` (400, code ``parse_error``) with a message naming the
problem. Configured in settings as ``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``.
"""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from .ijson import MAX_DEPTH, NotIJson, ijson_loads

__all__ = ["MAX_DEPTH", "StrictJSONParser", "json_loads_strict"]


class StrictJSONParser(JSONParser):
    """DRF parser for ``application/json`` that takes I-JSON only (see the module docstring)."""

    def parse(self, stream, media_type=None, parser_context=None):
        return json_loads_strict(stream.read())


def json_loads_strict(raw: bytes) -> object:
    """Parse ``raw`` as I-JSON; raises ``ParseError`` naming the first problem found.

    >>> json_loads_strict(b'{"learner": "ada"}')
    {'learner': 'ada'}
    """
    try:
        return ijson_loads(raw, what="The body")
    except NotIJson as exc:
        raise ParseError(str(exc)) from None
