"""A page's scenario: its podlab blocks in document order, their key, and the live run."""
