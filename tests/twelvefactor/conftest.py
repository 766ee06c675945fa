"""Helpers for the audit's tests: run one factor's check and read back the message ids."""

import os

import pytest


@pytest.fixture
def ids():
    """``ids(module)``: the ids of the messages that factor's check gives right now."""

    def run(module) -> list[str]:
        return sorted(message.id for message in module.check())

    return run


@pytest.fixture
def clean_environ(monkeypatch):
    """No CAMPUS_* variable from the shell running the tests leaks into a check."""
    for name in [n for n in os.environ if n.startswith("CAMPUS_")]:
        monkeypatch.delenv(name)
    return monkeypatch
