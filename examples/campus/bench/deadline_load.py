"""Light load with a deadline on every request, and the tally of what came back: what a fault
run of `campus.bench.stalls` measures while a backing service is stalled.

Each thread sends the learner's pages in turn (the catalog's course, her enrollments, her
certificates, her dashboard), each with ``X-Deadline-Ms`` (the time it will wait), and records
how long the answer took and its status; a request still unanswered after ``give_up_s``
(`GIVE_UP_S` unless told) counts as unanswered.

    >>> with DeadlineLoad(up, threads=4) as load:      # doctest: +SKIP
    ...     time.sleep(30)
    >>> load.tally().in_time
"""

import threading
import time
from collections import Counter
from dataclasses import dataclass

import requests

from campus.deadlines import DEADLINE_HEADER
from campus.http import ServiceUnavailable, session_make
from campus.keys import DEMO_COURSE

__all__ = ["GIVE_UP_S", "MARGIN_S", "DeadlineLoad", "Tally"]

MARGIN_S = 0.5  # an answer this long after its deadline still counts as in time
GIVE_UP_S = 60.0  # longer than any stall: the load sees how late an answer comes, not a timeout
PAUSE_S = 0.05  # between two requests of one thread: light load


@dataclass(frozen=True)
class Tally:
    requests: int
    in_time: int  # answered within the deadline plus MARGIN_S
    late: int  # answered, but after that
    unanswered: int  # no answer within GIVE_UP_S, or the connection failed
    statuses: dict  # status (or "none") -> count
    retry_after: int  # 503 answers that carry Retry-After

    def statuses_text(self) -> str:
        return " ".join(f"{status}:{n}" for status, n in sorted(self.statuses.items()))


class DeadlineLoad:
    """``threads`` threads sending the learner ``ada``'s pages to ``up`` (a started
    `campus.process.control.Up`), each request with a deadline of ``deadline_s``."""

    def __init__(
        self, up, *, threads: int = 4, deadline_s: float = 1.0, give_up_s: float = GIVE_UP_S
    ):
        self.deadline_s, self.threads, self.give_up_s = deadline_s, threads, give_up_s
        self.pages = [
            up.url("catalog") + f"/courses/{DEMO_COURSE}",
            up.url("enrollments") + "/enrollments?learner=ada",
            up.url("credentials") + "/certificates?learner=ada",
            up.url("dashboard") + "/dashboard/ada",
        ]
        self.auth = up.login("ada")
        self.auth.source.token()  # signed in now: the token outlives any fault of the run
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._records: list[tuple[str, float, bool]] = []  # status, seconds, Retry-After
        self._running: list[threading.Thread] = []

    def __enter__(self) -> "DeadlineLoad":
        for n in range(self.threads):
            thread = threading.Thread(target=self._send, args=(n,), daemon=True)
            thread.start()
            self._running.append(thread)
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        for thread in self._running:
            thread.join(self.give_up_s + 5)

    def _send(self, n: int) -> None:
        header = {DEADLINE_HEADER: str(int(self.deadline_s * 1000))}
        with session_make() as http:
            while not self._stop.is_set():
                url = self.pages[n % len(self.pages)]
                n += 1
                started = time.monotonic()
                try:
                    answer = http.get(url, headers=header, auth=self.auth, timeout=self.give_up_s)
                    record = (str(answer.status_code), "Retry-After" in answer.headers)
                except (requests.RequestException, ServiceUnavailable):  # no answer, no token
                    record = ("none", False)
                with self._lock:
                    self._records.append((record[0], time.monotonic() - started, record[1]))
                self._stop.wait(PAUSE_S)

    def tally(self) -> Tally:
        with self._lock:
            records = list(self._records)
        limit = self.deadline_s + MARGIN_S
        answered = [(s, t) for s, t, _ in records if s != "none"]
        return Tally(
            requests=len(records),
            in_time=sum(1 for _, t in answered if t <= limit),
            late=sum(1 for _, t in answered if t > limit),
            unanswered=len(records) - len(answered),
            statuses=dict(Counter(s for s, _, _ in records)),
            retry_after=sum(1 for s, _, r in records if s == "503" and r),
        )
