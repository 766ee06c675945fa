"""The README's walkthrough (between ``<!-- walkthrough: start -->`` and ``<!-- walkthrough: end
-->``, which part 2 of the site includes) run as a reader pastes it: its blocks in one shell,
against a ``campus serve`` this test starts, each answer held to the one the README shows.

A block's lines that start with ``# `` are the answer it shows: the status line of ``curl -i``,
``...`` for the headers left out, and the JSON body, where a string holding ``...`` was cut and
stands for any string, and a time or a uuid for any other (they differ on every run).
"""

import json
import os
import queue
import re
import select
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- walkthrough: start -->", "<!-- walkthrough: end -->"
CAMPUS = str(Path(sys.executable).with_name("campus"))
FENCE = re.compile(r"^```(\S*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
STATUS_LINE = re.compile(r"^HTTP/[\d.]+ (\d{3})\b")
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
EVENTUAL_S = 10.0  # how long a read waits for what an event brings (the certificate)


@dataclass(frozen=True)
class Block:
    language: str
    commands: str  # what a reader pastes (the answer's lines are comments to the shell)
    answer: list[str]  # the answer shown, without its "# "

    @property
    def starts_the_platform(self) -> bool:
        return bool(re.search(r"\bcampus (serve|up)\b", self.commands))

    @property
    def writes(self) -> bool:
        return bool(re.search(r"(^|\s)(-d|-X)\s", self.commands))


def _region() -> str:
    text = README.read_text(encoding="utf-8")
    assert text.count(START) == 1, START
    assert text.count(END) == 1, END
    return text.split(START, 1)[1].split(END, 1)[0]


def _blocks(region: str) -> list[Block]:
    blocks = []
    for language, body in FENCE.findall(region):
        lines = body.splitlines()
        answer = [line.removeprefix("# ") for line in lines if line.startswith("# ")]
        commands = "\n".join(line for line in lines if not line.startswith("# "))
        blocks.append(Block(language, commands, answer))
    return blocks


def test_the_walkthrough_is_plain_commonmark_a_sentence_before_each_block():
    region = _region()
    blocks = _blocks(region)
    assert len(blocks) >= 5, "sign in, enroll, complete, certificates, dashboard"
    assert {block.language for block in blocks} == {"sh"}
    prose = FENCE.split(region)[::3]  # the text before each block, and after the last
    assert len(prose) == len(blocks) + 1
    for before, block in zip(prose, blocks, strict=False):
        assert before.strip().endswith(":"), (before, block.commands)
    words = "".join(prose)
    assert not re.search(r"<[A-Za-z!/]", words), "no HTML inside the markers"
    assert not re.search(r"\]\((?!https?://)", words), "no relative links inside the markers"
    assert not re.search(r"^#", words, re.MULTILINE), "no headings: the site gives its own"


def test_the_walkthrough_shows_the_same_steps_for_campus_serve_and_campus_up():
    starts = [block.commands for block in _blocks(_region()) if block.starts_the_platform]
    assert [re.search(r"campus (serve|up)", start)[1] for start in starts] == ["serve", "up"]
    # The same password and the same file of URLs, so every step after works on either.
    assert starts[0].replace("campus serve", "campus up") == starts[1]


class Shell:
    """One bash that a reader pastes into: variables set by a block reach the next ones."""

    def __init__(self, environ: dict[str, str]):
        self.process = subprocess.Popen(
            ["bash", "--noprofile", "--norc"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=environ,
        )
        self.lines: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def run(self, commands: str, seconds: float = 60) -> tuple[list[str], int]:
        """The lines ``commands`` printed, and the exit status of the last."""
        marker = f"--- done {uuid.uuid4().hex}"
        self.process.stdin.write(f'{commands}\necho; echo "{marker} $?"\n')
        self.process.stdin.flush()
        printed, deadline = [], time.monotonic() + seconds
        while True:
            try:
                line = self.lines.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                pytest.fail(f"no end in {seconds} s of:\n{commands}\nprinted: {printed}")
            if line.startswith(marker):
                return printed, int(line.split()[-1])
            printed.append(line.rstrip("\r\n"))

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self._reader.join(timeout=10)
        self.process.stdout.close()


def _matches(shown, got) -> bool:
    """``got`` has the JSON shape ``shown`` has, and its values where they do not vary."""
    if isinstance(shown, dict):
        return (
            isinstance(got, dict)
            and shown.keys() == got.keys()
            and all(_matches(shown[key], got[key]) for key in shown)
        )
    if isinstance(shown, list):
        return (
            isinstance(got, list)
            and len(shown) == len(got)
            and all(_matches(a, b) for a, b in zip(shown, got, strict=True))
        )
    if isinstance(shown, str) and isinstance(got, str):
        if "..." in shown:
            return True
        for varies in (TIME, UUID):
            if varies.match(shown):
                return bool(varies.match(got))
    return type(shown) is type(got) and shown == got


def _answer(printed: list[str]) -> tuple[int | None, object]:
    """The status of the last ``curl -i`` answer in ``printed``, and its JSON body."""
    statuses = [int(m[1]) for line in printed if (m := STATUS_LINE.match(line))]
    lines = [line for line in printed if line.strip()]
    try:
        body = json.loads(lines[-1]) if lines else None
    except ValueError:
        body = None
    return (statuses[-1] if statuses else None), body


def _agrees(shown: tuple[int, object], printed: list[str]) -> bool:
    status, body = _answer(printed)
    return status == shown[0] and _matches(shown[1], body)


def _shown(block: Block) -> tuple[int, object]:
    status = STATUS_LINE.match(block.answer[0])
    assert status, f"the answer shown starts with the status line: {block.answer}"
    assert block.answer[1:-1] in ([], ["..."]), block.answer  # the headers, left out
    return int(status[1]), json.loads(block.answer[-1])


@pytest.fixture
def serve(tmp_path):
    """``campus serve`` started as the README's start block says (its password), on free ports:
    the README's file of URLs, and the environment the shell runs in."""
    start = next(block for block in _blocks(_region()) if block.starts_the_platform)
    password = re.search(r"\bCAMPUS_DEMO_PASSWORD=(\S+)", start.commands)[1]
    urls_file = re.search(r"\| tee (\S+)", start.commands)[1]
    environ = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    with subprocess.Popen(
        [CAMPUS, "serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**environ, "CAMPUS_DEMO_PASSWORD": password, "CAMPUS_LOG_LEVEL": "WARNING"},
    ) as process:
        try:
            ready, _, _ = select.select([process.stdout], [], [], 120)
            assert ready, "campus serve printed no URLs in 120 s"
            line = process.stdout.readline()  # the JSON line, once every service answers
            assert json.loads(line)["identity"].startswith("http://127.0.0.1:")
            (tmp_path / "urls.json").write_text(line)
            yield urls_file, str(tmp_path / "urls.json"), environ
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_the_walkthrough_run_against_campus_serve_gives_the_answers_it_shows(serve):
    urls_file, ours, environ = serve
    shell = Shell(environ)
    try:
        steps = [block for block in _blocks(_region()) if not block.starts_the_platform]
        assert any(urls_file in block.commands for block in steps), "no step reads the URLs"
        for block in steps:
            commands = block.commands.replace(urls_file, ours)
            printed, exit_status = shell.run(commands)
            assert exit_status == 0, (commands, printed)
            if not block.answer:
                continue
            shown = _shown(block)
            deadline = time.monotonic() + EVENTUAL_S
            # A read may come before the event that brings its answer: it is asked again.
            while not block.writes and not _agrees(shown, printed):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.2)
                printed, exit_status = shell.run(commands)
            status, body = _answer(printed)
            assert status == shown[0], (commands, printed)
            assert _matches(shown[1], body), (commands, shown[1], body)
    finally:
        shell.close()
