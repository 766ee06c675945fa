"""Send bytes no HTTP client would send, and read back what the server answered."""

import json
import socket
from dataclasses import dataclass

__all__ = ["Answer", "send_raw"]


@dataclass(frozen=True)
class Answer:
    """Every byte the server sent before it closed the connection, and the first answer in it."""

    raw: bytes
    status_line: str
    headers: dict[str, str]
    body: bytes

    def error(self) -> dict:
        """The ``error`` object of a JSON refusal (fails if the answer is not one)."""
        assert self.headers.get("content-type") == "application/json", self.raw
        return json.loads(self.body)["error"]


def send_raw(port: int, data: bytes, *, timeout: float = 5) -> Answer:
    """Send ``data`` and read until the server closes; a server that keeps the connection
    open longer than ``timeout`` seconds fails the test with ``TimeoutError``."""
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.settimeout(timeout)
        conn.sendall(data)
        raw = b"".join(iter(lambda: conn.recv(65536), b""))
    head, _, rest = raw.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines)}
    length = int(headers.get("content-length", len(rest)))
    return Answer(raw, status_line, headers, rest[:length])
