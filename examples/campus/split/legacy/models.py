from django.db import models


class Course(models.Model):
    """The course table the monolith kept; after the split, the catalog's."""

    key = models.CharField(max_length=255, unique=True)
    title = models.CharField(max_length=200)

    def __str__(self):
        return self.key


class Enrollment(models.Model):
    """After the last migration: the course by its key, a plain id, as campus's enrollments keep
    it. The migrations record the way from ``course = ForeignKey(Course)``."""

    learner = models.CharField(max_length=64)
    course_key = models.CharField(max_length=255)

    def __str__(self):
        return f"{self.learner} in {self.course_key}"
