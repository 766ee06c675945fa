"""XII. Admin processes: run admin/management tasks as one-off processes.

An admin task is a management command shipped in the same codebase, run by the same entry point
with the same configuration as the services: ``campus manage [--service NAME] <command>``. So
the ``campus`` console script must be installed and lead to the CLI, and every command a campus
app ships must load, or it fails on the day someone needs it.
"""

from django.core.management import get_commands, load_command_class

from . import sources
from .factors import factor_get

__all__ = ["ENTRY_POINT", "FACTOR", "check"]

FACTOR = factor_get("XII")
ENTRY_POINT = "campus.cli:main"


def check(app_configs=None, **kwargs):
    return [*_entry_point(), *_commands_that_fail_to_load()]


def _entry_point():
    scripts = sources.console_scripts("campus")
    problem = None
    if not scripts:
        problem = "no 'campus' console script is installed"
    else:
        script = scripts[0]
        if script.value != ENTRY_POINT:
            problem = f"the 'campus' console script runs {script.value}, not {ENTRY_POINT}"
        else:
            try:
                script.load()
            except Exception as exc:  # whatever breaks the import breaks every admin process
                problem = f"the 'campus' console script fails to load: {exc!r}"
    if problem is None:
        return []
    return [
        FACTOR.message(
            "E001",
            f"Admin processes cannot run the way the services do: {problem}.",
            hint=f'Declare [project.scripts] campus = "{ENTRY_POINT}" and reinstall.',
            obj="console_scripts:campus",
        )
    ]


def _commands_that_fail_to_load():
    issues = []
    for name, app in sorted(get_commands().items()):
        if not app.startswith("campus."):
            continue  # Django's and DRF's own commands are theirs to test
        try:
            load_command_class(app, name)
        except Exception as exc:  # any failure here is what the operator would meet
            issues.append(
                FACTOR.message(
                    "E002",
                    f"The management command {name!r} of {app} fails to load: {exc!r}.",
                    hint=f"Fix {app}.management.commands.{name}; run it with campus manage.",
                    obj=f"{app}.management.commands.{name}",
                )
            )
    return issues
