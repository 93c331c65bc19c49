"""``python -m sphinx_podlab status``."""

import sys

from .status import main

sys.exit(main())
