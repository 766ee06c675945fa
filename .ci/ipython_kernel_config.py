# IPython kernel configuration for this project's virtualenv: `make venv` copies it into
# .venv/etc/ipython/, where every kernel started with the venv's Python reads it (the site build,
# nbmake, nbconvert and JupyterLab alike).
#
# A kernel talking to its client over TCP logs "Kernel is running over TCP without encryption"
# at every start. Here the kernel and its client are on one machine, bound to 127.0.0.1, and
# every message is signed with the key in a connection file only this user can read, so the
# line says nothing a learner can act on: it is dropped. Every other kernel message still shows.
import logging


class _PlaintextTransportNotice(logging.Filter):
    def filter(self, record):
        return "running over TCP without encryption" not in record.getMessage()


logging.getLogger("IPKernelApp").addFilter(_PlaintextTransportNotice())
