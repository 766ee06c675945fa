"""The deck's environment pickled with the configuration conf.py gave, so a deck build with
nothing changed reads nothing again.

sphinx-revealjs's builder changes three settings in place when it starts (it appends its own
static folder to ``revealjs_static_path``, hands that list over as ``html_static_path`` and adds
``scrollActivationWidth`` to ``revealjs_script_conf``). Sphinx pickles the configuration with the
environment, so the next build found those three settings "changed" and read all 25 documents
again (about 9 s of a 20 s deck build). The builder needs its values while it writes; the pickle
gets conf.py's: they are put back from when the documents are read (``env-updated``) until the
pages are written (``write-started``), the environment pickled in between.
"""

import copy

__all__ = ["setup"]

SETTINGS = ("revealjs_static_path", "html_static_path", "revealjs_script_conf")


class _Kept:
    def __init__(self):
        self.given: dict = {}
        self.builders: dict = {}

    def config_inited(self, app, config) -> None:
        self.given = {name: copy.deepcopy(config[name]) for name in SETTINGS}

    def env_updated(self, app, env):
        if app.builder.name != "revealjs":
            return []
        self.builders = {name: app.config[name] for name in SETTINGS}
        for name, value in self.given.items():
            setattr(app.config, name, copy.deepcopy(value))
        return []

    def write_started(self, app, builder) -> None:
        for name, value in self.builders.items():
            setattr(app.config, name, value)
        self.builders = {}


def setup(app):
    kept = _Kept()
    app.connect("config-inited", kept.config_inited)
    app.connect("env-updated", kept.env_updated, priority=900)
    app.connect("write-started", kept.write_started)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
