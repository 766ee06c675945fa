"""I, before: one client for the whole platform, and a dashboard that depends on all of it.

The dashboard calls three of `CampusClient`'s eight methods, yet a fake for its tests must
implement all eight (Python refuses to make an instance otherwise), and every change to any
service's API is a change to the interface the dashboard depends on.
"""

from abc import ABC, abstractmethod

from campus.dashboard.data import Dashboard, DashboardCourse

__all__ = ["CampusClient", "dashboard_get"]


class CampusClient(ABC):
    @abstractmethod
    def course_list(self) -> list[dict]: ...

    @abstractmethod
    def course_get(self, key: str) -> dict: ...

    @abstractmethod
    def course_create(self, course: dict) -> dict: ...

    @abstractmethod
    def enrollment_create(self, learner: str, course_key: str) -> dict: ...

    @abstractmethod
    def enrollment_list(self, learner: str) -> list[dict]: ...

    @abstractmethod
    def enrollment_complete(self, enrollment_id: int) -> dict: ...

    @abstractmethod
    def certificate_list(self, learner: str) -> list[dict]: ...

    @abstractmethod
    def certificate_get(self, uuid: str) -> dict: ...


def dashboard_get(*, learner: str, client: CampusClient) -> Dashboard:
    """The learner's page, from three of the client's eight methods."""
    titles = {c["key"]: c["title"] for c in client.course_list()}
    certificates = {c["course_key"]: c["uuid"] for c in client.certificate_list(learner)}
    courses = [
        DashboardCourse(
            course_key=e["course_key"],
            title=titles.get(e["course_key"]),
            status=e["status"],
            certificate=certificates.get(e["course_key"]),
        )
        for e in client.enrollment_list(learner)
    ]
    return Dashboard(learner=learner, courses=courses, unavailable=[])
