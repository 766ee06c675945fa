"""The nginx of ``campus up``: its folder of configuration and error pages, and its command line.

nginx runs in the foreground (``daemon off``) under the process manager, with its own prefix,
configuration, pid file and temporary files in a throwaway folder (`proxy_folder`), and its log
on stderr. Run as root, its master drops its workers to ``nobody`` (nginx's default), so the
folder is readable by all: it holds nothing secret, only the configuration and the JSON error
pages.

    >>> folder = proxy_folder()                                  # doctest: +SKIP
    >>> command = nginx_command(folder, sites, deadline_s=1.0)   # doctest: +SKIP
    ['/usr/sbin/nginx', '-e', 'stderr', '-p', folder, '-c', folder + '/nginx.conf']
"""

import os
import shutil
import tempfile
from pathlib import Path

from campus.assembly.config import ConfigurationError

from .backing import scratch_folder
from .proxy import Site, error_pages, nginx_conf

__all__ = ["nginx_binary", "nginx_command", "proxy_folder"]

# Debian puts nginx in /usr/sbin, which is not on a user's PATH: looked for there after PATH.
_SBIN = os.pathsep.join(["/usr/sbin", "/sbin"])


def nginx_binary(path: str | None = None) -> str:
    """nginx's path, found on ``path`` (default: PATH, then the sbin folders); raises
    `ConfigurationError` saying what to install."""
    if path is None:
        found = shutil.which("nginx") or shutil.which("nginx", path=_SBIN)
    else:
        found = shutil.which("nginx", path=path)
    if found is None:
        raise ConfigurationError(
            "nginx is missing: it is the proxy in front of every gunicorn; "
            "install Debian's nginx (apt-get install nginx)"
        )
    return found


def proxy_folder() -> str:
    """A new folder for `nginx_command`, in /dev/shm when it has room, else in /tmp. Not in
    TMPDIR: it may be private to its user, and nginx's workers must reach the error pages."""
    return tempfile.mkdtemp(prefix="campus-proxy-", dir=scratch_folder() or "/tmp")


def nginx_command(folder: str, sites: list[Site], *, deadline_s: float) -> list[str]:
    """Write nginx.conf and the error pages into ``folder`` (made readable by nginx's workers)
    and return the command that runs nginx on them."""
    binary = nginx_binary()
    root = Path(folder)
    root.chmod(0o755)
    pages = root / "errors"
    pages.mkdir()
    pages.chmod(0o755)  # whatever the umask
    files = {pages / name: body for name, body in error_pages().items()}
    conf = root / "nginx.conf"
    text = nginx_conf(sites, pages=str(pages), scratch=folder, deadline_s=deadline_s)
    files[conf] = text.encode()
    for path, content in files.items():
        path.write_bytes(content)
        path.chmod(0o644)
    # -e: the log before the configuration is read goes to stderr too, not to /var/log/nginx.
    return [binary, "-e", "stderr", "-p", folder, "-c", str(conf)]
