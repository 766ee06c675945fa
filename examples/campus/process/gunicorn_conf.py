"""gunicorn settings for every campus process: ``gunicorn -c python:campus.process.gunicorn_conf``.

The bind address and the worker count come from the command line (`campus up`, the Dockerfile);
what is here holds everywhere. gunicorn always runs behind nginx (`campus.process.proxy`), as
gunicorn's deployment docs advise: nginx reads each request whole, refuses the malformed, the
oversized and the stalled ones in the JSON error shape, and hands gunicorn the rest. What
gunicorn still refuses itself is JSON too (`campus.process.http_errors`).
"""

import os
import signal

from campus.log_lines import OneLineFormatter
from campus.process.parent_death import die_with_parent

wsgi_app = "campus.process.wsgi"
preload_app = True  # build the app once, before forking: workers share its memory
graceful_timeout = 1  # a stop lets a request in flight finish, for 1 s at most
# Threads, not gunicorn's default sync worker: a sync worker serves one request at a time, so
# one slow view held the whole service. Slow clients no longer reach gunicorn at all: nginx
# waits for them, and hands over each request once it has all of it.
worker_class = "gthread"
threads = 8
keepalive = 5  # seconds an idle kept-alive connection from nginx stays open
# nginx's limits are the ones that hold: a request line or a header over 4 KiB, headers over
# 16 KiB. gunicorn's own are lower on two counts (a 4094-byte request line, 100 header fields),
# and it would refuse requests nginx let through, with its own message: raised past nginx's.
limit_request_line = 0  # no limit
limit_request_fields = 32768  # gunicorn's most; 16 KiB of headers hold far fewer
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeats off the disk
control_socket_disable = True  # each gunicorn would otherwise claim one default socket path
# gunicorn's own loggers write through the formatter the app's loggers use (campus.log_lines):
# a request line, a header or a user agent a client sent stays on its one line, escaped. The
# access log stays quiet (the app logs one line per request); at INFO it would be escaped too.
# gunicorn merges this into its defaults, a section at a time.
logconfig_dict = {
    "root": {"level": "WARNING", "handlers": ["error_console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": ["error_console"], "propagate": False},
    },
    "formatters": {
        "generic": {
            "()": OneLineFormatter,
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
            "datefmt": "[%Y-%m-%d %H:%M:%S %z]",
        }
    },
}


def post_fork(server, worker):
    """A worker dies with its master: an orphan would keep serving, and would keep the log pipe
    open, so the supervisor would not learn the master died until the orphan went too."""
    die_with_parent(signal.SIGTERM, parent=server.pid)


def post_worker_init(worker):
    """What gunicorn still refuses itself (a header value nginx let through) in the JSON error
    shape, not as HTML (`campus.process.http_errors`); and this worker starts fetching what its
    readiness waits for (`campus.process.app.ready_warm_up`)."""
    from campus.process.http_errors import install

    install()
    # Only for campus's own app: the same settings also serve the bare hello of the load runs
    # (`campus.bench.hello`), which has no Django to warm up.
    if getattr(worker.app, "app_uri", wsgi_app) == wsgi_app:
        from campus.process.app import ready_warm_up

        ready_warm_up()
