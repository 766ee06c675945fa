from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "campus.dashboard"
    label = "dashboard"
