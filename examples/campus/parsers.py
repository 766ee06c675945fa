"""The JSON request parser: any bytes become either one unambiguous value or a 400.

DRF's own JSONParser hands the body to ``json.load``, which accepts more than JSON that every
receiver reads the same way, and fails with a 500 on some input (a RecursionError on deep
nesting). This parser accepts I-JSON (RFC 7493) only, by the rules of `campus.ijson`, which
events are held to as well.

Anything else raises DRF's ``ParseError`` (400, code ``parse_error``) with a message naming the
problem. Configured in settings as ``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``.

Before the bytes are read, what the request says they are is checked, each a 415: a body with a
``Content-Encoding`` (gzip, say) would be read as if it were not encoded, and a wildcard
``Content-Type`` (``*/*``, which DRF matches to any parser) names no media type at all.
"""

from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.parsers import JSONParser

from .ijson import MAX_DEPTH, NotIJson, ijson_loads

__all__ = ["MAX_DEPTH", "StrictJSONParser", "json_loads_strict"]


class StrictJSONParser(JSONParser):
    """DRF parser for ``application/json`` that takes I-JSON only (see the module docstring)."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        encoding = request.META.get("HTTP_CONTENT_ENCODING", "") if request is not None else ""
        if encoding.strip().lower() not in ("", "identity"):
            raise UnsupportedMediaType(
                encoding[:40],
                detail=f"Content-Encoding {encoding[:40]!r} is not decoded here: send the "
                "body unencoded, without that header.",
            )
        if "*" in (media_type or "").split(";")[0]:
            raise UnsupportedMediaType(media_type[:60])
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
