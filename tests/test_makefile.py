"""What the Makefile tells make to run, read with ``make -n`` (nothing is run)."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _planned(*args: str) -> list[str]:
    # Without the variables of an outer `make test`, whose flags a nested make would inherit.
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    done = subprocess.run(
        ["make", "-n", *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def _lab_command(user_id: str) -> str:
    return next(line for line in _planned("lab", f"USER_ID={user_id}") if "jupyter lab" in line)


def test_make_lab_passes_allow_root_to_root_only():
    assert "--allow-root" in _lab_command("0")
    assert "--allow-root" not in _lab_command("1000")
    assert "--ip 127.0.0.1" in _lab_command("1000")


def test_make_lab_as_whoever_runs_the_tests_gets_allow_root_exactly_when_that_is_root():
    mine = next(line for line in _planned("lab") if "jupyter lab" in line)
    assert ("--allow-root" in mine) == (os.getuid() == 0)


def test_installing_the_environment_says_so_before_the_long_silent_step():
    planned = _planned("-W", "pyproject.toml", "venv")  # as if pyproject.toml had changed
    announce = next(i for i, line in enumerate(planned) if "installing the project" in line)
    install = next(i for i, line in enumerate(planned) if "pip install --quiet -e" in line)
    assert announce < install


def test_make_docs_ends_by_saying_where_the_site_is():
    assert "open _build/html/index.html" in _planned("docs")[-1]


def test_make_containers_runs_the_compose_file_of_the_architecture_it_is_given():
    assert _planned("containers")[-1].endswith("-m campus.containers up --arch microservices")
    planned = _planned("containers", "ARCH=monolith")[-1]
    assert planned.endswith("-m campus.containers up --arch monolith")
    assert _planned("containers-down")[-1].endswith("-m campus.containers down")  # both
