from importlib.metadata import EntryPoint

from campus.twelvefactor import admin_processes, sources


def _script(value):
    return lambda name: [EntryPoint(name=name, value=value, group="console_scripts")]


def test_admin_processes_run_through_the_campus_script_and_every_command_loads(ids):
    assert ids(admin_processes) == []


def test_a_missing_console_script_is_an_error(ids, monkeypatch):
    monkeypatch.setattr(sources, "console_scripts", lambda name: [])
    assert ids(admin_processes) == ["campus.12F.XII.E001"]


def test_a_console_script_that_runs_something_else_is_an_error(ids, monkeypatch):
    monkeypatch.setattr(sources, "console_scripts", _script("campus.other:main"))
    assert ids(admin_processes) == ["campus.12F.XII.E001"]


def test_a_console_script_that_fails_to_load_is_an_error(ids, monkeypatch):
    monkeypatch.setattr(admin_processes, "ENTRY_POINT", "campus.nowhere:main")
    monkeypatch.setattr(sources, "console_scripts", _script("campus.nowhere:main"))
    assert ids(admin_processes) == ["campus.12F.XII.E001"]


def test_a_command_that_fails_to_load_is_an_error(ids, monkeypatch):
    commands = {"course_enrollment": "campus.catalog", "course_archive": "campus.catalog"}
    monkeypatch.setattr(admin_processes, "get_commands", lambda: commands)
    [message] = admin_processes.check()
    assert (message.id, message.obj) == (
        "campus.12F.XII.E002",
        "campus.catalog.management.commands.course_archive",
    )
