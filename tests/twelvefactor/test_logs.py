from django.test import override_settings

from campus.twelvefactor import logs


def _logging(handler: dict, *, logger: str = "campus") -> dict:
    return {
        "version": 1,
        "handlers": {"out": handler},
        "loggers": {logger: {"handlers": ["out"], "level": "INFO"}},
    }


STDOUT = {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}


def test_the_platform_logs_to_a_stream_and_says_which(ids):
    assert ids(logs) == ["campus.12F.XI.I001"]


def test_logs_on_stdout_pass(ids):
    with override_settings(LOGGING=_logging(STDOUT)):
        assert ids(logs) == []


def test_a_handler_writing_a_file_is_an_error(ids, tmp_path):
    to_file = {"class": "logging.handlers.RotatingFileHandler", "filename": str(tmp_path / "x")}
    config = _logging(STDOUT)
    config["handlers"]["archive"] = to_file
    with override_settings(LOGGING=config):
        assert ids(logs) == ["campus.12F.XI.E001"]


def test_campus_loggers_without_a_stream_are_a_warning(ids):
    with override_settings(LOGGING=_logging(STDOUT, logger="django")):
        assert ids(logs) == ["campus.12F.XI.W001"]
