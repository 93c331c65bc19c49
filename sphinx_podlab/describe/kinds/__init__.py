"""One describer per kind; importing this package registers them all."""

from . import pod  # noqa: F401
