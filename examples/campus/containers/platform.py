"""The platform `make containers` runs: every image made here, then a compose file of deploy/.

    >>> run, platform = compose_platform(arch="monolith")         # doctest: +SKIP
    >>> journey_run(platform, http); run.down()                   # doctest: +SKIP

`compose_platform` is what ``python -m campus.containers up [--arch monolith]`` does; its
answer has ``url(service)`` and ``login(username)``, as `campus.process.control.Up` has, so the
learner journey runs against it unchanged, on either architecture.
"""

import os

from campus.assembly.config import DEMO_PASSWORD, MONOLITH, PRIVATE_KEY
from campus.http import ServiceUnavailable
from campus.registry import IDENTITY
from campus.tokens.client import TokenAuth, login
from campus.tokens.keys import private_key_generate
from campus.waits import wait_until

from .compose import ComposeRun
from .engine import COMPOSE_FILES, say
from .images import base_image, service_images, wheelhouse

__all__ = ["Platform", "compose_environ", "compose_platform", "images_made"]


def images_made() -> dict[str, str]:
    """Variable -> image: the base, PostgreSQL and Redis images compose.yaml takes from the
    shell, made from Debian's packages unless this machine has them already."""
    base = base_image()
    made = service_images(base)
    return {
        "CAMPUS_BASE_IMAGE": base,
        "CAMPUS_POSTGRES_IMAGE": made["postgres"],
        "CAMPUS_REDIS_IMAGE": made["redis"],
    }


def compose_environ(images: dict[str, str], environ=os.environ) -> dict[str, str]:
    """What compose.yaml reads from the shell: the images, and the identity's signing key
    (the file names none: made up here unless the shell gives one, as campus up does)."""
    values = {**environ, **images}
    if not values.get(PRIVATE_KEY):
        values[PRIVATE_KEY] = private_key_generate()
    return values


def build_args() -> list[str]:
    """`podman build` options that install from wheels built on the host (no index asked)."""
    folder = wheelhouse()
    args = ["--build-arg=PIP_NO_INDEX=1", "--build-arg=PIP_FIND_LINKS=/wheels"]
    return [*args, "--volume", f"{folder}:/wheels:ro"]


class Platform:
    """A running platform seen from the host: its published URLs, its demo accounts."""

    def __init__(self, urls: dict[str, str], demo_password: str, arch: str = "microservices"):
        self.urls, self.demo_password, self.arch = urls, demo_password, arch

    def url(self, service: str) -> str:
        """Base URL that serves ``service``: its own process, or the monolith's."""
        return self.urls[MONOLITH if self.arch == MONOLITH else service]

    def login(self, username: str) -> TokenAuth:
        """A ``requests`` auth signed in as demo account ``username`` (password grant), its
        first token fetched now: asked again while the identity answers too slowly (a gunicorn
        worker's first request, a password hash, on a loaded machine)."""
        auth = login(
            identity_url=self.url(IDENTITY), username=username, password=self.demo_password
        )
        wait_until(
            auth.source.token, timeout=60, interval=1, what=f"a token for {username}",
            ignore=(ServiceUnavailable,),
        )  # fmt: skip
        return auth


def compose_platform(
    *, arch: str = "microservices", quiet: bool = True
) -> tuple[ComposeRun, Platform]:
    """Make the images, build campus's, start the services of ``arch``'s compose file; the run
    and what it serves. The caller stops it (``run.down()``)."""
    run = ComposeRun(COMPOSE_FILES[arch], environ=compose_environ(images_made()))
    say("building campus's image from deploy/Dockerfile")
    run.build(*build_args(), quiet=quiet)
    try:
        run.up()
    except BaseException:  # a bring-up that fails halfway leaves nothing running either
        run.down()
        raise
    passwords = [
        s["environment"][DEMO_PASSWORD]
        for s in run.services.values()
        if DEMO_PASSWORD in s.get("environment", {})
    ]
    return run, Platform(run.published(), passwords[0], arch)
