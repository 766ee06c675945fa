"""The blast radius of one paused web server under ``campus up``, on each architecture: what
each request of `campus.notebook.probes.PROBES` got back, recorded for the scaling notebook.

    python -m campus.bench.blast_radius --out notebooks/data    # writes blast-radius.json

A paused server (``SIGSTOP`` to its gunicorn master and workers) accepts connections and never
answers, as a process stuck on a lock would. On the microservices the catalog's server is
paused; on the monolith, its only one. Each column costs a ``campus up`` start, a pause of two
seconds and a stop: the notebook runs the microservices column live and reads the rest here.
Recorded from a clean commit only, like every recording (`campus.bench.provenance`).
"""

import argparse
import json
import tempfile
from pathlib import Path

from campus.notebook.probes import PROBES, RECORDING, learner_enrolled, probe
from campus.notebook.up import campus_up, local_session, paused

from .provenance import Provenance, about_line

__all__ = ["COLUMNS", "main", "paused_answers"]

# Column label: (architecture, the web server paused).
COLUMNS = {
    "microservices, catalog paused": ("microservices", "catalog"),
    "monolith, monolith paused": ("monolith", "monolith"),
}
COMMAND = "python -m campus.bench.blast_radius"


def paused_answers(arch: str, server: str) -> list[str]:
    """Start ``campus up --arch ARCH``, enroll ada, pause ``server`` and send every probe."""
    with local_session() as http, campus_up(arch) as up:
        ada = learner_enrolled(up, http)
        with paused(up, server):
            return probe(up, http, ada)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__)
    parser.add_argument("--out", type=Path, help=f"folder for {RECORDING}")
    parser.add_argument(
        "--allow-dirty", action="store_true", help="record from uncommitted changes (said so)"
    )
    options = parser.parse_args(argv)
    out = options.out or Path(tempfile.mkdtemp(prefix="campus-blast-radius-"))
    provenance = Provenance.begin(COMMAND, out=out, allow_dirty=options.allow_dirty)
    columns = {label: paused_answers(*where) for label, where in COLUMNS.items()}
    about = provenance.end(probes=[p.label for p in PROBES])
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"about": about, "columns": columns}, indent=2) + "\n"
    (out / RECORDING).write_text(text)
    for label, answers in columns.items():
        print(f"{label}: {answers}")
    print(about_line(about))
    print(f"written to {out / RECORDING}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
