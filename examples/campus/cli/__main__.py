"""``python -m campus.cli``: the ``campus`` command, run by this Python."""

import sys

from . import main

sys.exit(main())
