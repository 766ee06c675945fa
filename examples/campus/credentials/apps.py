from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "campus.credentials"
    label = "credentials"
    default_auto_field = "django.db.models.BigAutoField"
