"""Small stand-ins the SOLID notebooks plug into the platform's code: a new event consumer, fakes
of the dashboard's three ports, an in-memory catalog, a publisher that only records, and the
three reads the fat client's dashboard needs. The notebooks print their source: each is as small
as the interface it stands in for.

    >>> from campus.enrollments.data import CourseSummary
    >>> catalog = InMemoryCatalog(CourseSummary(PILOT, True))
    >>> catalog.course_get(course_key=PILOT)
    CourseSummary(key='course-v1:Pilot+NEW+2027', enrollment_open=True)
"""

from campus.dashboard.data import CourseTitle, EnrollmentSummary
from campus.enrollments.data import SEAT_RESERVED

__all__ = [
    "FAKE",
    "PILOT",
    "FatClientReads",
    "InMemoryCatalog",
    "Mailer",
    "NoCertificates",
    "OneCourse",
    "OneEnrollment",
    "RecordingPublisher",
    "subclass",
]

FAKE = "course-v1:Pilot+FAKE+2027"  # a course that no server holds
PILOT = "course-v1:Pilot+NEW+2027"  # a course only an in-memory catalog has


class Mailer:
    """A new consumer of ``course.completed``: it writes a congratulation per completion."""

    def __init__(self):
        self.mail = []

    def congratulate(self, event):
        data = event.get_data()
        self.mail.append(f"To {data['learner']}: well done on {data['course_key']}!")


class OneCourse:
    def course_titles(self, *, keys):
        return [CourseTitle(FAKE, "A course no server holds")]


class OneEnrollment:
    def enrollment_list(self, *, learner):
        return [EnrollmentSummary(FAKE, "active")]


class NoCertificates:
    def certificate_list(self, *, learner):
        return []


class InMemoryCatalog:
    def __init__(self, *courses):
        self.courses = {course.key: course for course in courses}
        self.seats = {}  # reservation id: course key; no run here has a seat limit

    def course_get(self, *, course_key):
        return self.courses.get(course_key)

    def seat_reserve(self, *, course_key, reservation_id):
        self.seats.setdefault(reservation_id, course_key)
        return SEAT_RESERVED

    def seat_release(self, *, course_key, reservation_id):
        self.seats.pop(reservation_id, None)


class RecordingPublisher:
    def __init__(self):
        self.events = []

    def publish(self, event):
        self.events.append(event)


class FatClientReads:
    """The three reads the fat client's ``dashboard_get`` calls, and nothing else."""

    def course_list(self):
        return [{"key": FAKE, "title": "A course no server holds"}]

    def enrollment_list(self, learner):
        return [{"course_key": FAKE, "status": "active"}]

    def certificate_list(self, learner):
        return []


def subclass(base: type, *mixins: type, name: str, stubs: bool = False) -> type:
    """The class ``name``, a subclass of the abstract class ``base`` with the methods of
    ``mixins``, as a fake written by hand would be. With ``stubs``, every abstract method the
    mixins leave out gets a stub that raises NotImplementedError, so the class can be
    instantiated."""
    namespace = {}
    if stubs:
        probe = type(name, (*mixins, base), {})
        namespace = dict.fromkeys(getattr(probe, "__abstractmethods__", ()), _stub)
    return type(name, (*mixins, base), namespace)


def _stub(self, *args, **kwargs):
    raise NotImplementedError
