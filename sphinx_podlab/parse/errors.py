"""The error every parse step raises; carries the content line it refers to."""


class PodlabSyntaxError(ValueError):
    """Bad input in a block. ``line`` is 0-based within the block content."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line
