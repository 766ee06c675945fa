"""The deck's way back to the site: its address, printed in full and as a QR code, on the last
slide, and the address every link of the printed deck points into.

The address is the build's ``SITE_URL`` (conf.py), so a deck built for publishing points at the
published site. The QR code is drawn at build time by `segno`_ into
``_build/deck/site-qr.png``; ``talk/deck.md`` shows it as ``/_build/deck/site-qr.png``.

.. _segno: https://segno.readthedocs.io/
"""

import io
from pathlib import Path

import segno

__all__ = ["QR_FILE", "qr_write"]

QR_FILE = Path("_build") / "deck" / "site-qr.png"


def qr_write(address: str, target: Path) -> Path:
    """Write ``address`` as a QR code PNG to ``target``: black on white, 10 pixels a module,
    with the four-module quiet zone that scanners need."""
    drawn = io.BytesIO()
    segno.make(address, error="m").save(drawn, kind="png", scale=10, border=4)
    # Written only when it differs: a new file makes Sphinx read the deck document again.
    if not target.is_file() or target.read_bytes() != drawn.getvalue():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(drawn.getvalue())
    return target


def _deck_qr(app) -> None:
    if app.builder.name == "revealjs":
        qr_write(app.config.deck_site_url, Path(app.srcdir) / QR_FILE)


def setup(app):
    app.add_config_value("deck_site_url", "", "env", types=[str])
    app.connect("builder-inited", _deck_qr)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
