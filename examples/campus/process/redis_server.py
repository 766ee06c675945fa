"""A throwaway ``redis-server`` on a free 127.0.0.1 port: for `campus up`, tests and benchmarks.

Run in the foreground and stopped with SIGTERM (``--daemonize`` makes stops look slow: exited
children are reaped late). With ``appendonly=True`` it keeps an append-only file in ``folder``,
so a stop and a start on the same port loses nothing: what a broker must do to promise that.

    >>> with RedisServer() as server:            # doctest: +SKIP
    ...     redis.Redis.from_url(server.url).ping()
    True
"""

import shutil
import subprocess
import tempfile
from urllib.parse import quote

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from campus.waits import wait_until

from .loopback import free_port, release
from .parent_death import dying_with_parent

__all__ = ["RedisServer"]


class RedisServer:
    """``start`` waits until it answers PING (raises RuntimeError after ``timeout_s``)."""

    def __init__(
        self,
        *,
        appendonly: bool = True,
        timeout_s: float = 10.0,
        password: str | None = None,
        folder: str | None = None,
    ):
        if shutil.which("redis-server") is None:
            raise RuntimeError("redis-server is not installed: apt-get install redis-server")
        self.port = free_port()
        self.folder = folder or tempfile.mkdtemp(prefix="campus-redis-")
        self.appendonly, self.timeout_s, self.password = appendonly, timeout_s, password
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        secret = f":{quote(self.password, safe='')}@" if self.password else ""
        return f"redis://{secret}127.0.0.1:{self.port}/0"

    def command(self) -> list[str]:
        """The server's command line, for whoever runs it (``start``, or a process manager)."""
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--dir", self.folder, "--appendonly"]
        command += ["yes", "--appendfsync", "always"] if self.appendonly else ["no"]
        if self.password:
            command += ["--requirepass", self.password]
        return command

    def start(self) -> "RedisServer":
        # Dies with the process that started it: a test worker or a benchmark killed outright
        # (a timeout's SIGKILL) runs no teardown, and the server would run on, an orphan.
        command = dying_with_parent(self.command())
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        # No retries inside ping: redis-py (6 and later) retries a refused connection three times
        # with a backoff of about a second, so the first ping, sent before the server listens,
        # took a second. wait_until asks again every 10 ms instead.
        client = redis.Redis(
            port=self.port,
            password=self.password,
            socket_connect_timeout=0.2,
            retry=Retry(NoBackoff(), 0),
        )
        try:
            wait_until(
                lambda: self.process.poll() is not None or client.ping(),
                timeout=self.timeout_s,
                interval=0.01,
                what=f"redis-server on {self.port}",
                ignore=(redis.ConnectionError,),
            )
            failed = self.process.poll() is not None
        except TimeoutError:
            failed = True
        finally:
            client.close()
        if failed:
            self.stop()
            raise RuntimeError(f"redis-server did not answer on {self.port}")
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
        release(self.port)

    def __enter__(self) -> "RedisServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.close()
