from django.urls import path

from .ports import DashboardPorts
from .views import DashboardApi


def build_urlpatterns(ports: DashboardPorts) -> list:
    """The dashboard's route, with its ports injected into the view."""
    return [path("dashboard/<str:learner>", DashboardApi.as_view(ports=ports))]
