"""Shared fixtures: a running platform per architecture, fresh for every test (a start costs
milliseconds once the first one has migrated the databases)."""

import pytest
import requests

from campus.runtime import Platform


@pytest.fixture
def microservices():
    with Platform("microservices") as platform:
        yield platform


@pytest.fixture
def monolith():
    with Platform("monolith") as platform:
        yield platform


@pytest.fixture(params=["monolith", "microservices"])
def platform(request):
    """Each test using this runs once against each architecture."""
    with Platform(request.param) as running:
        yield running


@pytest.fixture
def http():
    with requests.Session() as session:
        yield session
