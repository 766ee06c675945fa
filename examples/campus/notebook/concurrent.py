"""Requests sent at once, as many learners clicking together would: what each got back.

>>> statuses = posted_at_once(http, url, bodies)                   # doctest: +SKIP
"""

from concurrent.futures import ThreadPoolExecutor

__all__ = ["posted_at_once"]


def posted_at_once(http, url: str, bodies: list[dict]) -> list[int]:
    """POST each of ``bodies`` to ``url`` as JSON, a thread each, all at once; the status codes,
    in the order of ``bodies``."""
    with ThreadPoolExecutor(max_workers=len(bodies), thread_name_prefix="post") as pool:
        return list(pool.map(lambda body: http.post(url, json=body).status_code, bodies))
