"""A PostgreSQL cluster of the tests' own (never one that happens to be running)."""

import shutil
import tempfile
from pathlib import Path

import pytest

from campus.process.postgres import Cluster


@pytest.fixture(scope="session")
def cluster():
    # Directly under /tmp: as root the server runs as the postgres user, who cannot enter
    # pytest's own temporary folders (mode 0700).
    made = Cluster(Path(tempfile.mkdtemp(prefix="campus-test-pg-")))
    server = made.start()
    try:
        yield made
    finally:
        Cluster.stop(server)
        shutil.rmtree(made.folder, ignore_errors=True)
