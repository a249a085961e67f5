"""``python3 -m minckt.cli``: the ``minckt`` command."""

import sys

from minckt.cli import main

sys.exit(main())
