"""The one error shape, ``{"error": {"code", "message", "fields"?}}``, without Django: the
servers' own refusals (`campus.assembly.refusals`) use it before any Django code is loaded.

    >>> error_body("not_found", "No course run course-v1:X+Y+Z.")
    {'error': {'code': 'not_found', 'message': 'No course run course-v1:X+Y+Z.'}}
"""

__all__ = ["error_body"]


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The one error shape. Every string in it is valid Unicode: a lone surrogate (say, from an
    unknown field's name in the request) is shown escaped, as ``\\ud800``, since no encoder
    could write it as UTF-8."""
    error = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": _unicode(error)}


def _unicode(value):
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {_unicode(key): _unicode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_unicode(item) for item in value]
    return value
