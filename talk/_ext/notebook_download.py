"""A download link for the notebook at the top of every notebook page.

furo has no download button, so each page built from an ``.ipynb`` gets a short paragraph right
under its title linking the notebook file itself (Sphinx copies it into ``_downloads``). It works
for any notebook added under ``notebooks/`` with no per-page markup to forget.
"""

from docutils import nodes
from sphinx import addnodes


def notebook_link_add(app, doctree) -> None:
    env = app.env
    source = env.doc2path(env.docname)
    if source.suffix != ".ipynb":
        return
    link = addnodes.download_reference(
        "", "", reftarget=source.name, refdoc=env.docname, refexplicit=True, refwarn=True
    )
    link += nodes.literal(source.name, source.name)
    paragraph = nodes.paragraph("", "", classes=["notebook-download"])
    paragraph += nodes.Text("Download this notebook: ")
    paragraph += link
    paragraph += nodes.Text(" (this page shows its outputs from the last build; run it with ")
    paragraph += nodes.literal("make lab", "make lab")
    paragraph += nodes.Text(" from the repository root).")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, paragraph)
    else:
        doctree.insert(0, paragraph)


def setup(app):
    # Before Sphinx's own doctree-read collectors (priority 500), so the download collector
    # registers the file like any {download} role.
    app.connect("doctree-read", notebook_link_add, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
