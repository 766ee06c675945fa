"""Where to cut: how many calls between services the learner journey makes under a given split.

A *fact* is a kind of record with exactly one owner (`FACTS`). A `Split` says which deployable
owns each fact; `campus.registry` gives today's (`TODAY`). Each step of the learner journey
(`campus.journey`) enters one service and reads or writes some facts before it answers
(`JOURNEY`). A step reads first, then writes: each other deployable holding a fact it reads
costs it one call, and each holding a fact it writes one more. What events do later, off the
request path, is not counted: it is the same under every split here.

    >>> journey_calls(TODAY)["enroll"]
    ('catalog', 'catalog')
    >>> sum(len(callees) for callees in journey_calls(PER_NOUN).values())
    6

The test of this module holds `TODAY` to the trace of a real journey on the microservices, and
`MONOLITH` to the monolith's, so the model's other answers rest on a count that matches reality.
"""

from dataclasses import dataclass, field

from campus.registry import SERVICES, fact_owner

__all__ = ["FACTS", "JOURNEY", "MONOLITH", "PER_NOUN", "TODAY", "Split", "Step", "journey_calls"]

# Each fact, and the model and fields that hold it today. A course and its run share one row
# (`campus.catalog.models.Course`): the title is the course's; the dates and the open flag are
# the run's.
FACTS = {
    "course": ("catalog.Course", ("title",)),
    # A run's seats are the run's: its limit, and the count a reservation takes one of.
    "run": (
        "catalog.Course",
        ("key", "start", "end", "enrollment_open", "seat_limit", "seats_taken"),
    ),
    "enrollment": ("enrollments.Enrollment", ("learner", "course_key", "status")),
    "certificate": ("credentials.Certificate", ("uuid", "learner", "course_key")),
    "learner": ("auth.User", ("username",)),
}


@dataclass(frozen=True)
class Step:
    """One request of the journey: where it enters (a fact, whose owner answers, or a service
    that owns no fact) and the facts it reads or writes before answering."""

    name: str  # as `campus.journey.journey_run` names the step
    entry: str
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()


# Read from the code each step runs. No step reads the learner: every service checks the
# learner's signed token itself, with no call (`campus.tokens`).
JOURNEY = (
    # The course list answers each run with its course's title (`CourseData`).
    Step("list courses", entry="run", reads=("run", "course")),
    # Enrolling checks that the run is open, then reserves a seat in it (`enrollment_create`,
    # the saga in `campus.enrollments.saga`).
    Step("enroll", entry="enrollment", reads=("run",), writes=("enrollment", "run")),
    # Completing writes the enrollment; the certificate follows from an event.
    Step("complete", entry="enrollment", reads=("enrollment",), writes=("enrollment",)),
    Step("certificates", entry="certificate", reads=("certificate",)),
    # The page shows each enrollment with its course's title and certificate (`dashboard_get`).
    Step("dashboard", entry="dashboard", reads=("enrollment", "certificate", "course")),
)


@dataclass(frozen=True)
class Split:
    """Who owns each fact. A name it does not list (a service that owns no fact, such as the
    dashboard) is its own deployable, or ``rest``'s when set."""

    name: str
    owners: dict[str, str] = field(default_factory=dict)
    rest: str | None = None

    def place(self, name: str) -> str:
        """The deployable that holds fact ``name``, or that serves service ``name``."""
        return self.owners.get(name) or self.rest or name


TODAY = Split("today", {fact: fact_owner(fact) for spec in SERVICES for fact in spec.facts})
# One entity service per noun: the split Cosmic Python's "distributed ball of mud" warns about.
PER_NOUN = Split("one service per noun", {fact: fact for fact in FACTS})
MONOLITH = Split("monolith", rest="monolith")


def journey_calls(split: Split, steps: tuple[Step, ...] = JOURNEY) -> dict[str, tuple[str, ...]]:
    """Per step, the deployables it must call under ``split``: one call to each holding a fact
    it reads, then one to each holding a fact it writes, other than the one it entered."""
    calls = {}
    for step in steps:
        entered = split.place(step.entry)
        reads = {split.place(fact) for fact in step.reads} - {entered}
        writes = {split.place(fact) for fact in step.writes} - {entered}
        calls[step.name] = (*sorted(reads), *sorted(writes))
    return calls
