from campus.credentials.models import Certificate
from campus.enrollments.models import Enrollment
from campus.events import COURSE_COMPLETED
from campus.journey import DEMO_COURSE
from campus.solid_before.direct_calls import enrollment_complete


def test_completing_issues_the_certificate_by_calling_it(on_the_monolith):
    enrollment = Enrollment.objects.create(learner="ada", course_key=DEMO_COURSE)
    done = enrollment_complete(enrollment_id=enrollment.id)
    assert done.status == Enrollment.Status.COMPLETED
    assert Certificate.objects.filter(learner="ada").count() == 1


def test_a_new_consumer_never_hears_of_a_completion_made_this_way(on_the_monolith):
    heard = []
    on_the_monolith.bus.subscribe(COURSE_COMPLETED, heard.append, consumer="mailer")
    enrollment = Enrollment.objects.create(learner="ada", course_key=DEMO_COURSE)
    enrollment_complete(enrollment_id=enrollment.id)
    assert on_the_monolith.drain()
    assert (heard, on_the_monolith.bus.published(COURSE_COMPLETED)) == ([], [])
