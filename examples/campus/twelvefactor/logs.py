"""XI. Logs: treat logs as event streams.

The app writes its events to a stream and lets the environment route and keep them. So no
handler may write to a file (rotation and storage are the environment's job), the ``campus``
loggers must reach a stream handler, and the audit notes which stream: 12factor.net names stdout;
campus defaults to stderr because ``campus serve`` prints its service URLs on stdout, and
``CAMPUS_LOG_STREAM=stdout`` switches.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from .factors import factor_get

__all__ = ["FACTOR", "check"]

FACTOR = factor_get("XI")
LOGGER = "campus"


def check(app_configs=None, **kwargs):
    config = settings.LOGGING or {}
    handlers = config.get("handlers", {})
    return [*_file_handlers(handlers), *_campus_stream(config, handlers)]


def _handler_class(handler: dict) -> type | None:
    try:
        cls = import_string(handler.get("class", ""))
    except ImportError:
        return None
    return cls if isinstance(cls, type) else None


def _is_file_handler(handler: dict) -> bool:
    cls = _handler_class(handler)
    return "filename" in handler or (cls is not None and issubclass(cls, logging.FileHandler))


def _stream(handler: dict) -> str | None:
    """The stream a handler writes to, or None when it writes to no stream."""
    cls = _handler_class(handler)
    if cls is None or _is_file_handler(handler) or not issubclass(cls, logging.StreamHandler):
        return None
    return handler.get("stream", "ext://sys.stderr")  # StreamHandler's own default


def _file_handlers(handlers: dict):
    return [
        FACTOR.message(
            "E001",
            f"The log handler {name!r} writes to a file ({handler.get('filename', '?')}).",
            hint="Log to a stream (logging.StreamHandler) and let the environment keep the logs.",
            obj=f"LOGGING['handlers'][{name!r}]",
        )
        for name, handler in sorted(handlers.items())
        if _is_file_handler(handler)
    ]


def _campus_stream(config: dict, handlers: dict):
    logger = config.get("loggers", {}).get(LOGGER) or config.get("root") or {}
    streams = [
        stream
        for name in logger.get("handlers", [])
        if (stream := _stream(handlers.get(name, {}))) is not None
    ]
    if not streams:
        return [
            FACTOR.message(
                "W001",
                f"No stream handler receives the {LOGGER!r} loggers: service starts, stops and "
                "requests are logged nowhere.",
                hint=f"Give LOGGING['loggers'][{LOGGER!r}] a logging.StreamHandler.",
                obj=f"LOGGING['loggers'][{LOGGER!r}]",
            )
        ]
    if "ext://sys.stdout" in streams:
        return []
    return [
        FACTOR.message(
            "I001",
            f"The {LOGGER!r} logs go to {', '.join(streams)}, a stream the environment captures, "
            "though 12factor.net names stdout.",
            hint="Set CAMPUS_LOG_STREAM=stdout; stderr keeps stdout for campus serve's URLs.",
            obj=f"LOGGING['loggers'][{LOGGER!r}]",
        )
    ]
