"""A throwaway PostgreSQL cluster with one database and one role per service.

Each role owns its database and may connect to it only: CONNECT is revoked from PUBLIC, so a
service that reaches for another's data is refused by PostgreSQL itself ("permission denied for
database"), not only by the router. Passwords are checked (SCRAM), so no role can pose as another.

    >>> cluster = Cluster(Path("/tmp/pg"))                 # doctest: +SKIP
    >>> server = cluster.start()                           # doctest: +SKIP
    >>> urls = cluster.databases_create(["catalog"])       # doctest: +SKIP
    >>> urls["catalog"]                                    # doctest: +SKIP
    'postgres://catalog:...@127.0.0.1:54321/catalog'

PostgreSQL refuses to run as root: as root, every command runs as the ``postgres`` user
(``setpriv``, which keeps the process ours so signals reach it, as the Debian package sets up).

Longer than most modules: a throwaway cluster's whole life (create, start, wait, create
databases, stop) is one object with one folder and one process.
"""

import glob
import os
import pwd
import secrets
import shutil
import subprocess
from pathlib import Path

import psycopg
from psycopg import sql

from campus.waits import wait_until

from .loopback import free_port
from .parent_death import dying_with_parent

__all__ = ["Cluster", "ClusterFailed"]

SUPERUSER = "postgres"


class ClusterFailed(RuntimeError):
    """initdb failed, or the server exited or did not accept connections in time."""


def bin_dir() -> Path:
    """Debian keeps the server binaries off PATH, under /usr/lib/postgresql/<version>/bin."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=_version)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("postgres")
    if on_path:
        return Path(on_path).parent
    raise ClusterFailed("no PostgreSQL server found: install Debian's postgresql package")


def _version(path: str) -> int:
    return int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0


class Cluster:
    """A cluster in ``folder`` (made on first use, reused when it exists), on ``port``."""

    def __init__(self, folder: Path, *, port: int | None = None):
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.sockets = self.folder / "sockets"
        self.port = port or free_port()
        self._password_file = self.folder / "superuser.password"

    @property
    def initialized(self) -> bool:
        return (self.data / "PG_VERSION").is_file()

    def init(self) -> None:
        """initdb with a random superuser password (about half a second)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.sockets.mkdir(exist_ok=True)
        self._password_file.write_text(secrets.token_urlsafe(24))
        self._password_file.chmod(0o600)
        self._give_to_postgres(self.folder, self.sockets, self._password_file)
        command = [
            str(bin_dir() / "initdb"),
            f"--pgdata={self.data}",
            f"--username={SUPERUSER}",
            f"--pwfile={self._password_file}",
            "--auth=scram-sha-256",
            "--no-sync",  # a throwaway cluster: no need to wait for the disk
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ]
        done = subprocess.run(self._as_postgres(command), capture_output=True, text=True)
        if done.returncode:
            why = done.stderr.strip() or done.stdout.strip()
            if "Permission denied" in why and os.geteuid() == 0:
                why += f" (the postgres user must be able to enter every parent of {self.folder})"
            raise ClusterFailed(f"initdb failed: {why}")

    def command(self) -> list[str]:
        """The server in the foreground, on 127.0.0.1:``port`` only."""
        server = [
            str(bin_dir() / "postgres"),
            "-D",
            str(self.data),
            "-p",
            str(self.port),
            "-k",
            str(self.sockets),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "fsync=off",  # throwaway data: durability is not worth the wait
        ]
        # SIGINT, PostgreSQL's fast shutdown, should whoever started it die without stopping it.
        return self._as_postgres(dying_with_parent(server, "INT"))

    def start(self, **popen) -> subprocess.Popen:
        """initdb if needed, start the server, wait until it accepts connections."""
        if not self.initialized:
            self.init()
        server = subprocess.Popen(self.command(), start_new_session=True, **popen)
        try:
            self.wait_ready(server)
        except BaseException:
            self.stop(server)
            raise
        return server

    def wait_ready(self, server: subprocess.Popen, timeout: float = 30.0) -> None:
        def accepts() -> bool:
            if server.poll() is not None:
                raise ClusterFailed(f"postgres exited with code {server.returncode} at start")
            self.admin().close()
            return True

        try:
            wait_until(
                accepts,
                timeout=timeout,
                interval=0.02,
                what="postgres to accept connections",
                ignore=(psycopg.OperationalError,),
            )
        except TimeoutError:
            raise ClusterFailed(f"postgres did not answer within {timeout} s") from None

    @staticmethod
    def stop(server: subprocess.Popen, timeout: float = 5.0) -> int:
        """Fast shutdown (SIGINT: abort transactions, close clients); kill after ``timeout``."""
        if server.poll() is None:
            server.send_signal(2)
            try:
                server.wait(timeout)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        return server.returncode

    def admin(self) -> psycopg.Connection:
        password = self._password_file.read_text()
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=SUPERUSER,
            password=password,
            dbname="postgres",
            autocommit=True,
            connect_timeout=2,
        )

    def url(self, role: str, password: str, database: str) -> str:
        return f"postgres://{role}:{password}@127.0.0.1:{self.port}/{database}"

    def databases_create(self, names) -> dict[str, str]:
        """One role and one database per name, each role able to connect to its own only.

        Returns the database URL of each, with a password new on every call (an existing role
        gets the new one), so URLs never outlive the run that printed them.
        """
        urls = {}
        with self.admin() as admin:
            for name in names:
                password = secrets.token_urlsafe(18)
                _role_and_database(admin, name, password)
                urls[name] = self.url(name, password, name)
        return urls

    def _as_postgres(self, command: list[str]) -> list[str]:
        if os.geteuid() != 0:
            return command
        # PostgreSQL refuses to run as root: as root we run it as the postgres user.
        if shutil.which("setpriv") is None:
            raise ClusterFailed("setpriv is missing (Debian's util-linux): it runs postgres")
        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise ClusterFailed(
                f"no {SUPERUSER} user to run PostgreSQL as: install Debian's postgresql package"
            ) from None
        return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", *command]

    def _give_to_postgres(self, *paths: Path) -> None:
        if os.geteuid() != 0:
            return
        user = pwd.getpwnam(SUPERUSER)
        for path in paths:
            os.chown(path, user.pw_uid, user.pw_gid)


def _role_and_database(admin: psycopg.Connection, name: str, password: str) -> None:
    role, secret = sql.Identifier(name), sql.Literal(password)
    exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone()
    verb = sql.SQL("ALTER" if exists else "CREATE")
    admin.execute(sql.SQL("{} ROLE {} LOGIN PASSWORD {}").format(verb, role, secret))
    if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        admin.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(role, role))
    # Every role may connect to every database until PUBLIC loses that right.
    admin.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(role))
