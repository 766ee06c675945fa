"""Which services exist, what kind each is, and what each calls, publishes and consumes.

The runtime starts services from this list, the diagrams draw it, and tests hold the running
platform to it (the calls seen in the trace must be the calls declared here).

    >>> [s.name for s in SERVICES]
    ['catalog', 'enrollments', 'credentials', 'dashboard', 'identity']

Every service but the identity provider verifies the access tokens the identity provider signs
(`campus.tokens`); that trust is not a call, so it is not in ``calls``.
"""

from dataclasses import dataclass

from campus.events import CERTIFICATE_CREATED, COURSE_CHANGED, COURSE_COMPLETED, ENROLLMENT_CREATED

__all__ = [
    "IDENTITY",
    "SERVICES",
    "ServiceSpec",
    "app_owner",
    "fact_owner",
    "resource_services",
    "service_get",
]

IDENTITY = "identity"  # the service that issues the access tokens every other service verifies


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    kind: str  # entity, process, worker, aggregator or identity provider
    summary: str
    owns_data: bool
    calls: tuple[str, ...] = ()
    publishes: tuple[str, ...] = ()
    consumes: tuple[str, ...] = ()
    # Django apps besides its own whose tables live in this service's database.
    owns_apps: tuple[str, ...] = ()
    # Its data belongs to learners, each of whom may see only their own: a neighbour calling it
    # for a learner exchanges that learner's token for one good here only (RFC 8693), so this
    # service checks whose data is asked.
    learner_data: bool = False
    # The business capability it serves, and the facts it is the one source of truth for (each
    # fact has exactly one owner; `campus.cuts` counts what other splits of them would cost).
    capability: str = ""
    facts: tuple[str, ...] = ()
    # The Celery tasks it sends and its own worker runs (``campus worker``), by their names
    # after ``campus.<service>.``: commands, where ``publishes`` are facts.
    tasks: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        return f"campus.{self.name}"

    @property
    def app_labels(self) -> tuple[str, ...]:
        """The Django apps whose tables live in this service's database (none without data)."""
        return (self.name, *self.owns_apps) if self.owns_data else ()


SERVICES = (
    ServiceSpec(
        "catalog",
        "entity",
        "Courses: the source of truth for course data",
        True,
        publishes=(COURSE_CHANGED,),
        capability="Publish courses",
        facts=("course", "run"),
    ),
    ServiceSpec(
        "enrollments",
        "process",
        "Enroll in and complete course runs",
        True,
        # The catalog from its web process; credentials from its worker (a learner's grade).
        calls=("catalog", "credentials"),
        publishes=(ENROLLMENT_CREATED, COURSE_COMPLETED),
        tasks=("grade_send",),
        learner_data=True,
        capability="Enroll learners",
        facts=("enrollment",),
    ),
    ServiceSpec(
        "credentials",
        "worker",
        "Issues certificates when a course is completed",
        True,
        consumes=(COURSE_COMPLETED,),
        publishes=(CERTIFICATE_CREATED,),
        learner_data=True,
        capability="Certify learners",
        facts=("certificate",),
    ),
    ServiceSpec(
        "dashboard",
        "aggregator",
        "A learner's page assembled from the others (by calls, or from their events)",
        True,
        calls=("catalog", "enrollments", "credentials"),
        consumes=(COURSE_CHANGED, ENROLLMENT_CREATED, COURSE_COMPLETED, CERTIFICATE_CREATED),
        learner_data=True,
        # Its rows are copies of its neighbours' facts (a read model), so it owns none.
        capability="Show progress",
    ),
    ServiceSpec(
        IDENTITY,
        "identity provider",
        "OAuth2 provider: signs the access tokens the other services verify",
        True,
        owns_apps=("auth", "contenttypes", "oauth2_provider"),
        capability="Sign people in",
        facts=("learner",),
    ),
)


def service_get(name: str) -> ServiceSpec:
    for spec in SERVICES:
        if spec.name == name:
            return spec
    raise KeyError(f"no service named {name!r}; known: {[s.name for s in SERVICES]}")


def resource_services() -> tuple[str, ...]:
    """The services that verify access tokens: every one but the identity provider. They are
    the audiences a learner's token names."""
    return tuple(s.name for s in SERVICES if s.name != IDENTITY)


def app_owner(app_label: str) -> str | None:
    """The service whose database holds the tables of Django app ``app_label``, if any."""
    return next((s.name for s in SERVICES if app_label in s.app_labels), None)


def fact_owner(fact: str) -> str:
    """The one service that owns ``fact`` (``"run"``, ``"enrollment"``, ...)."""
    owners = [s.name for s in SERVICES if fact in s.facts]
    if len(owners) != 1:
        raise KeyError(f"{fact!r} has owners {owners}; a fact has exactly one")
    return owners[0]
