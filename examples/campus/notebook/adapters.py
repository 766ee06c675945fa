"""Run enrollments' own service function, ``enrollment_create``, with a catalog adapter plugged
in, and say what a view would have answered: the status code, and the enrollment's status or
the error's code.

    >>> enrollment_try(                                                # doctest: +SKIP
    ...     HttpCourseCatalog(client), AS_ENROLLMENTS, course_key=DEMO_COURSE, events=outbox
    ... )
    '201 active'
"""

from campus.assembly.databases import DatabaseScope
from campus.embedded.settings import configure

configure()  # the notebooks run every service in this process; the modules below import models

from campus.enrollments import services as enrollments  # noqa: E402
from campus.enrollments.models import Enrollment  # noqa: E402
from campus.errors import exception_handler  # noqa: E402

from .databases import running_as  # noqa: E402

__all__ = ["enrollment_try"]


def enrollment_try(
    catalog,
    scope: DatabaseScope,
    *,
    course_key: str,
    events,
    learner: str = "barbara",
) -> str:
    """Enroll ``learner`` in ``course_key`` as ``scope``'s service, asking ``catalog``; answer
    ``"201 <status>"``, or what the project's exception handler (the views' one) makes of the
    exception: ``"<status> <error code>"``, or ``"500 (<exception>)"`` for one it does not know,
    which Django answers with a 500. The enrollment is deleted afterwards, so every try starts
    from the same state."""
    with running_as(scope):
        try:
            enrollment = enrollments.enrollment_create(
                learner=learner, course_key=course_key, catalog=catalog, events=events
            )
        except Exception as exc:
            handled = exception_handler(exc, {})
            if handled is None:
                return f"500 ({type(exc).__name__})"
            return f"{handled.status_code} {handled.data['error']['code']}"
        finally:
            Enrollment.objects.filter(learner=learner).delete()
        return f"201 {enrollment.status}"
