"""What several ``campus`` commands share: a count option's check, a stop on SIGINT or SIGTERM,
and the checks a relay or a consumer makes before it starts."""

import argparse
import os
import signal
import sys
import threading

from campus.assembly.config import ConfigurationError, given

__all__ = ["at_least_one", "stop_on_signals", "worker_redis_url"]


def at_least_one(text: str) -> int:
    """An argparse ``type`` for a count: a whole number from 1.

    >>> at_least_one("3")
    3
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def stop_on_signals() -> threading.Event:
    """An event that Ctrl+C (SIGINT) or SIGTERM sets: the handler does nothing else, and the
    command's loop leaves when it sees it.

    >>> stop = stop_on_signals()                     # doctest: +SKIP
    >>> stop.wait()  # until Ctrl+C or SIGTERM       # doctest: +SKIP
    True
    """
    stop = threading.Event()

    def handler(signum, frame) -> None:
        # Not stop.set() here: the handler runs on the main thread between two bytecodes,
        # maybe inside stop.wait() while it holds the event's lock, which is not re-entrant:
        # set() would wait for that lock for ever (a consumer of a killed campus up did).
        threading.Thread(target=stop.set, name="campus-stop", daemon=True).start()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, handler)
    return stop


def worker_redis_url(command: str, service: str) -> str | None:
    """REDIS_URL once checked, with the apps ready for the worker of ``service``; None, said in
    one line on stderr, when it is not set.

    >>> worker_redis_url("relay", "enrollments")    # doctest: +SKIP
    'redis://127.0.0.1:6379/0'
    """
    redis_url = given(os.environ, "REDIS_URL")
    if not redis_url:
        print(f"campus {command}: set REDIS_URL, e.g. redis://127.0.0.1:6379/0", file=sys.stderr)
        return None
    from redis.connection import parse_url

    try:
        parse_url(redis_url)
    except ValueError as exc:
        raise ConfigurationError(f"REDIS_URL={redis_url!r} is not a Redis URL: {exc}") from None
    if given(os.environ, "DJANGO_SETTINGS_MODULE"):
        # A real process (`campus up`, the deploy artifacts) names its settings module: the
        # apps load under it before the runtime's modules import their models.
        import django

        django.setup()
    else:
        _data_folder_check(service)
        from campus.embedded.settings import configure

        configure()  # the in-process settings: the SQLite files of `campus serve`
    return redis_url


def _data_folder_check(service: str) -> None:
    """Outside a real process a worker acts on the SQLite file of ``service`` in CAMPUS_DATA_DIR;
    without one it would apply nothing and dead-letter every event, so it refuses to start."""
    folder = given(os.environ, "CAMPUS_DATA_DIR")
    if not folder or not os.path.isfile(os.path.join(folder, f"{service}.sqlite3")):
        raise ConfigurationError(
            f"no {service} database in CAMPUS_DATA_DIR={folder or ''!r}: give the folder of a "
            "`campus serve` (or DATABASE_URL with DJANGO_SETTINGS_MODULE=campus.process.settings)"
        )
