"""Course titles kept for a while: the catalog is asked only for the runs not seen lately.

A TTL cache (cachetools) in front of the dashboard's `CourseCatalog` port. A title may be up to
``ttl`` seconds old: a renamed course shows its old title that long. That is the price of not
calling the catalog on every page, and why the TTL is configuration
(``CAMPUS_DASHBOARD_TITLE_TTL``), not code.

    >>> titles = CachedCourseTitles(HttpCourseCatalog(client), ttl=30)   # doctest: +SKIP
"""

import threading

from cachetools import TTLCache

from .data import CourseTitle
from .ports import CourseCatalog

__all__ = ["CachedCourseTitles"]


class CachedCourseTitles:
    """A `CourseCatalog` that answers from memory what it was told less than ``ttl`` s ago."""

    def __init__(self, inner: CourseCatalog, *, ttl: float, maxsize: int = 10_000):
        self.inner = inner
        self._titles: TTLCache = TTLCache(maxsize=maxsize, ttl=ttl)
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe on their own

    def course_titles(self, *, keys: list[str]) -> list[CourseTitle]:
        with self._lock:
            known = {k: self._titles[k] for k in keys if k in self._titles}
        missing = [k for k in keys if k not in known]
        if missing:
            fetched = self.inner.course_titles(keys=missing)
            with self._lock:
                for title in fetched:
                    self._titles[title.key] = title
            known |= {t.key: t for t in fetched}
        return [known[k] for k in keys if k in known]
