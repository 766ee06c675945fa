"""The deck as a PDF, one page per slide, for organisers and for presenting without a browser.

Debian's chromium prints reveal.js's own print view (``index.html?print-pdf``), which lays each
slide out on a page of the deck's size. The script then reads the PDF back and refuses a page
count that differs from the slide count or a page without text.

    python talk/_ext/deck_pdf.py _build/html/slides/index.html    # writes .../slides/deck.pdf

Exit status 0 and one line naming the PDF and its page count, or 1 and one line saying why.
"""

import shutil
import sys
from pathlib import Path

from build_inputs import files_digest, stamp_matches, stamp_write
from pypdf import PdfReader

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "deck_print", "pdf_links", "pdf_problems"]

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium keeps calling home and floods a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PDF_NAME = "deck.pdf"
_PRINT_READY = """() => window.Reveal && Reveal.isReady()
    && document.querySelectorAll('.pdf-page').length > 0
    && document.fonts.status === 'loaded'"""
# Printed from a file, every relative link would become a file:// address on the printer's disk.
# The deck's closing slide links the site's address (SITE_URL): every link into the site is
# rewritten to that site before printing.
_LINKS_TO_SITE = """() => {
  const address = document.querySelector('p.deck-site a');
  if (!address) throw new Error("the deck's closing slide links no site to point its links at");
  const site = address.href;
  const root = new URL('../', location.href).href;
  for (const link of document.querySelectorAll('a[href]')) {
    const target = new URL(link.getAttribute('href'), location.href);
    if (target.protocol !== 'file:') continue;
    if (!target.href.startsWith(root)) throw new Error('a link leaves the site: ' + target.href);
    link.href = site + target.href.slice(root.length);
  }
}"""
# Chromium prints an image that has loaded but is not decoded yet as an empty box.
_IMAGES_DECODE = """() => Promise.all([...document.querySelectorAll('.slides img')].map(
    (image) => image.decode().then(() => true, () => false)))"""


def deck_print(deck: Path, pdf: Path) -> tuple[int, int]:
    """Print ``deck`` (the deck's HTML file) to ``pdf``; returns its slide and image counts.

    Raises RuntimeError when an image of the deck cannot be decoded.
    """
    from playwright.sync_api import sync_playwright  # only this step needs a browser

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(deck.resolve().as_uri() + "?print-pdf", wait_until="load")
            page.wait_for_function(_PRINT_READY, timeout=60_000)
            slides = page.evaluate("() => Reveal.getTotalSlides()")
            page.evaluate(_LINKS_TO_SITE)
            decoded = page.evaluate(_IMAGES_DECODE)
            if not all(decoded):
                raise RuntimeError(f"{decoded.count(False)} of the deck's images did not load")
            # reveal.js sets the page size (@page) to the slide's; chromium must honour it.
            page.pdf(path=str(pdf), print_background=True, prefer_css_page_size=True)
        finally:
            browser.close()
    return slides, len(decoded)


def pdf_problems(pdf: Path, *, slides: int, images: int) -> list[str]:
    """What is wrong with a printed deck: a page count other than ``slides``, a number of
    images other than ``images`` (one left out prints as an empty box), pages without text."""
    pages = PdfReader(pdf).pages
    problems = []
    if len(pages) != slides:
        problems.append(f"{len(pages)} pages for {slides} slides")
    printed = sum(len(page.images) for page in pages)
    if printed != images:
        problems.append(f"{printed} images printed of the deck's {images}")
    blank = [number for number, page in enumerate(pages, 1) if not page.extract_text().strip()]
    if blank:
        problems.append(f"pages without text: {blank}")
    local = [uri for uri in pdf_links(pdf) if not uri.startswith(("http://", "https://"))]
    if local:
        problems.append(f"links that lead nowhere off this machine: {sorted(set(local))[:3]}")
    return problems


def pdf_links(pdf: Path) -> list[str]:
    """The address of every link annotation in ``pdf``, page by page."""
    uris = []
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: deck_pdf.py PATH/TO/slides/index.html", file=sys.stderr)
        return 2
    deck = Path(argv[0])
    if not deck.is_file():
        print(f"no deck at {deck}: build it first (make slides)", file=sys.stderr)
        return 1
    if not CHROMIUM.exists():
        print(f"no {CHROMIUM}: install Debian's chromium (make system)", file=sys.stderr)
        return 1
    pdf = deck.with_name(PDF_NAME)
    # Printed again only when the published deck changed. Publishing the deck empties its
    # folder, so the last print, its counts and its stamp are kept in _build/deck.
    kept = deck.parents[2] / "deck"
    stamp, counted, printed = kept / "pdf.inputs", kept / "pdf.counts", kept / PDF_NAME
    digest = files_digest(deck.parent, [deck.parent], *CHROMIUM_ARGS, ignore=[pdf])
    if stamp_matches(stamp, digest) and counted.is_file():
        shutil.copyfile(printed, pdf)
        slides, images = map(int, counted.read_text().split())
    else:
        slides, images = deck_print(deck, pdf)
        kept.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, printed)
        counted.write_text(f"{slides} {images}\n")
        stamp_write(stamp, digest, [printed, counted])
    problems = pdf_problems(pdf, slides=slides, images=images)
    if problems:
        print(f"{pdf}: " + "; ".join(problems), file=sys.stderr)
        return 1
    print(f"deck PDF: {pdf} ({slides} pages, one per slide; {images} images)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
