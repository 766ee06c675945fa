"""wait_until: the first true answer, a TimeoutError naming what it waited for, or the error."""

import itertools

import pytest

from campus.waits import wait_until


def test_it_returns_the_first_true_answer_asking_again_until_then():
    answers = iter([0, "", "ready", "later"])
    assert wait_until(lambda: next(answers), timeout=5, interval=0, what="x") == "ready"
    assert next(answers) == "later"


def test_it_raises_a_timeout_naming_what_it_waited_for():
    with pytest.raises(TimeoutError, match=r"^waited 0\.05 s for the catalog to answer$"):
        wait_until(lambda: False, timeout=0.05, interval=0.01, what="the catalog to answer")


def test_an_ignored_error_counts_as_not_yet_and_is_chained_to_the_timeout():
    calls = itertools.count()

    def refused():
        next(calls)
        raise ConnectionRefusedError("no one listens")

    with pytest.raises(TimeoutError, match="for the port") as raised:
        wait_until(refused, timeout=0.05, interval=0.01, what="the port", ignore=(OSError,))
    assert isinstance(raised.value.__cause__, ConnectionRefusedError)
    assert next(calls) > 1  # asked again after the first refusal


def test_an_error_not_ignored_goes_through_at_once():
    calls = itertools.count()

    def broken():
        next(calls)
        raise ValueError("broken")

    with pytest.raises(ValueError, match="broken"):
        wait_until(broken, timeout=5, interval=0.01, what="x", ignore=(OSError,))
    assert next(calls) == 1
