"""``python -m sphinx_podlab status|preview|diff``."""

import sys

from .status import main

sys.exit(main())
