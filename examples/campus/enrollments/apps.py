from django.apps import AppConfig


class EnrollmentsConfig(AppConfig):
    name = "campus.enrollments"
    label = "enrollments"
    default_auto_field = "django.db.models.BigAutoField"
