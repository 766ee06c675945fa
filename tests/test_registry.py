"""The registry says what each service calls, publishes and consumes; the running code agrees."""

import importlib

import pytest
import requests
from django.apps import apps

from campus.embedded import Platform
from campus.events import EVENT_TYPES
from campus.journey import journey_run
from campus.registry import IDENTITY, SERVICES, fact_owner, resource_services, service_get

KINDS = {"entity", "process", "worker", "aggregator", "identity provider"}
NAMES = [s.name for s in SERVICES]


@pytest.fixture(scope="module")
def journey_on_microservices():
    """One learner journey on the microservices: the trace and the bus it leaves behind."""
    with Platform("microservices") as platform, requests.Session() as http:
        platform.trace.clear()
        journey_run(platform, http)
        platform.drain()  # the completion's grade, sent after the answer, from the outbox
        yield platform.trace.hops(), platform.bus.published(), platform.bus.deliveries()


def test_services_have_unique_names_and_a_known_kind():
    assert len(set(NAMES)) == len(NAMES)
    assert {s.kind for s in SERVICES} <= KINDS


def test_a_service_is_found_by_name_and_an_unknown_name_is_refused():
    assert service_get("catalog").kind == "entity"
    with pytest.raises(KeyError, match="no service named 'grades'"):
        service_get("grades")


@pytest.mark.parametrize("spec", SERVICES, ids=NAMES)
def test_a_service_owns_data_exactly_when_its_apps_have_models(spec):
    labels = (spec.name, *spec.owns_apps)
    has_models = any(list(apps.get_app_config(label).get_models()) for label in labels)
    assert spec.owns_data == has_models


def test_every_app_with_tables_belongs_to_exactly_one_service():
    with_models = {c.label for c in apps.get_app_configs() if list(c.get_models())}
    owned = [label for s in SERVICES for label in s.app_labels]
    assert sorted(owned) == sorted(set(owned))
    assert with_models <= set(owned)


def test_every_service_but_the_identity_provider_verifies_tokens():
    assert set(resource_services()) == set(NAMES) - {IDENTITY}


@pytest.mark.parametrize("spec", SERVICES, ids=NAMES)
def test_a_service_calls_only_declared_services_other_than_itself(spec):
    assert set(spec.calls) <= set(NAMES) - {spec.name}


def test_every_event_type_has_exactly_one_producer_and_every_consumed_type_a_producer():
    producers = [t for s in SERVICES for t in s.publishes]
    assert sorted(producers) == sorted(set(producers))
    assert set(producers) == set(EVENT_TYPES)
    assert {t for s in SERVICES for t in s.consumes} <= set(producers)


@pytest.mark.parametrize("spec", SERVICES, ids=NAMES)
def test_the_declared_consumers_are_the_event_handlers_in_the_service_api(spec):
    api = importlib.import_module(f"{spec.module}.api")
    assert set(spec.consumes) == set(getattr(api, "EVENT_HANDLERS", {}))


def test_the_calls_seen_during_a_journey_are_the_declared_calls(journey_on_microservices):
    hops, _, _ = journey_on_microservices
    declared = {(s.name, callee) for s in SERVICES for callee in s.calls}
    assert {(h.caller, h.callee) for h in hops} == declared


def test_the_events_published_during_a_journey_come_from_their_declared_producer(
    journey_on_microservices,
):
    _, published, _ = journey_on_microservices
    declared = {(f"/campus/{s.name}", t) for s in SERVICES for t in s.publishes}
    assert {(e.get_source(), e.get_type()) for e in published} == declared


def test_the_events_delivered_during_a_journey_reach_exactly_the_declared_consumers(
    journey_on_microservices,
):
    _, _, deliveries = journey_on_microservices
    declared = {(s.name, t) for s in SERVICES for t in s.consumes}
    assert {(d.consumer, d.event_type) for d in deliveries} == declared
    assert {d.outcome for d in deliveries} == {"applied"}


def test_every_fact_has_exactly_one_owner_and_a_service_with_no_data_owns_none():
    facts = [fact for s in SERVICES for fact in s.facts]
    assert sorted(facts) == sorted(set(facts))
    assert all(s.owns_data for s in SERVICES if s.facts)
    assert fact_owner("enrollment") == "enrollments"
    with pytest.raises(KeyError, match="'grade' has owners"):
        fact_owner("grade")


@pytest.mark.parametrize("spec", SERVICES, ids=NAMES)
def test_every_service_names_the_capability_it_serves(spec):
    assert spec.capability
