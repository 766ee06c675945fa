"""S, before: one view that parses, checks the catalog, enrolls and issues the certificate.

Four reasons to change in one ``post()``: the body's format, the catalog's rules, enrolling, and
what a completion earns. It reads the catalog's and writes credentials' tables itself, so it
only works where every table is in one database (the monolith's).
"""

import json

from django.db import router, transaction
from django.http import JsonResponse
from django.utils import timezone
from django.views import View

from campus.catalog.models import Course
from campus.credentials.models import Certificate
from campus.enrollments.models import Enrollment

__all__ = ["EnrollView"]


class EnrollView(View):
    """``POST {"learner", "course_key", "completed"?}``: enroll, and certify when completed."""

    def post(self, request):
        try:
            body = json.loads(request.body)
            learner, course_key = body["learner"], body["course_key"]
        except (ValueError, TypeError, KeyError):
            return JsonResponse({"error": {"code": "invalid", "message": "Bad body."}}, status=400)
        course = Course.objects.filter(key=course_key).first()
        if course is None or not course.enrollment_open:
            message = f"{course_key} is not open."
            return JsonResponse({"error": {"code": "course_closed", "message": message}}, 422)
        with transaction.atomic(using=router.db_for_write(Enrollment)):
            enrollment = Enrollment.objects.create(learner=learner, course_key=course_key)
            if body.get("completed"):
                enrollment.status = Enrollment.Status.COMPLETED
                enrollment.completed_at = timezone.now()
                enrollment.save()
                Certificate.objects.create(
                    learner=learner, course_key=course_key, issued_at=enrollment.completed_at
                )
        return JsonResponse({"id": enrollment.id, "status": enrollment.status}, status=201)
