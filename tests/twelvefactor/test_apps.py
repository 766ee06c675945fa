"""The audit is installed as Django checks under one tag and runs from the ``campus`` CLI."""

import os
import subprocess
import sys

from django.core import checks
from django.core.checks.registry import registry

from campus.twelvefactor import FACTORS, TAG, factor_of
from campus.twelvefactor.audit import MODULES

LETTER = {checks.ERROR: "E", checks.WARNING: "W", checks.INFO: "I"}


def _campus(*args, **environ):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAMPUS_")} | environ
    return subprocess.run(
        [sys.executable, "-m", "campus.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_every_factor_has_one_check_registered_under_the_tag():
    registered = {c for c in registry.get_checks() if TAG in c.tags}
    assert registered == {module.check for module in MODULES}
    assert [module.FACTOR for module in MODULES] == list(FACTORS)


def test_every_message_on_the_platform_names_its_factor_and_its_level():
    for message in checks.run_checks(tags=[TAG]):
        assert factor_of(message.id) is not None, message
        assert message.id.rsplit(".", 1)[1][0] == LETTER[message.level], message
        assert message.hint, message


def test_the_platform_passes_the_audit_without_an_error():
    serious = [m for m in checks.run_checks(tags=[TAG]) if m.is_serious()]
    assert serious == []


def test_campus_manage_check_lists_the_warnings_and_exits_zero():
    done = _campus("manage", "check", "--tag", TAG)
    assert done.returncode == 0, done.stderr
    assert "campus.12F.IV.W001" in done.stderr


def test_campus_manage_check_exits_non_zero_when_the_audit_finds_an_error():
    done = _campus("manage", "check", "--tag", TAG, CAMPUS_HTTP_TIMEOUT="soon")
    assert done.returncode == 1
    assert "campus.12F.III.E001" in done.stderr
