"""gunicorn settings for every campus process: ``gunicorn -c python:campus.process.gunicorn_conf``.

The bind address and the worker count come from the command line (`campus up`, the Dockerfile);
what is here holds everywhere.
"""

import os
import signal

from campus.process.parent_death import die_with_parent

wsgi_app = "campus.process.wsgi"
preload_app = True  # build the app once, before forking: workers share its memory
graceful_timeout = 1  # a stop lets a request in flight finish, for 1 s at most
# Threads, not gunicorn's default sync worker: a sync worker serves one connection at a time, so
# one client sending its body slowly held the whole service until the worker was killed (30 s)
# and every other request waited. With threads a slow client holds one thread of the pool.
# A request whose bytes stop coming is answered 408 after 10 s (`campus.process.gunicorn_worker`),
# so a stalled client holds its thread that long at most; as many stalled clients as threads
# still make the others wait, which is why gunicorn's own deployment advice stands: put a
# buffering proxy in front in production.
worker_class = "campus.process.gunicorn_worker.ReadTimeoutWorker"  # gthread, with a 408
threads = 8
keepalive = 5  # seconds an idle kept-alive connection may hold its thread
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeats off the disk
control_socket_disable = True  # each gunicorn would otherwise claim one default socket path


def post_fork(server, worker):
    """A worker dies with its master: an orphan would keep serving, and would keep the log pipe
    open, so the supervisor would not learn the master died until the orphan went too."""
    die_with_parent(signal.SIGTERM, parent=server.pid)


def post_worker_init(worker):
    """gunicorn's own refusals (400, 414, 431, 501) in the JSON error shape, not as HTML."""
    from campus.process.http_errors import install

    install()
