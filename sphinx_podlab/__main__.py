"""``python -m sphinx_podlab status|preview|diff``."""

import os
import sys

from .status import main

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:
    # the reader's pager or `| head` stopped reading: end quietly, as a shell tool does
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 141  # 128 + SIGPIPE, what a shell reports for it
sys.exit(code)
