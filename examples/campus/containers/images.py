"""The images `make containers` needs, made on this machine: no registry answers here.

    >>> base = base_image()                     # doctest: +SKIP
    >>> service_images(base)["postgres"]        # doctest: +SKIP
    'localhost/campus-postgres:3f1c0a9d2b7e'

A base image from Debian's own packages (debootstrap, then ``podman import``), PostgreSQL and
Redis images built on it from deploy/containers/, and the wheels campus's image installs,
built on the host (the build inside the container then needs no index). Each is tagged with a
hash of what it is made from, so it is made once per machine and again only when that changes.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from .engine import DEPLOY, ROOT, podman, say

__all__ = ["CACHE", "base_image", "service_images", "wheelhouse"]

CACHE = Path("/var/tmp/campus-containers")  # kept across reboots, as the images are
SUITE, MIRROR = "bookworm", "http://deb.debian.org/debian"
# What deploy/Dockerfile asks of its base, as python:3.11-slim gives it: `python`, its venv
# module, apt-get. The minbase variant: dpkg, apt and essentials, no recommends.
PACKAGES = ("python3", "python3-venv", "python-is-python3")
# Left out of the imported tree: the downloaded .debs, package lists, manuals and docs.
SCRAP = ("var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man")
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
FILES = DEPLOY / "containers"
DEBIAN_PYTHON = "/usr/bin/python3"  # bookworm's, as in the base image


def _digest(*parts: str | bytes) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode() if isinstance(part, str) else part)
        sha.update(b"\0")
    return sha.hexdigest()[:12]


def _exists(tag: str) -> bool:
    return podman("image", "exists", tag).returncode == 0


def base_image() -> str:
    """``localhost/campus-base:HASH``, made from Debian packages unless already here."""
    recipe = [SUITE, MIRROR, *PACKAGES, *SCRAP, PATH]
    tag = f"localhost/campus-base:{SUITE}-{_digest(*recipe)}"
    if _exists(tag):
        say(f"base image {tag} is here already")
        return tag
    say(f"making the base image {tag} from Debian packages (debootstrap, about 2 minutes)")
    started = time.perf_counter()
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as scratch:
        root = Path(scratch) / "root"
        include = "--include=" + ",".join(PACKAGES)
        command = ["debootstrap", "--variant=minbase", include, SUITE, str(root), MIRROR]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        for folder in SCRAP:
            shutil.rmtree(root / folder, ignore_errors=True)
        (root / "var/lib/apt/lists/partial").mkdir(parents=True)  # apt-get update needs it
        tar = subprocess.Popen(["tar", "-C", str(root), "-c", "."], stdout=subprocess.PIPE)
        changes = ["--change", f"ENV PATH={PATH}", "--change", 'CMD ["python3"]']
        imported = subprocess.run(
            ["podman", "import", *changes, "-", tag],
            stdin=tar.stdout,
            env={**os.environ, "CONTAINERS_CONF": str(FILES / "containers.conf")},
            stdout=subprocess.DEVNULL,
            check=False,
        )
        tar.stdout.close()
        if tar.wait() or imported.returncode:
            raise RuntimeError(f"could not import {root} as {tag}")
    say(f"base image {tag} made in {time.perf_counter() - started:.0f} s")
    return tag


def service_images(base: str) -> dict[str, str]:
    """``{"postgres": tag, "redis": tag}``: each built on ``base`` from its Containerfile and
    entry point in deploy/containers/, unless already here."""
    tags = {}
    for name in ("postgres", "redis"):
        containerfile = FILES / f"{name}.Containerfile"
        entrypoint = FILES / f"{name}-entrypoint.sh"
        digest = _digest(base, containerfile.read_bytes(), entrypoint.read_bytes())
        tag = tags[name] = f"localhost/campus-{name}:{digest}"
        if _exists(tag):
            say(f"{name} image {tag} is here already")
            continue
        say(f"building the {name} image {tag} from Debian's packages")
        build = ["build", "--quiet", "--build-arg", f"BASE_IMAGE={base}"]
        done = podman(*build, "-f", str(containerfile), "-t", tag, str(FILES))
        if done.returncode:
            raise RuntimeError(f"building {tag} failed:\n{done.stdout}{done.stderr}")
    return tags


def wheelhouse() -> Path:
    """A folder of wheels for everything pyproject.toml installs (and setuptools, its build
    backend), built once per list of requirements by the host's pip for Debian's own Python: the
    interpreter the base image carries, whose version decides which markers hold (redis asks
    for async-timeout below 3.11.3)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    # The requirements, not the project: building it here would leave build/ in the repository.
    wanted = [*project["project"]["dependencies"], *project["build-system"]["requires"]]
    version = subprocess.run([DEBIAN_PYTHON, "-VV"], capture_output=True, text=True, check=True)
    folder = CACHE / f"wheels-{_digest(*wanted, version.stdout)}"
    if (folder / ".complete").exists():
        return folder
    say(f"building the wheels the image installs into {folder} (pip wheel)")
    pip = [sys.executable, "-m", "pip", "--python", DEBIAN_PYTHON, "wheel", "--quiet"]
    subprocess.run([*pip, "--wheel-dir", str(folder), *wanted], check=True)
    (folder / ".complete").touch()
    return folder
