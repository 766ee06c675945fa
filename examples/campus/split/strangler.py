"""The strangler fig: a routing layer in front of the monolith, one path at a time.

A request whose path starts with a prefix that has moved goes to the new service's app; every
other request goes to the monolith. Moving a path is one more entry; moving it back is removing
it. Both sides are WSGI apps (`campus.embedded.ServiceApp`), so the router is itself one and
runs on a `campus.embedded.LoopbackServer`:

    >>> front = StranglerFig(monolith.apps["monolith"])                  # doctest: +SKIP
    >>> front.move("/courses", services.apps["catalog"], name="catalog")  # doctest: +SKIP

The name is Martin Fowler's, "Strangler Fig Application" (first written in 2004 as
"StranglerApplication"):
https://martinfowler.com/bliki/StranglerFigApplication.html
"""

import threading
from collections import Counter
from dataclasses import dataclass

__all__ = ["FrontDoor", "StranglerFig"]


@dataclass(frozen=True)
class FrontDoor:
    """One URL for every service, as clients see the platform behind the router: what
    `campus.journey.journey_run` takes as its ``platform``."""

    base_url: str
    password: str  # of the demo accounts, which sign in through the same door

    def url(self, service: str) -> str:
        return self.base_url

    def login(self, username: str):
        """A ``requests`` auth signed in as ``username`` at the identity behind the door."""
        from campus.tokens.client import login

        return login(identity_url=self.base_url, username=username, password=self.password)


class StranglerFig:
    """Routes by path prefix; ``served`` counts the requests each side answered."""

    def __init__(self, monolith, *, name: str = "monolith"):
        self.monolith, self.name = monolith, name
        self.routes: dict[str, tuple[str, object]] = {}
        self.served: Counter[str] = Counter()
        self._lock = threading.Lock()

    def move(self, prefix: str, app, *, name: str) -> None:
        """Send ``prefix`` (``/courses``: the path itself and everything under it) to ``app``."""
        if not prefix.startswith("/") or prefix.endswith("/"):
            raise ValueError(f"prefix {prefix!r} must start with / and not end with one")
        self.routes[prefix] = (name, app)

    def target(self, path: str) -> tuple[str, object]:
        """``(name, app)`` that answers ``path``: the longest moved prefix, else the monolith."""
        moved = [p for p in self.routes if path == p or path.startswith(p + "/")]
        if not moved:
            return self.name, self.monolith
        return self.routes[max(moved, key=len)]

    def __call__(self, environ, start_response):
        name, app = self.target(environ.get("PATH_INFO", "/"))
        with self._lock:
            self.served[name] += 1
        return app(environ, start_response)
