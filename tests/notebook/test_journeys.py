"""The learner journey on both builds, side by side."""

from campus.journey import journey_run
from campus.notebook.journeys import step_hops_show, steps_compare


def test_both_builds_answer_every_step_alike_and_only_the_services_make_hops(
    monolith, microservices, http, capsys
):
    on_monolith = journey_run(monolith, http)
    on_services = journey_run(microservices, http)
    compared = steps_compare(on_monolith, on_services)
    assert [row[-1] for row in compared] == [True] * len(on_monolith)
    per_step = dict(
        (row[0], row[1:])
        for row in step_hops_show(monolith, on_monolith, microservices, on_services)
    )
    assert per_step["dashboard"] == (0, 3, "dashboard -> catalog, credentials, enrollments")
    assert per_step["complete"] == (0, 0, "-")  # announced by an event, not called
    assert "same answer" in capsys.readouterr().out
