"""The in-process dashboard benchmark answers with figures from pages really served."""

from campus.bench.dashboard import catalog_calls_per_page, learner_enroll, page_p50_ms


def test_the_page_p50_is_measured_on_both_architectures_from_a_few_pages():
    p50 = page_p50_ms(4)
    assert sorted(p50) == ["microservices", "monolith"]
    assert all(ms > 0 for ms in p50.values())


def test_without_the_breaker_every_page_reaches_the_stopped_catalog_twice():
    assert catalog_calls_per_page(5, protected=False) == 2


class _Answer:
    def __init__(self, status_code: int, body: dict):
        self.status_code, self._body, self.text = status_code, body, str(body)

    def json(self) -> dict:
        return self._body

    def raise_for_status(self) -> None:
        assert self.status_code < 400


class _Busy:
    """A platform whose first enrollment is refused 503, as one still fetching its token."""

    def __init__(self):
        self.posted: list[tuple[str, int]] = []

    def url(self, service: str) -> str:
        return f"http://{service}"

    def login(self, username: str) -> str:
        return username

    def drain(self) -> bool:
        return True

    def post(self, url, json=None, auth=None) -> _Answer:
        status = 503 if not self.posted else (200 if url.endswith("/complete") else 201)
        self.posted.append((url, status))
        return _Answer(status, {"id": len(self.posted)})


def test_an_enrollment_refused_503_by_a_platform_still_starting_is_asked_again():
    busy = _Busy()
    learner_enroll(busy, busy)  # the fake answers as the platform and as its HTTP session
    assert [status for _, status in busy.posted] == [503, 201, 201, 200]
    assert busy.auth == "ada"  # pages are then asked as the learner
