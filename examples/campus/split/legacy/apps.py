from django.apps import AppConfig


class LegacyConfig(AppConfig):
    name = "campus.split.legacy"
    label = "legacy"
    default_auto_field = "django.db.models.BigAutoField"
