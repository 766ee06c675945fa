"""A notebook kernel started from the project's virtualenv prints nothing a learner cannot act on
(.ci/ipython_kernel_config.py, copied into the venv by `make venv`)."""

from jupyter_client.manager import start_new_kernel


def test_a_kernel_runs_code_without_the_plaintext_tcp_notice(tmp_path):
    stderr = tmp_path / "kernel.stderr"
    with stderr.open("w") as sink:
        manager, client = start_new_kernel(stderr=sink)
        try:
            reply = client.execute_interactive("6 * 7", timeout=60)
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok"
    assert "without encryption" not in stderr.read_text()
