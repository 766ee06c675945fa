"""The in-process dashboard benchmark answers with figures from pages really served."""

from campus.bench.dashboard import catalog_calls_per_page, page_p50_ms


def test_the_page_p50_is_measured_on_both_architectures_from_a_few_pages():
    p50 = page_p50_ms(4)
    assert sorted(p50) == ["microservices", "monolith"]
    assert all(ms > 0 for ms in p50.values())


def test_without_the_breaker_every_page_reaches_the_stopped_catalog_twice():
    assert catalog_calls_per_page(5, protected=False) == 2
