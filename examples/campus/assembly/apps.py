from django.apps import AppConfig


class AssemblyConfig(AppConfig):
    """Installed for its admin commands that need a service's ports wired (``saga_recover``):
    a service's own app may not import the wiring, which lives here."""

    name = "campus.assembly"
    label = "assembly"
    verbose_name = "Assembly"
