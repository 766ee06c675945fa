"""The benchmark script keeps working: a tiny run prints every row, and the figures are data."""

import pytest

from campus.bench.lifecycle import main, measure_hops, measure_import, measure_lifecycle


def test_measure_hops_returns_n_timings_of_each_kind(platform):
    figures = measure_hops(platform, 5, warmup=1)
    assert sorted(figures) == ["bare", "direct", "hop"]
    assert all(len(ms) == 5 and min(ms) > 0 for ms in figures.values())


def test_measure_lifecycle_keeps_the_first_start_apart():
    figures = measure_lifecycle("monolith", 2)
    assert [len(figures[k]) for k in ("first start", "start", "stop")] == [1, 2, 2]


def test_measure_import_times_a_fresh_interpreter_importing_the_platform():
    assert measure_import(runs=1) > 0


def test_a_tiny_run_prints_both_architectures_every_target_and_what_the_targets_mean(capsys):
    assert main(["--runs", "2", "--rounds", "2", "--requests", "3"]) == 0
    printed = capsys.readouterr().out
    words_expected = (
        "Importing the platform",
        "start <= 100, stop <= 50",
        "target <= 1.5x",
        "this project's own goals",  # whose targets
        "1.5x means they add 50% of what the round trip",  # what the ratio means
    )
    for words in ("monolith", "microservices", *words_expected):
        assert words in printed
    assert printed.count("hop through the client") == 2
    assert "MISSED" not in printed  # a verdict without its meaning


@pytest.mark.parametrize(("option", "value"), [("--runs", "0"), ("--requests", "1")])
def test_too_few_runs_or_requests_are_refused_before_anything_starts(option, value, capsys):
    with pytest.raises(SystemExit) as refused:
        main([option, value])
    assert refused.value.code == 2
    assert "fewer than" in capsys.readouterr().err
