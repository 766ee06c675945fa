"""The learner journey as a client drives it over HTTP, the same on either architecture.

List the courses, enroll, complete the course, read the certificates, read the dashboard: the
learner signs in first (``platform.login``, the identity's password grant) and every step sends
the learner's token, except completing, which a staff member does with theirs. Each
step keeps only the part of the answer that is the same from run to run (no ids, uuids or
times), so the steps of two runs compare with ``==``:

    >>> with Platform("monolith") as platform, requests.Session() as http:   # doctest: +SKIP
    ...     [step.name for step in journey_run(platform, http)]
    ['list courses', 'enroll', 'complete', 'certificates', 'dashboard']

Every step sends its own ``X-Request-ID``, so ``platform.trace.hops(request_id=step.request_id)``
lists the calls between services that this one step caused.
"""

import uuid
from dataclasses import dataclass, field

from campus.http import REQUEST_ID_HEADER
from campus.identity.data import DEMO_STAFF
from campus.keys import DEMO_COURSE
from campus.waits import wait_until

__all__ = ["DEMO_COURSE", "JourneyFailed", "JourneyStep", "journey_run"]


@dataclass(frozen=True)
class JourneyStep:
    name: str
    service: str  # whose route answers; on the monolith, the monolith serves every route
    request: str  # e.g. "POST /enrollments"
    status: int
    answer: object  # the part of the body that is the same on every run
    request_id: str = field(compare=False)  # new on every run, so never part of a comparison


class JourneyFailed(RuntimeError):
    """A step got an error answer, and the steps after it need what it should have returned."""


# How long a step waits for what an event will bring (a certificate), in seconds.
EVENTUAL_WAIT_S = 5.0


def journey_run(
    platform, http, *, learner: str = "ada", course_key: str = DEMO_COURSE
) -> list[JourneyStep]:
    """Walk ``learner`` through ``course_key`` and return the five steps.

    ``platform`` is anything with ``url(service)`` and ``login(username)``, such as a running
    `campus.embedded.Platform` or `campus.process.control.Up`; ``http`` is a ``requests.Session``.
    Raises `JourneyFailed` on the first error answer.
    """
    steps: list[JourneyStep] = []
    as_learner, as_staff = platform.login(learner), platform.login(DEMO_STAFF[0])

    def step(name, service, method, path, stable, until=None, auth=as_learner, **kwargs):
        request_id = uuid.uuid4().hex
        url = platform.url(service) + path
        answers = []

        def answered() -> bool:
            headers = {REQUEST_ID_HEADER: request_id}
            response = http.request(method, url, headers=headers, auth=auth, **kwargs)
            answers.append((response, response.json()))
            return until is None or response.status_code >= 400 or until(answers[-1][1])

        try:
            wait_until(answered, timeout=EVENTUAL_WAIT_S, interval=0.02, what=name)
        except TimeoutError:
            raise JourneyFailed(f"{name}: {method} {path} still answers {answers[-1][1]}") from None
        response, body = answers[-1]
        if response.status_code >= 400:
            raise JourneyFailed(f"{name}: {method} {path} answered {response.status_code}: {body}")
        request = f"{method} {path}"
        steps.append(
            JourneyStep(name, service, request, response.status_code, stable(body), request_id)
        )
        return body

    step("list courses", "catalog", "GET", "/courses", lambda body: [c["key"] for c in body])
    enrolled = {"learner": learner, "course_key": course_key}
    enrollment = step("enroll", "enrollments", "POST", "/enrollments", _enrollment, json=enrolled)
    complete = f"/enrollments/{enrollment['id']}/complete"
    step("complete", "enrollments", "POST", complete, _enrollment, auth=as_staff)
    certificates = step(
        "certificates",
        "credentials",
        "GET",
        f"/certificates?learner={learner}",
        lambda body: [_pick(c, "learner", "course_key") for c in body],
        # Certificates are issued by an event, after the completion's answer: asked too early,
        # credentials has not heard of it yet (eventual consistency), so ask again.
        until=lambda body: any(c["course_key"] == course_key for c in body),
    )
    issued = {c["uuid"] for c in certificates}
    step(
        "dashboard",
        "dashboard",
        "GET",
        f"/dashboard/{learner}",
        lambda body: _dashboard(body, issued),
        # Read from its read model, the dashboard hears of the certificate one event later.
        until=lambda body: any(c["certificate"] in issued for c in body["courses"]),
    )
    return steps


def _pick(body: dict, *names: str) -> dict:
    return {name: body[name] for name in names}


def _enrollment(body: dict) -> dict:
    return _pick(body, "learner", "course_key", "status")


def _dashboard(body: dict, issued: set[str]) -> dict:
    courses = [
        # A certificate's uuid differs per run; what must hold is that it is the one issued.
        {
            **_pick(c, "course_key", "title", "status"),
            "certificate_shown": c["certificate"] in issued,
        }
        for c in body["courses"]
    ]
    return {"courses": courses, "unavailable": body["unavailable"]}
