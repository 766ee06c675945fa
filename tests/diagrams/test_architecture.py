"""The model the figures draw, read from the registry and held to what the platform really does."""

import pytest
from architecture import Topic, architecture

from campus.journey import journey_run
from campus.registry import SERVICES, ServiceSpec, service_get


def _spec(name: str, **declared) -> ServiceSpec:
    return ServiceSpec(name, "entity", f"{name}, made up for a test", True, **declared)


def test_every_registry_service_is_a_node_in_registry_order():
    assert architecture().services == SERVICES


def test_each_declared_call_becomes_one_edge_from_caller_to_callee():
    model = architecture([_spec("a", calls=("b", "c")), _spec("b", calls=("c",)), _spec("c")])
    assert model.call_edges() == {("a", "b"), ("a", "c"), ("b", "c")}


def test_an_event_runs_from_its_publisher_to_each_consumer_and_to_no_one_else():
    model = architecture(
        [
            _spec("producer", publishes=("done",)),
            _spec("first", consumes=("done",)),
            _spec("second", consumes=("done",)),
            _spec("bystander"),
        ]
    )
    assert model.event_edges() == {("producer", "first", "done"), ("producer", "second", "done")}


def test_an_event_nobody_consumes_still_has_a_topic():
    model = architecture([_spec("producer", publishes=("done",))])
    assert model.topics == (Topic("done", "producer", ()),)
    assert model.event_edges() == set()


def test_the_registrys_events_each_run_from_a_publisher_to_a_consumer_of_that_type():
    edges = architecture().event_edges()
    assert edges, "the registry declares at least one event"
    for publisher, consumer, event_type in edges:
        assert event_type in service_get(publisher).publishes
        assert event_type in service_get(consumer).consumes


def test_a_call_to_a_service_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="'ghost', which is not a service"):
        architecture([_spec("a", calls=("ghost",))])


def test_an_event_type_with_two_producers_is_refused():
    with pytest.raises(ValueError, match="several producers"):
        architecture([_spec("a", publishes=("done",)), _spec("b", publishes=("done",))])


def test_an_event_type_that_no_service_publishes_is_refused():
    with pytest.raises(ValueError, match="b consumes done, which no service publishes"):
        architecture([_spec("a"), _spec("b", consumes=("done",))])


def test_the_declared_calls_are_exactly_the_calls_the_journey_makes_on_the_microservices(
    microservices, http
):
    microservices.trace.clear()
    journey_run(microservices, http)
    assert architecture().call_edges() == microservices.trace.edges()
