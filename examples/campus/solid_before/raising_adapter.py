"""L, before: an HTTP adapter for enrollments' `CourseCatalog` port that breaks its promise.

The port promises a `CourseSummary`, or None for an unknown course. This adapter raises
``requests.HTTPError`` for an unknown course and lets ``requests``' own errors out when the
catalog cannot answer, where the in-process adapter never raises: callers written against one
break on the other, and the view answers 500.
"""

from urllib.parse import quote

import requests

from campus.enrollments.data import CourseSummary

__all__ = ["RaisingCourseCatalog"]


class RaisingCourseCatalog:
    def __init__(self, base_url: str, *, timeout: float = 2.0, auth=None):
        self.base_url, self.timeout = base_url.rstrip("/"), timeout
        self.session = requests.Session()
        self.session.trust_env = False  # 127.0.0.1 only, never through a proxy
        self.session.auth = auth  # the token the catalog asks every caller for

    def course_get(self, *, course_key: str) -> CourseSummary:
        url = f"{self.base_url}/courses/{quote(course_key, safe=':+')}"
        response = self.session.get(url, timeout=self.timeout)
        response.raise_for_status()
        body = response.json()
        return CourseSummary(key=body["key"], enrollment_open=body["enrollment_open"])

    def close(self) -> None:
        self.session.close()
