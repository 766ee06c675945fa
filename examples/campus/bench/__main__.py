import sys

from .platform import main

sys.exit(main())
