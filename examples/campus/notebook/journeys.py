"""The learner journey (`campus.journey.journey_run`) on the two builds, side by side: what each
step answered, and how many hops each step caused.

    >>> on_monolith = journey_run(monolith, http)                      # doctest: +SKIP
    >>> on_services = journey_run(services, http)                      # doctest: +SKIP
    >>> rows = steps_compare(on_monolith, on_services)                 # doctest: +SKIP
"""

from collections.abc import Sequence

from campus.journey import JourneyStep
from campus.tables import table_format

__all__ = ["step_hops_show", "steps_compare"]


def steps_compare(
    on_monolith: Sequence[JourneyStep], on_services: Sequence[JourneyStep]
) -> list[tuple]:
    """Print, then return, one row per step: its request, the status each build answered, and
    whether the two answers are the same (`JourneyStep.answer` keeps only what is the same from
    run to run: no ids, uuids or times)."""
    rows = [
        (m.name, m.request, m.status, s.status, m.answer == s.answer)
        for m, s in zip(on_monolith, on_services, strict=True)
    ]
    print(table_format(["step", "request", "monolith", "microservices", "same answer"], rows))
    return rows


def step_hops_show(
    monolith, on_monolith: Sequence[JourneyStep], services, on_services: Sequence[JourneyStep]
) -> list[tuple[str, int, int, str]]:
    """Print, then return, one row per step: the hops it caused on each build (each step sent
    its own ``X-Request-ID``, which every hop carries) and who called whom on the microservices.
    """
    rows = []
    for m, s in zip(on_monolith, on_services, strict=True):
        hops = services.trace.hops(request_id=s.request_id)
        callees: dict[str, set[str]] = {}
        for hop in hops:
            callees.setdefault(hop.caller, set()).add(hop.callee)
        calls = "; ".join(f"{caller} -> {', '.join(sorted(c))}" for caller, c in callees.items())
        in_monolith = len(monolith.trace.hops(request_id=m.request_id))
        rows.append((s.name, in_monolith, len(hops), calls or "-"))
    print(table_format(["step", "monolith hops", "microservices hops", "calls"], rows))
    return rows
