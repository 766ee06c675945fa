"""Port runs offered to tests lie where no other process gets a port, one slice a worker."""

from free_ports import _ephemeral_start, free_port_run


def test_two_workers_get_separate_runs_below_the_ports_the_kernel_hands_out(monkeypatch):
    runs = {}
    for worker in ("gw0", "gw1"):
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        base = free_port_run(5)
        runs[worker] = set(range(base, base + 5))
    assert runs["gw0"].isdisjoint(runs["gw1"])
    assert max(runs["gw0"] | runs["gw1"]) < _ephemeral_start()
