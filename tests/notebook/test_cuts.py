"""The table of splits counts the model's calls per step and sums them over the journey."""

from campus.notebook.cuts import splits_show


def test_the_table_puts_the_traced_hops_beside_the_model_s_count_and_sums_the_journey(capsys):
    # The rows `step_hops_show` returns: step, monolith hops, microservices hops, who called whom.
    per_step = [
        ("list courses", 0, 0, "-"),
        ("enroll", 0, 2, "enrollments -> catalog"),
        ("complete", 0, 0, "-"),
        ("certificates", 0, 0, "-"),
        ("dashboard", 0, 3, "dashboard -> catalog, credentials, enrollments"),
    ]
    rows = splits_show(per_step)
    assert rows[0] == ("list courses", 0, 0, 0, 1, "course")
    assert rows[-1] == ("journey", 0, 5, 5, 6, "")
    assert "per noun calls" in capsys.readouterr().out
