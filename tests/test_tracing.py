"""Where the time goes: a span per inbound request and per outbound attempt, one trace across
services through W3C traceparent, read back as hops."""

import os
import random
import time

from opentelemetry.sdk.resources import SERVICE_NAME
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from campus import tracing
from campus.tracing import Trace, otlp_span_processor


def test_one_dashboard_request_is_one_trace_across_every_service(microservices, http, enroll):
    enroll(microservices)
    # One page first: the dashboard fetches its own token from the identity on its first call
    # to the catalog (cached after), a request of its own outside the page's trace.
    assert http.get(microservices.url("dashboard") + "/dashboard/ada").status_code == 200
    _quiet(microservices.trace)  # every span of it, so none lands among the next page's
    microservices.trace.clear()
    assert http.get(microservices.url("dashboard") + "/dashboard/ada").status_code == 200
    # A token request (the dashboard's own, or an exchange of ada's token) is a request of its
    # own at the identity, outside the page's trace.
    spans = _settled(microservices.trace, 7, keep=lambda s: _service(s) != "identity")
    [page] = [s for s in spans if s.kind == SpanKind.SERVER and _service(s) == "dashboard"]
    calls = [s for s in spans if s.kind == SpanKind.CLIENT]
    served = [s for s in spans if s.kind == SpanKind.SERVER and s is not page]
    assert {s.context.trace_id for s in spans} == {page.context.trace_id}
    assert {c.parent.span_id for c in calls} == {page.context.span_id}
    # Each callee's server span is the child of the caller's client span: traceparent crossed.
    assert {s.parent.span_id for s in served} == {c.context.span_id for c in calls}
    assert sorted(_service(s) for s in served) == ["catalog", "credentials", "enrollments"]


def test_spans_leave_the_processs_shared_random_state_alone(platform, http, enroll):
    # Span and trace ids come from a generator of their own (see campus.tracing).
    enroll(platform)
    _quiet(platform.trace)
    platform.trace.clear()
    before = random.getstate()
    assert http.get(platform.url("dashboard") + "/dashboard/ada").status_code == 200
    spans = 1 if platform.arch == "monolith" else 7  # as in the first test of this module
    assert len(_settled(platform.trace, spans, keep=lambda s: _service(s) != "identity")) >= spans
    assert random.getstate() == before


def test_a_process_forked_after_its_provider_was_made_draws_other_span_ids():
    # gunicorn builds the app, and its providers, in the master, then forks the workers.
    tracer = Trace().tracer("catalog")
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the worker: send its next span id, and leave at once
        os.write(write, tracer.start_span("in the worker").context.span_id.to_bytes(8, "big"))
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    with os.fdopen(read, "rb") as pipe:
        in_worker = int.from_bytes(pipe.read(), "big")
    in_master = tracer.start_span("in the master").context.span_id
    assert in_worker != in_master


def test_a_request_from_outside_starts_a_trace_of_its_own(microservices, http):
    microservices.trace.clear()
    http.get(microservices.url("catalog") + "/courses")
    http.get(microservices.url("catalog") + "/courses")
    first, second = _settled(microservices.trace, 2)
    assert (first.parent, second.parent) == (None, None)
    assert first.context.trace_id != second.context.trace_id


def test_a_caller_that_sends_traceparent_is_the_parent_of_the_server_span(microservices, http):
    microservices.trace.clear()
    parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    http.get(microservices.url("catalog") + "/courses", headers={"traceparent": parent})
    [span] = _settled(microservices.trace, 1)
    assert f"{span.context.trace_id:032x}" == "0af7651916cd43dd8448eb211c80319c"
    assert f"{span.parent.span_id:016x}" == "b7ad6b7169203331"


def test_the_monolith_makes_no_outbound_span(monolith, http):
    monolith.trace.clear()
    http.get(monolith.url("dashboard") + "/dashboard/ada")
    assert monolith.trace.hops() == []
    assert [s.kind for s in _settled(monolith.trace, 1)] == [SpanKind.SERVER]


def test_spans_go_to_otlp_only_when_a_trace_asks_for_it(monkeypatch):
    made = []

    def stand_in():
        made.append("otlp")
        return SimpleSpanProcessor(InMemorySpanExporter())

    monkeypatch.setattr(tracing, "otlp_span_processor", stand_in)
    Trace().provider("catalog")
    assert made == []
    Trace(otlp=True).provider("catalog")
    assert made == ["otlp"]


def test_the_otlp_processor_batches_to_the_exporter_the_sdk_configures():
    processor = otlp_span_processor()
    assert isinstance(processor, BatchSpanProcessor)
    processor.shutdown()


def test_each_service_names_itself_in_its_spans():
    trace = Trace()
    with trace.tracer("catalog").start_as_current_span("x"):
        pass
    assert [_service(s) for s in trace.spans()] == ["catalog"]


def _service(span) -> str:
    return span.resource.attributes[SERVICE_NAME]


def _quiet(trace: Trace, still: float = 0.2, timeout: float = 3.0) -> None:
    """Wait until no span has ended for ``still`` seconds: a callee's server span can end a
    moment after its caller's page has been answered, and its own span ended."""
    ends = time.monotonic() + timeout
    seen, since = len(trace.spans()), time.monotonic()
    while time.monotonic() < ends and time.monotonic() - since < still:
        time.sleep(0.01)
        if len(trace.spans()) != seen:
            seen, since = len(trace.spans()), time.monotonic()


def _settled(trace: Trace, count: int, timeout: float = 2.0, keep=lambda span: True):
    """The spans ``keep`` accepts once ``count`` have ended: a server span ends once its answer
    has been sent, which can be a moment after the client has read it."""
    ends = time.monotonic() + timeout

    def kept():
        return [s for s in trace.spans() if keep(s)]

    while len(kept()) < count and time.monotonic() < ends:
        time.sleep(0.005)
    return kept()
