"""The in-process dashboard measurements, as the notebook's table shows them."""

from campus.notebook.bench import p50_show


def test_each_variant_shows_both_p50s_and_the_microservices_over_the_monolith(capsys):
    rows = p50_show(
        {
            "cached": {"monolith": 5.0, "microservices": 12.5},
            "read model": {"monolith": 4.0, "microservices": 4.123},
        }
    )
    assert rows == [("cached", 5.0, 12.5, 2.5), ("read model", 4.0, 4.12, 1.03)]
    assert [line.split() for line in capsys.readouterr().out.splitlines()[2:]] == [
        ["cached", "5.00", "12.50", "2.50"],
        ["read", "model", "4.00", "4.12", "1.03"],
    ]
