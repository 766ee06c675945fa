"""campus's image, measured: its size, and how long deploy/Dockerfile takes to build it cold
(no layer cached) and warm (every layer cached), on the base image made here.

    $ python -m campus.containers.measure
    campus:latest  … MB  (base … MB)  cold build … s  warm build … s (median of 3)

The base image itself, made once per machine by debootstrap, is not in either time.
"""

import statistics
import sys
import time

from .compose import ComposeRun
from .engine import podman_out
from .platform import build_args, compose_environ, images_made

__all__ = ["main"]


def _seconds(run: ComposeRun, *extra: str) -> float:
    started = time.perf_counter()
    run.build(*build_args(), *extra)
    return time.perf_counter() - started


def _megabytes(image: str) -> float:
    return int(podman_out("image", "inspect", "--format", "{{.Size}}", image)) / 1e6


def main() -> int:
    images = images_made()
    run = ComposeRun(environ=compose_environ(images))
    [image] = {s["image"] for s in run.services.values() if "build" in s}
    cold = _seconds(run, "--no-cache")
    warm = statistics.median(_seconds(run) for _ in range(3))
    size, base = _megabytes(image), _megabytes(images["CAMPUS_BASE_IMAGE"])
    print(
        f"{image}  {size:.0f} MB  (base {base:.0f} MB)  cold build {cold:.0f} s  "
        f"warm build {warm:.1f} s (median of 3)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
