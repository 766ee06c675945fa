"""Which services exist, what kind each is, and what each calls, publishes and consumes.

The runtime starts services from this list, the diagrams draw it, and tests hold the running
platform to it (the calls seen in the trace must be the calls declared here).

    >>> [s.name for s in SERVICES]
    ['catalog', 'enrollments', 'credentials', 'dashboard']
"""

from dataclasses import dataclass

from campus.events import COURSE_COMPLETED

__all__ = ["SERVICES", "ServiceSpec", "service_get"]


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    kind: str  # entity, process, worker or aggregator: the types of section 2
    summary: str
    owns_data: bool
    calls: tuple[str, ...] = ()
    publishes: tuple[str, ...] = ()
    consumes: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        return f"campus.{self.name}"


SERVICES = (
    ServiceSpec("catalog", "entity", "Courses: the source of truth for course data", True),
    ServiceSpec(
        "enrollments",
        "process",
        "Enroll in and complete course runs",
        True,
        calls=("catalog",),
        publishes=(COURSE_COMPLETED,),
    ),
    ServiceSpec(
        "credentials",
        "worker",
        "Issues certificates when a course is completed",
        True,
        consumes=(COURSE_COMPLETED,),
    ),
    ServiceSpec(
        "dashboard",
        "aggregator",
        "A learner's page assembled from the others",
        False,
        calls=("catalog", "enrollments", "credentials"),
    ),
)


def service_get(name: str) -> ServiceSpec:
    for spec in SERVICES:
        if spec.name == name:
            return spec
    raise KeyError(f"no service named {name!r}; known: {[s.name for s in SERVICES]}")
