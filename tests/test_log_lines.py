"""One log record is one line: what a client sends is escaped, and one request writes one
library warning at most."""

import logging

import pytest

from campus.log_lines import OncePerRequest, OneLineFormatter, line_escape, request_log_budget


@pytest.mark.parametrize(
    ("sent", "logged"),
    [
        ("/a\r\nFAKE 200", "/a\\r\\nFAKE 200"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("nul\x00del\x7f", "nul\\x00del\\x7f"),
        ("c1\x85\x9b", "c1\\x85\\x9b"),
        ("sep\u2028par\u2029", "sep\\u2028par\\u2029"),
        ("tab\there", "tab\\there"),
        ("caf\u00e9 \u00fcber", "caf\u00e9 \u00fcber"),
    ],
    ids=["crlf", "esc", "nul-del", "c1", "unicode-separators", "tab", "printable-unicode"],
)
def test_every_control_character_is_escaped_and_printable_text_is_kept(sent, logged):
    assert line_escape(sent) == logged


def _record(name: str, msg: str, *args, exc_info=None) -> logging.LogRecord:
    return logging.makeLogRecord(
        {"name": name, "msg": msg, "args": args, "levelname": "WARNING", "exc_info": exc_info}
    )


def test_a_record_with_a_traceback_is_still_one_line():
    try:
        raise ValueError("bad value 'x\r\nFAKE'")
    except ValueError as error:
        record = _record("campus.x", "failed on %s", "/p\n", exc_info=(type(error), error, None))
    line = OneLineFormatter("%(levelname)s %(message)s").format(record)
    assert "\n" not in line
    assert "\r" not in line
    assert line.startswith("WARNING failed on /p\\n")
    assert "ValueError: bad value 'x\\r\\nFAKE'" in line


def test_within_a_request_only_the_first_record_of_a_library_passes_and_campus_keeps_its_own():
    once = OncePerRequest()
    with request_log_budget():
        library = [once.filter(_record("opentelemetry.trace", "bad %d", n)) for n in range(5)]
        own = [once.filter(_record("campus.assembly.wsgi_app", "line %d", n)) for n in range(3)]
    assert library == [True, False, False, False, False]
    assert own == [True, True, True]


def test_each_request_has_a_budget_of_its_own_and_outside_requests_nothing_is_held_back():
    once = OncePerRequest()
    for _ in range(2):
        with request_log_budget():
            assert once.filter(_record("django.security", "first"))
            assert not once.filter(_record("django.security", "second"))
    assert all(once.filter(_record("waitress", "start-up")) for _ in range(3))
