from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "campus.identity"
    label = "identity"
