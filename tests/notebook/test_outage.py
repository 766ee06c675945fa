"""The five requests, sent while servers of an in-process platform are stopped."""

import logging

from campus.notebook.outage import errors_unlogged, probe_each
from campus.notebook.probes import PROBES


def test_with_the_catalog_stopped_reads_keep_working_and_enrolling_names_the_catalog(
    microservices, http
):
    assert probe_each(microservices, http)[0] == "200"
    microservices.stop_service("catalog")
    answers = dict(zip([p.label for p in PROBES], probe_each(microservices, http), strict=True))
    assert answers["list courses"] == "connection refused"
    assert answers["enroll in DJ201"] == "503 dependency_unavailable"
    assert answers["list enrollments"] == "200"
    assert answers["dashboard"] == "200, unavailable: ['catalog']"


def test_error_records_are_left_out_in_the_block_only(caplog):
    logger = logging.getLogger("campus.test.outage")
    with caplog.at_level(logging.INFO), errors_unlogged():
        logger.error("left out")
    with caplog.at_level(logging.INFO):
        logger.error("kept")
    assert [record.getMessage() for record in caplog.records] == ["kept"]
