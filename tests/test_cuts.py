"""The model of where to cut counts the calls a real journey makes, and so can price other cuts."""

import pytest
from django.apps import apps

from campus.cuts import FACTS, JOURNEY, MONOLITH, PER_NOUN, TODAY, Split, Step, journey_calls
from campus.journey import journey_run
from campus.registry import app_owner, fact_owner


def _traced_calls(platform, steps) -> dict[str, tuple[str, ...]]:
    """Per step, the services its request called, read from the platform's trace (first
    attempts only: a retry is the same call again)."""
    calls = {}
    for step in steps:
        hops = platform.trace.hops(request_id=step.request_id)
        assert {hop.caller for hop in hops} <= {step.service}
        calls[step.name] = tuple(sorted(hop.callee for hop in hops if hop.attempt == 1))
    return calls


def test_today_s_split_predicts_the_calls_of_every_step_of_a_journey_on_the_microservices(
    microservices, http
):
    steps = journey_run(microservices, http)
    assert [step.name for step in steps] == [step.name for step in JOURNEY]
    predicted = {name: tuple(sorted(calls)) for name, calls in journey_calls(TODAY).items()}
    assert _traced_calls(microservices, steps) == predicted


def test_the_monolith_split_predicts_no_call_and_the_monolith_makes_none(monolith, http):
    steps = journey_run(monolith, http)
    assert _traced_calls(monolith, steps) == journey_calls(MONOLITH)
    assert set(journey_calls(MONOLITH).values()) == {()}


def test_each_step_enters_where_today_s_split_places_it(microservices, http):
    steps = journey_run(microservices, http)
    entries = {step.name: TODAY.place(step.entry) for step in JOURNEY}
    assert entries == {step.name: step.service for step in steps}


@pytest.mark.parametrize("fact", FACTS)
def test_each_fact_lives_in_a_model_of_the_database_of_the_service_that_owns_it(fact):
    model_label, fields = FACTS[fact]
    model = apps.get_model(model_label)
    assert app_owner(model._meta.app_label) == fact_owner(fact)
    assert set(fields) <= {f.name for f in model._meta.get_fields()}


def test_one_service_per_noun_adds_a_call_where_a_step_reads_two_nouns_one_service_holds():
    today, per_noun = journey_calls(TODAY), journey_calls(PER_NOUN)
    assert today["list courses"] == ()
    assert per_noun["list courses"] == ("course",)
    assert {name for name in today if len(today[name]) != len(per_noun[name])} == {"list courses"}


def test_a_service_that_owns_no_fact_stands_alone_unless_the_split_puts_the_rest_somewhere():
    page = (Step("page", entry="page", reads=("course",)),)
    assert journey_calls(Split("apart", {"course": "catalog"}), page) == {"page": ("catalog",)}
    assert journey_calls(Split("together", rest="one"), page) == {"page": ()}
